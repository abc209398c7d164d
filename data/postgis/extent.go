package postgis

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"time"

	"github.com/lib/pq"
	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/geo"
)

// publishedExtentTTL is how long a published table's dbExtent is reused. The
// table is the user's: parkmap neither writes it nor may put a trigger on
// it, so its dbExtent is the exact one of at most this long ago.
const publishedExtentTTL = time.Minute

const (
	qExtentKept = `SELECT west, south, east, north, stale FROM collection_extent WHERE relation = $1`

	qExtentStale = `SELECT relation FROM collection_extent WHERE stale`
)

// qExtentRefresh recomputes a built-in collection's kept dbExtent from its
// rows. With onlyStale (a read's), a row another transaction brought up to
// date meanwhile is left as it is: the read's snapshot may be older.
func qExtentRefresh(c *geo.Collection, onlyStale bool) string {
	q := `UPDATE collection_extent SET (west, south, east, north) = (` + extentSQL(c) + `),
	stale = false, updated_at = now()
WHERE relation = $1`
	if onlyStale {
		q += ` AND stale`
	}
	return q + `
RETURNING west, south, east, north`
}

// Extent returns the bounds of a collection's geometries; ok is false when
// it has none (no rows, or only unplaced projects). A built-in collection's
// are kept in collection_extent by its writers (migration 0009), so that
// this reads one row however large the table; a published table's are
// computed at most once a publishedExtentTTL.
func (s *Store) Extent(ctx context.Context, c *geo.Collection) (orb.Bound, bool, error) {
	var (
		e   dbExtent
		err error
	)
	if c.Builtin {
		e, err = s.keptExtent(ctx, c)
	} else {
		e, err = s.published.get(c.ID, time.Now(), func() (dbExtent, error) { return s.scanExtent(ctx, c) })
	}
	if err != nil {
		return orb.Bound{}, false, wrap("extent "+c.ID, err)
	}
	return e.bound()
}

// keptExtent reads the collection's kept extent; a stale one (the table was
// written from outside parkmap, e.g. with psql) is recomputed and kept, or
// on a read-only replica only recomputed.
func (s *Store) keptExtent(ctx context.Context, c *geo.Collection) (dbExtent, error) {
	var (
		e     dbExtent
		stale bool
	)
	err := s.db.QueryRowContext(ctx, qExtentKept, c.Table.Name).Scan(&e.minX, &e.minY, &e.maxX, &e.maxY, &stale)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return s.scanExtent(ctx, c) // the row was deleted by hand: nothing to keep it in
	case err != nil:
		return e, err
	case !stale:
		return e, nil
	}
	err = s.db.QueryRowContext(ctx, qExtentRefresh(c, true), c.Table.Name).Scan(&e.minX, &e.minY, &e.maxX, &e.maxY)
	if errors.Is(err, sql.ErrNoRows) || readOnly(err) {
		// A writer brought it up to date meanwhile, or this is a replica.
		return s.keptExtentAgain(ctx, c)
	}
	return e, err
}

// keptExtentAgain reads the kept dbExtent once more, and computes it when it
// is still stale.
func (s *Store) keptExtentAgain(ctx context.Context, c *geo.Collection) (dbExtent, error) {
	var (
		e     dbExtent
		stale bool
	)
	err := s.db.QueryRowContext(ctx, qExtentKept, c.Table.Name).Scan(&e.minX, &e.minY, &e.maxX, &e.maxY, &stale)
	if err == nil && !stale {
		return e, nil
	}
	return s.scanExtent(ctx, c)
}

// scanExtent computes the dbExtent from every row.
func (s *Store) scanExtent(ctx context.Context, c *geo.Collection) (dbExtent, error) {
	var e dbExtent
	err := s.db.QueryRowContext(ctx, extentSQL(c)).Scan(&e.minX, &e.minY, &e.maxX, &e.maxY)
	return e, err
}

// refreshExtents recomputes, in a write's transaction, just before it
// commits, the kept dbExtent of every built-in collection the transaction
// wrote (its trigger marked it stale), so that reads after the commit find
// it exact. Every write path of the built-in tables calls it: seed, import,
// gen.
func refreshExtents(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, qExtentStale)
	if err != nil {
		return wrap("extent", err)
	}
	var stale []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			rows.Close()
			return wrap("extent", err)
		}
		stale = append(stale, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return wrap("extent", err)
	}
	for _, c := range geo.Builtin() {
		for _, r := range stale {
			if r != c.Table.Name {
				continue
			}
			if _, err := tx.ExecContext(ctx, qExtentRefresh(c, false), r); err != nil {
				return wrap("extent "+c.ID, err)
			}
		}
	}
	return nil
}

// readOnly is PostgreSQL's refusal to write in a read-only transaction, as
// on a streaming replica.
func readOnly(err error) bool {
	var pe *pq.Error
	return errors.As(err, &pe) && pe.Code == "25006"
}

// dbExtent is a collection's bounds as the database gives them: NULLs when it
// has no geometry.
type dbExtent struct {
	minX, minY, maxX, maxY sql.NullFloat64
}

func (e dbExtent) bound() (orb.Bound, bool, error) {
	if !e.minX.Valid || !e.minY.Valid || !e.maxX.Valid || !e.maxY.Valid {
		return orb.Bound{}, false, nil
	}
	return orb.Bound{Min: orb.Point{e.minX.Float64, e.minY.Float64}, Max: orb.Point{e.maxX.Float64, e.maxY.Float64}}, true, nil
}

// extentCache keeps published tables' extents for publishedExtentTTL. Its
// zero value is ready.
type extentCache struct {
	mu   sync.Mutex
	kept map[string]cachedExtent
}

type cachedExtent struct {
	e  dbExtent
	at time.Time
}

// get returns the collection's cached dbExtent, or computes and caches it when
// there is none younger than publishedExtentTTL. A failure is not cached.
func (ec *extentCache) get(id string, now time.Time, compute func() (dbExtent, error)) (dbExtent, error) {
	ec.mu.Lock()
	ce, ok := ec.kept[id]
	ec.mu.Unlock()
	if ok && now.Sub(ce.at) < publishedExtentTTL {
		return ce.e, nil
	}
	e, err := compute()
	if err != nil {
		return e, err
	}
	ec.mu.Lock()
	if ec.kept == nil {
		ec.kept = map[string]cachedExtent{}
	}
	ec.kept[id] = cachedExtent{e: e, at: now}
	ec.mu.Unlock()
	return e, nil
}
