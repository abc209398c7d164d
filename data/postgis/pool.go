package postgis

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"log/slog"
	"time"

	"github.com/lib/pq"

	"github.com/parkmap/parkmap/geo"
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

// connect sets up a store's pools for url without dialling: the first
// query (or Ping) connects. Unless the URL sets them, every connection gets
// the pool's statement_timeout, idle_in_transaction_session_timeout and
// connect timeout, the time zone UTC, max_parallel_workers_per_gather 0,
// jit off and application_name parkmap.
func connect(url string, logger *slog.Logger, pool Pool) (*Store, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	cfg, err := pq.NewConfig(url)
	if err != nil {
		// lib/pq's message may quote the URL, password included: keep it out of Message.
		return nil, &geo.Error{Code: geo.EInvalid, Message: "malformed database URL", Err: err}
	}
	if cfg.Runtime == nil {
		cfg.Runtime = map[string]string{}
	}
	setDefault(cfg.Runtime, "statement_timeout", milliseconds(pool.StatementTimeout))
	setDefault(cfg.Runtime, "idle_in_transaction_session_timeout", milliseconds(pool.IdleInTransaction))
	// Dates and times are compared and written in UTC, whatever the server's zone.
	setDefault(cfg.Runtime, "timezone", "UTC")
	// A request's query is one of many at once on few cores: parallel
	// workers (each a process started per query) only add their start-up
	// to it (docs/performance.md).
	setDefault(cfg.Runtime, "max_parallel_workers_per_gather", "0")
	// Nor is JIT worth its compiling: a query over many rows (a tile at low
	// zoom, a crowded bbox page) passes jit_above_cost, and compiling its
	// expressions took longer than running them (docs/performance.md).
	setDefault(cfg.Runtime, "jit", "off")
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = pool.ConnectTimeout
	}
	if cfg.ApplicationName == "" {
		cfg.ApplicationName = "parkmap"
	}
	connector, err := pq.NewConnectorConfig(cfg)
	if err != nil {
		return nil, &geo.Error{Code: geo.EInvalid, Message: "malformed database URL", Err: err}
	}
	db := sql.OpenDB(connector)
	s := &Store{db: db, health: healthPool(connector), logger: logger, stmts: newStmtCache(db, defaultStatements), countCap: DefaultCountCap}
	s.SetPool(pool)
	logger.Debug("postgis: pool", "host", cfg.Host, "port", cfg.Port, "database", cfg.Database,
		"statement_timeout", cfg.Runtime["statement_timeout"], "max_open_conns", pool.MaxOpen)
	return s, nil
}
