package postgis

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/parkmap/parkmap/geo"
)

// DefaultCountCap is where numberMatched stops being an exact count: a
// page's query counts at most this many matches (beside the page, in the
// same statement and snapshot) and, past it, numberMatched is the
// planner's estimate of all of them (at least the cap), marked as such.
// Counting every match of a query that selects most of a million parcels
// would cost more than the page itself, on every page: with 100,000
// parcels, a 0.1° box over a zone (28,088 parcels) spent 66 ms counting to
// 10,000 beside a 124 ms page (EXPLAIN ANALYZE, README); a cap of a
// page's size keeps the count's cost near the page's.
const DefaultCountCap = 1_000

// SetCountCap sets where numberMatched stops being counted (at least 1).
func (s *Store) SetCountCap(n int) {
	s.countCap = max(1, n)
}

// Features returns one page of a collection, encoded by the query that
// selects it, in one round trip on a prepared statement. A second runs
// when the page lies past the last feature (its count has no row to ride
// on), and a third when there are more matches than the count cap (the
// estimate).
func (s *Store) Features(ctx context.Context, c *geo.Collection, q geo.FeatureQuery) (geo.FeaturePage, error) {
	if q.Limit < 0 || q.Offset < 0 {
		return geo.FeaturePage{}, geo.Errorf(geo.EInvalid, "limit and offset must not be negative")
	}
	st, err := pageSQL(c, q, s.cql, s.countCap)
	if err != nil {
		return geo.FeaturePage{}, err
	}
	return s.servePage(ctx, c, q, st, nil)
}

// StreamFeatures is Features handing each feature to emit as its row is
// read, rather than in a page held whole; the page returned has no
// Features.
func (s *Store) StreamFeatures(ctx context.Context, c *geo.Collection, q geo.FeatureQuery, emit func(json.RawMessage) error) (geo.FeaturePage, error) {
	if q.Limit < 0 || q.Offset < 0 {
		return geo.FeaturePage{}, geo.Errorf(geo.EInvalid, "limit and offset must not be negative")
	}
	st, err := pageSQL(c, q, s.cql, s.countCap)
	if err != nil {
		return geo.FeaturePage{}, err
	}
	return s.servePage(ctx, c, q, st, emit)
}

// readPage runs a page's statement. With emit, each feature goes to it as
// it is read, and the page returned has none.
func (s *Store) readPage(ctx context.Context, c *geo.Collection, q geo.FeatureQuery, st pageStatement, emit func(json.RawMessage) error) (geo.FeaturePage, error) {
	op := "features " + c.ID
	var (
		rows *sql.Rows
		err  error
	)
	if prepared(q) {
		rows, err = s.stmts.query(ctx, st.page, st.args...)
	} else {
		rows, err = s.db.QueryContext(ctx, st.page, st.args...)
	}
	if err != nil {
		return geo.FeaturePage{}, queryError(op, err)
	}
	defer rows.Close()
	out := geo.FeaturePage{Features: []json.RawMessage{}}
	if emit == nil {
		emit = func(f json.RawMessage) error {
			out.Features = append(out.Features, f)
			return nil
		}
	} else {
		out.Features = nil
	}
	n := 0 // features read
	var (
		id      string
		keys    = make([]any, st.keys)
		feature []byte
		dest    = make([]any, 0, 3+st.keys)
	)
	dest = append(dest, &out.Matched, &id)
	for i := range keys {
		dest = append(dest, &keys[i])
	}
	dest = append(dest, &feature)
	for rows.Next() {
		feature = nil // a fresh buffer: the page keeps each one
		if err := rows.Scan(dest...); err != nil {
			return geo.FeaturePage{}, wrap(op, err)
		}
		n++
		if err := emit(feature); err != nil {
			return geo.FeaturePage{}, err
		}
	}
	if err := rows.Err(); err != nil {
		return geo.FeaturePage{}, queryError(op, err)
	}
	if n == 0 {
		if q.Bulk || q.Offset == 0 && q.After == nil && q.Limit > 0 {
			return out, nil // nothing matches, or nothing is counted
		}
		count := s.db.QueryRowContext
		if prepared(q) {
			count = s.stmts.queryRow
		}
		if err := count(ctx, st.count, st.countArgs...).Scan(&out.Matched); err != nil {
			return geo.FeaturePage{}, queryError("count "+c.ID, err)
		}
	} else if geo.KeysetPageable(c, q.SortBy) {
		out.Last = &geo.Keyset{ID: id, Values: keysetValues(c, q.SortBy, keys)}
	}
	if out.Matched > s.countCap {
		est, err := s.estimate(ctx, st)
		if err != nil {
			return geo.FeaturePage{}, queryError("estimate "+c.ID, err)
		}
		// The planner may guess fewer than are known to be there.
		out.Matched, out.Estimated = max(est, out.Matched, q.Offset+n), true
	}
	return out, nil
}

// estimate is the planner's estimate of a page query's matches.
func (s *Store) estimate(ctx context.Context, st pageStatement) (int, error) {
	var plan []byte
	if err := s.db.QueryRowContext(ctx, st.estimate, st.countArgs...).Scan(&plan); err != nil {
		return 0, err
	}
	var explained []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		} `json:"Plan"`
	}
	if err := json.Unmarshal(plan, &explained); err != nil || len(explained) != 1 {
		return 0, fmt.Errorf("reading EXPLAIN's estimate: %v", err)
	}
	return int(min(explained[0].Plan.Rows, 1<<31-1)), nil
}

// keysetValues turns the sort keys of a page's last row into the values a
// geo.Keyset holds, by the properties' types (a user's numeric column
// arrives as text, an integer one as int64).
func keysetValues(c *geo.Collection, keys []geo.SortKey, raw []any) []any {
	out := make([]any, len(keys))
	for i, k := range keys {
		v := raw[i]
		if b, ok := v.([]byte); ok {
			v = string(b)
		}
		if k.Property == c.IDProperty || v == nil {
			out[i] = v
			continue
		}
		p, _ := c.Property(k.Property)
		switch p.Type {
		case geo.TypeNumber, geo.TypeInteger:
			switch n := v.(type) {
			case int64:
				v = float64(n)
			case string:
				if f, err := strconv.ParseFloat(n, 64); err == nil {
					v = f
				}
			}
		}
		out[i] = v
	}
	return out
}

// prepared reports whether a page's statement runs prepared. A filter's
// SQL is as varied as the filters: preparing each would only churn the
// statement cache. A box's best plan depends on how much the box holds
// (walk the primary key for a crowded box, the GIST index for a sparse
// one), which a prepared statement's generic plan cannot know: it took
// 73 ms for a box of 28,088 parcels that its own plan reads in 0.3 ms.
func prepared(q geo.FeatureQuery) bool { return q.Filter == nil && q.BBox == nil }
