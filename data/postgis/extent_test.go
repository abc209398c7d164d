package postgis

import (
	"context"
	"database/sql"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/data/importer"
	"github.com/parkmap/parkmap/geo"
)

// assertExtentsExact checks, after a write, that the write left no kept
// extent stale (it computed them, not the next read) and that each
// built-in collection's Extent is the exact bounds of its rows, and agrees
// with PostGIS's ST_Extent (whose boxes may be float4, rounded outward).
func assertExtentsExact(t *testing.T, s *Store, after string) {
	t.Helper()
	ctx := context.Background()
	var stale []string
	rows, err := s.db.QueryContext(ctx, `SELECT relation FROM collection_extent WHERE stale ORDER BY relation`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			t.Fatal(err)
		}
		stale = append(stale, r)
	}
	rows.Close()
	if len(stale) > 0 {
		t.Errorf("after %s: extents left stale: %v", after, stale)
	}
	for _, c := range geo.Builtin() {
		got, ok, err := s.Extent(ctx, c)
		if err != nil {
			t.Fatalf("after %s: extent %s: %v", after, c.ID, err)
		}
		scanned, err := s.scanExtent(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		want, wantOK, _ := scanned.bound()
		if ok != wantOK || !cmp.Equal(got, want) {
			t.Errorf("after %s: extent %s = %v (%t), the rows' = %v (%t)", after, c.ID, got, ok, want, wantOK)
		}
		var e dbExtent
		q := `SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b) FROM (SELECT ST_Extent(` + geometryWGS84(c) + `) AS b FROM ` + table(c.Table) + ` x) e`
		if err := s.db.QueryRowContext(ctx, q).Scan(&e.minX, &e.minY, &e.maxX, &e.maxY); err != nil {
			t.Fatal(err)
		}
		st, stOK, _ := e.bound()
		near := func(a, b orb.Point) bool { return math.Abs(a[0]-b[0]) < 1e-5 && math.Abs(a[1]-b[1]) < 1e-5 }
		if ok != stOK || !near(got.Min, st.Min) || !near(got.Max, st.Max) {
			t.Errorf("after %s: extent %s = %v, ST_Extent = %v", after, c.ID, got, st)
		}
	}
}

// TestExtentKeptOnWrite writes through each of parkmap's write paths, and
// once from outside it, and checks the kept extents after each.
func TestExtentKeptOnWrite(t *testing.T) {
	s, d := newSeeded(t)
	ctx := context.Background()
	assertExtentsExact(t, s, "seed")

	zones, err := s.Parks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	parcels, err := geo.GenerateParcels(zones, 500, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ReplaceSyntheticParcels(ctx, parcels); err != nil {
		t.Fatal(err)
	}
	assertExtentsExact(t, s, "gen")

	steps := []struct {
		name string
		c    *geo.Collection
		file string
		body string
		mode ImportMode
	}{
		// Far east of every zone: the zones' extent grows.
		{"import append", geo.Parks, "far.geojson", zoneGeoJSON("far-east", 106.5, 26.5, []string{"cells"}), ImportAppend},
		// Far west: and grows the other way.
		{"import upsert", geo.Parks, "far.geojson", zoneGeoJSON("far-east", 97.5, 21.5, []string{"cells"}), ImportUpsert},
		// One unplaced project for all of them: the projects have no extent.
		{"import replace", geo.Projects, "p.geojson", `{"type":"Feature","id":"solo","geometry":null,"properties":{"enterprise_zh":"甲","enterprise_en":"A","chain":"new-energy-battery","sources":["parkmap-schematic"]}}`, ImportReplace},
	}
	for _, st := range steps {
		path := writeFile(t, st.file, []byte(`{"type":"FeatureCollection","features":[`+st.body+`]}`))
		if _, err := importFile(t, s, st.c, path, importer.Options{}, importer.Mapping{}, ImportOptions{Mode: st.mode}); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		assertExtentsExact(t, s, st.name)
	}
	if b, ok, err := s.Extent(ctx, geo.Parks); err != nil || !ok || b.Min[0] != 97.5 {
		t.Errorf("zones after the upsert: %v %t %v; want west at 97.5", b, ok, err)
	}
	if _, ok, err := s.Extent(ctx, geo.Projects); err != nil || ok {
		t.Errorf("projects after the replace: ok %t, %v; want none", ok, err)
	}

	if err := s.Replace(ctx, d); err != nil {
		t.Fatal(err)
	}
	assertExtentsExact(t, s, "seed --replace")
	if err := s.Seed(ctx, d); err != nil {
		t.Fatal(err)
	}
	assertExtentsExact(t, s, "seed again")

	// A write from outside parkmap (psql): the trigger marks the extent
	// stale, and the next read recomputes and keeps it.
	if _, err := s.db.ExecContext(ctx, `UPDATE parks SET geom = ST_Translate(geom, 3, 0) WHERE id = 'longquan'`); err != nil {
		t.Fatal(err)
	}
	var stale bool
	if err := s.db.QueryRowContext(ctx, `SELECT stale FROM collection_extent WHERE relation = 'parks'`).Scan(&stale); err != nil || !stale {
		t.Fatalf("after an UPDATE from outside: stale %t, %v; want stale", stale, err)
	}
	if _, _, err := s.Extent(ctx, geo.Parks); err != nil {
		t.Fatal(err)
	}
	assertExtentsExact(t, s, "a write from outside and a read")
}

// TestExtentReadsNoRows: with every built-in table locked against reads,
// the extents still answer, from the kept row: reading them does not touch
// the tables, however many rows they hold.
func TestExtentReadsNoRows(t *testing.T) {
	s, _ := newSeeded(t)
	ctx := context.Background()
	want := map[string]orb.Bound{}
	for _, c := range geo.Builtin() {
		e, err := s.scanExtent(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		want[c.ID], _, _ = e.bound()
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `LOCK TABLE parks, projects, counties, parcels IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	// The deadline only turns a read that waits for the lock (a scan) into
	// a failure rather than a hang.
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	for _, c := range geo.Builtin() {
		got, _, err := s.Extent(ctx, c)
		if err != nil {
			t.Fatalf("extent %s with its table locked: %v", c.ID, err)
		}
		if !cmp.Equal(got, want[c.ID]) {
			t.Errorf("extent %s = %v, want %v", c.ID, got, want[c.ID])
		}
	}
}

// TestPublishedExtentCache: a published table's extent is computed once a
// TTL, and a failure is not kept.
func TestPublishedExtentCache(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	var ec extentCache
	calls := 0
	compute := func() (dbExtent, error) {
		calls++
		return dbExtent{minX: sql.NullFloat64{Float64: float64(calls), Valid: true}}, nil
	}
	failing := func() (dbExtent, error) { return dbExtent{}, context.DeadlineExceeded }
	for _, st := range []struct {
		name      string
		id        string
		now       time.Time
		compute   func() (dbExtent, error)
		wantMinX  float64
		wantCalls int
		wantErr   bool
	}{
		{"first read computes", "a", t0, compute, 1, 1, false},
		{"within the TTL it is kept", "a", t0.Add(publishedExtentTTL - time.Second), compute, 1, 1, false},
		{"another table is its own", "b", t0, compute, 2, 2, false},
		{"past the TTL it is computed again", "a", t0.Add(publishedExtentTTL), compute, 3, 3, false},
		{"a failure is an error", "c", t0, failing, 0, 3, true},
		{"and is not kept", "c", t0, compute, 4, 4, false},
	} {
		t.Run(st.name, func(t *testing.T) {
			e, err := ec.get(st.id, st.now, st.compute)
			if (err != nil) != st.wantErr || e.minX.Float64 != st.wantMinX || calls != st.wantCalls {
				t.Errorf("get(%s) = %v, %v after %d computations; want minX %g after %d, error %t",
					st.id, e.minX.Float64, err, calls, st.wantMinX, st.wantCalls, st.wantErr)
			}
		})
	}
}
