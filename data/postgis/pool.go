package postgis

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"time"
)

// Pool sizes the store's connection pool.
type Pool struct {
	// MaxOpen bounds the connections requests share. The API lets in at
	// most as many requests at once, so that none waits here.
	MaxOpen int
	// MaxIdle is how many of them stay open when unused.
	MaxIdle int
	// MaxLifetime and MaxIdleTime retire connections, so that a failover
	// or a restarted server is picked up.
	MaxLifetime, MaxIdleTime time.Duration
	// StatementTimeout bounds every statement a request runs, so that a
	// runaway query cannot hold a connection; migrations and seeding lift
	// it. IdleInTransaction ends sessions that sit in an open transaction.
	// ConnectTimeout bounds dialling, so that an unreachable host answers
	// "unavailable" within a request's lifetime. A URL's own settings
	// (?statement_timeout=2s, connect_timeout) win over these.
	StatementTimeout, IdleInTransaction, ConnectTimeout time.Duration
}

// DefaultPool is the pool Open sets up: 20 connections, 10 kept idle,
// statements bounded to 5 s, dialling to 5 s, idle transactions to 60 s.
func DefaultPool() Pool {
	return Pool{MaxOpen: maxOpenConns, MaxIdle: maxIdleConns, MaxLifetime: connMaxLifetime, MaxIdleTime: connMaxIdleTime,
		StatementTimeout: defaultStatementTimeout, IdleInTransaction: defaultIdleInTransaction, ConnectTimeout: defaultConnectTimeout}
}

// SetPool resizes the pool of the requests' connections.
func (s *Store) SetPool(p Pool) {
	s.db.SetMaxOpenConns(p.MaxOpen)
	s.db.SetMaxIdleConns(min(p.MaxIdle, p.MaxOpen))
	s.db.SetConnMaxLifetime(p.MaxLifetime)
	s.db.SetConnMaxIdleTime(p.MaxIdleTime)
}

// healthPool is one connection of its own for Ping, so that readiness
// means "the database answers", not "a request connection is free now":
// with every request connection busy on a slow or locked table, the
// database still answers, and pulling the replica would not help.
func healthPool(c driver.Connector) *sql.DB {
	db := sql.OpenDB(c)
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(connMaxLifetime)
	return db
}

// Ping reports whether the database answers now: nil, or an *geo.Error
// with code EUnavailable. /readyz calls it; it runs on a connection of its
// own, which no request waits for.
func (s *Store) Ping(ctx context.Context) error {
	return wrap("ping", s.health.PingContext(ctx))
}
