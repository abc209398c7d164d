// Package postgis is the PostgreSQL + PostGIS store: parkmap's data in
// tables with GIST-indexed geometries, read and written through lib/pq.
//
// PostGIS does the spatial work where the data is: the bbox selection runs on
// the GIST indexes, areas are geodesic (geography, on the WGS 84 ellipsoid)
// and each page of features is encoded to GeoJSON by the query that selects
// it, in one round trip. Geometries cross the boundary as EWKB, encoded and
// decoded with go-geom. The schema is versioned by the SQL migrations
// embedded from migrations/.
package postgis

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lib/pq"

	"github.com/parkmap/parkmap/geo"
	"github.com/parkmap/parkmap/geo/cql2"
)

var _ geo.Store = (*Store)(nil)

// Connection settings applied when the URL does not set them.
const (
	// defaultStatementTimeout bounds every statement a request runs, so that
	// a runaway query cannot hold a connection; migrations and seeding lift it.
	defaultStatementTimeout = 5 * time.Second
	// defaultConnectTimeout bounds dialling, so that an unreachable host
	// answers "unavailable" within a request's lifetime.
	defaultConnectTimeout = 5 * time.Second
	// defaultIdleInTransaction ends sessions that sit in an open transaction.
	defaultIdleInTransaction = 60 * time.Second

	maxOpenConns    = 20
	maxIdleConns    = 20
	connMaxLifetime = 30 * time.Minute
	connMaxIdleTime = 5 * time.Minute
)

// Store is a geo.Store backed by PostgreSQL with PostGIS. It is safe for
// concurrent use; the connection pool and the prepared tile statements
// are its only state.
type Store struct {
	db     *sql.DB
	health *sql.DB // Ping's own connection (pool.go)
	logger *slog.Logger
	cql    CQLOptions // what the database offers CQL2 filters
	tiles  tileStatements
	zones  zoneCache // siting.go
	areas  areaCache
	stmts  *stmtCache // prepared statements of pages and features
	pages  *pageCache // nil unless EnablePageCache
	// countCap is where numberMatched stops being counted and is
	// estimated (SetCountCap).
	countCap int

	published extentCache // published tables' extents (extent.go)
}

// Open connects to the database at url (a postgres:// URL or a key=value
// DSN, as lib/pq reads them) and checks that it answers. Unless the URL sets
// them, every connection gets a statement_timeout of 5 s (as a startup
// parameter, e.g. ?statement_timeout=2s), idle_in_transaction_session_timeout
// of 60 s, max_parallel_workers_per_gather 0, jit off, a connect timeout of 5 s and application_name parkmap; the pool
// holds at most 20 connections. Open does not migrate: call Migrate.
// An unreachable server is an *geo.Error with code EUnavailable, a malformed
// URL one with EInvalid.
func Open(ctx context.Context, url string, logger *slog.Logger) (*Store, error) {
	return OpenPool(ctx, url, logger, DefaultPool())
}

// OpenPool is Open with a pool and timeouts of the caller's (serve's Config).
func OpenPool(ctx context.Context, url string, logger *slog.Logger, pool Pool) (*Store, error) {
	s, err := connect(url, logger, pool)
	if err != nil {
		return nil, err
	}
	if err := s.Ping(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if s.cql, err = DetectCQLOptions(ctx, s.db); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// milliseconds writes a duration as PostgreSQL's settings take it; 0 is
// no limit.
func milliseconds(d time.Duration) string {
	return strconv.FormatInt(d.Milliseconds(), 10) + "ms"
}

func setDefault(m map[string]string, k, v string) {
	if _, ok := m[k]; !ok {
		m[k] = v
	}
}

// Close closes the connection pool, waiting for queries under way.
func (s *Store) Close() error {
	s.closeTiles()
	s.stmts.close()
	s.pages.close()
	return errors.Join(s.db.Close(), s.health.Close())
}

// Feature returns one encoded feature by id, its geometry transformed to crs
// in the query (ST_Transform), as a page's are: ENotFound when there is none.
func (s *Store) Feature(ctx context.Context, c *geo.Collection, id string, crs *geo.CRS) (json.RawMessage, error) {
	notFound := geo.Errorf(geo.ENotFound, "no feature %q in collection %q", id, c.ID)
	if !storable(id) {
		return nil, notFound
	}
	var f []byte
	err := s.stmts.queryRow(ctx, featureByIDSQL(c, crs), id).Scan(&f)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound
	}
	if err != nil {
		return nil, wrap("feature "+c.ID, err)
	}
	return f, nil
}

// Domain returns the valid values of a domain, in order.
func (s *Store) Domain(ctx context.Context, d geo.Domain) ([]string, error) {
	var query string
	switch d {
	case geo.DomainSegments:
		query = qDomainSegments
	case geo.DomainStages:
		query = qDomainStages
	case geo.DomainCounties:
		query = qDomainCounties
	default:
		return nil, geo.Errorf(geo.EInvalid, "no domain %q", d)
	}
	var values []string
	if err := s.db.QueryRowContext(ctx, query).Scan((*pq.StringArray)(&values)); err != nil {
		return nil, wrap("domain "+string(d), err)
	}
	return nonNil(values), nil
}

// Chains returns every chain with its stages, segments and flows, in the
// order they were seeded.
func (s *Store) Chains(ctx context.Context) ([]geo.Chain, error) { return readChains(ctx, s.db) }

// querier is a pool or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func readChains(ctx context.Context, db querier) ([]geo.Chain, error) {
	var raw []byte
	if err := db.QueryRowContext(ctx, qChains).Scan(&raw); err != nil {
		return nil, wrap("chains", err)
	}
	var chains []geo.Chain
	if err := json.Unmarshal(raw, &chains); err != nil {
		return nil, fmt.Errorf("postgis: chains: %w", err)
	}
	return chains, nil
}

// Parks returns every zone with its geometry, ordered by id.
func (s *Store) Parks(ctx context.Context) ([]geo.Park, error) { return readParks(ctx, s.db) }

func readParks(ctx context.Context, db querier) ([]geo.Park, error) {
	rows, err := db.QueryContext(ctx, qParks)
	if err != nil {
		return nil, wrap("parks", err)
	}
	defer rows.Close()
	parks := []geo.Park{}
	for rows.Next() {
		var (
			p        geo.Park
			status   string
			accuracy string
			ewkb     []byte
			planned  sql.NullFloat64
		)
		if err := rows.Scan(&p.ID, &p.NameZH, &p.NameEN, &p.CountyCode, &status, &p.Chain,
			(*pq.StringArray)(&p.Segments), &ewkb, &accuracy, &planned, &p.NoteZH, &p.NoteEN,
			(*pq.StringArray)(&p.Sources)); err != nil {
			return nil, wrap("parks", err)
		}
		p.Status, p.Accuracy = geo.Status(status), geo.Accuracy(accuracy)
		p.Segments, p.Sources = nonNil(p.Segments), nonNil(p.Sources)
		if planned.Valid {
			p.PlannedAreaKM2 = &planned.Float64
		}
		if p.Geometry, err = decodeMultiPolygon(ewkb); err != nil {
			return nil, fmt.Errorf("postgis: parks: %s: %w", p.ID, err)
		}
		parks = append(parks, p)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("parks", err)
	}
	return parks, nil
}

// Projects returns every project, ordered by id; Location is nil for a
// project that is listed but not placed.
func (s *Store) Projects(ctx context.Context) ([]geo.Project, error) {
	rows, err := s.db.QueryContext(ctx, qProjects)
	if err != nil {
		return nil, wrap("projects", err)
	}
	defer rows.Close()
	projects := []geo.Project{}
	for rows.Next() {
		var (
			p          geo.Project
			investment sql.NullFloat64
			ewkb       []byte
			accuracy   string
		)
		if err := rows.Scan(&p.ID, &p.EnterpriseZH, &p.EnterpriseEN, &p.Chain, (*pq.StringArray)(&p.Segments),
			&p.Park, &p.CountyCode, &p.CapacityZH, &p.CapacityEN, &investment, &ewkb, &accuracy,
			&p.NoteZH, &p.NoteEN, (*pq.StringArray)(&p.Sources)); err != nil {
			return nil, wrap("projects", err)
		}
		p.Accuracy = geo.Accuracy(accuracy)
		p.Segments, p.Sources = nonNil(p.Segments), nonNil(p.Sources)
		if investment.Valid {
			p.InvestmentYi = &investment.Float64
		}
		if ewkb != nil {
			pt, err := decodePoint(ewkb)
			if err != nil {
				return nil, fmt.Errorf("postgis: projects: %s: %w", p.ID, err)
			}
			p.Location = &pt
		}
		projects = append(projects, p)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("projects", err)
	}
	return projects, nil
}

// Sources returns every cited source, ordered by id.
func (s *Store) Sources(ctx context.Context) ([]geo.Source, error) {
	rows, err := s.db.QueryContext(ctx, qSources)
	if err != nil {
		return nil, wrap("sources", err)
	}
	defer rows.Close()
	sources := []geo.Source{}
	for rows.Next() {
		var src geo.Source
		if err := rows.Scan(&src.ID, &src.Title, &src.Publisher, &src.Date, &src.URL, &src.Note); err != nil {
			return nil, wrap("sources", err)
		}
		sources = append(sources, src)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("sources", err)
	}
	return sources, nil
}

// storable reports whether PostgreSQL's text type can hold s: valid UTF-8
// without NUL. Any other value cannot equal a stored one, and sending it
// would make the server reject the query rather than find nothing.
func storable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// queryError sorts the error of a query that may carry a CQL2 filter: one
// its values caused (an overflow, a date out of range) is the client's.
func queryError(op string, err error) error {
	if ce, ok := CQL2QueryError(err).(*cql2.Error); ok {
		return &geo.Error{Code: geo.EInvalid, Message: "filter: " + ce.Error(), Err: err}
	}
	return wrap(op, err)
}
