package postgis

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/lib/pq"
	"github.com/lib/pq/pqerror"
	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/data/memory"
	"github.com/parkmap/parkmap/data/postgis/postgistest"
	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/data/storetest"
	"github.com/parkmap/parkmap/geo"
)

// The tables the store writes, for the checks that read them directly.
var tables = []string{"sources", "chains", "stages", "segments", "flows", "counties", "parks",
	"park_segments", "projects", "project_segments", "dataset", "schema_migrations"}

// open opens a store on url and closes it when the test ends.
func open(t testing.TB, url string) *Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := Open(ctx, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// newSeeded returns a store on a fresh database, migrated and seeded with
// the bundled data.
func newSeeded(t testing.TB) (*Store, *seed.Dataset) {
	t.Helper()
	d, err := seed.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	return seededWith(t, d), d
}

// seededWith returns a store on a fresh database, migrated and seeded with d.
func seededWith(t testing.TB, d *seed.Dataset) *Store {
	t.Helper()
	s, _ := seededAt(t, d)
	return s
}

// seededAt is seededWith, with the database's URL.
func seededAt(t testing.TB, d *seed.Dataset) (*Store, string) {
	t.Helper()
	url := postgistest.NewDatabase(t)
	s := open(t, url)
	ctx := context.Background()
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Seed(ctx, d); err != nil {
		t.Fatal(err)
	}
	return s, url
}

// TestContract runs the suite every store passes, after checking that
// migrating and seeding a second time change nothing.
func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T, d *seed.Dataset) geo.Store {
		s := seededWith(t, d)
		ctx := context.Background()
		before := snapshot(t, s.db)
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("second Migrate: %v", err)
		}
		if err := s.Seed(ctx, d); err != nil {
			t.Fatalf("second Seed: %v", err)
		}
		if diff := cmp.Diff(before, snapshot(t, s.db)); diff != "" {
			t.Errorf("seeding twice changed rows (-first +second):\n%s", diff)
		}
		return s
	})
}

// snapshot returns, per table, its row count and each row's physical
// position and inserting transaction: any write to a row changes both.
func snapshot(t testing.TB, db *sql.DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, table := range tables {
		var n int
		var rows string
		// table comes from the fixed list above.
		q := fmt.Sprintf(`SELECT count(*), coalesce(string_agg(ctid::text || '@' || xmin::text, ',' ORDER BY ctid), '') FROM %s`,
			pq.QuoteIdentifier(table))
		if err := db.QueryRow(q).Scan(&n, &rows); err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		out[table] = fmt.Sprintf("%d rows: %s", n, rows)
	}
	return out
}

// TestMatchesMemory compares every feature of every collection with the
// embedded store's: the same JSON once decoded, areas within 0.01% (each
// store measures on the ellipsoid itself; the sphere was 0.5% off),
// everything else exact, coordinates included.
func TestMatchesMemory(t *testing.T) {
	s, d := newSeeded(t)
	mem, err := memory.New(d)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, c := range geo.Builtin() {
		t.Run(c.ID, func(t *testing.T) {
			got := features(t, s, c)
			want := features(t, mem, c)
			if len(got) != len(want) {
				t.Fatalf("%d features, memory has %d", len(got), len(want))
			}
			for i := range want {
				compareFeature(t, want[i], got[i])
				// The single-feature read encodes the same way.
				id := want[i]["id"].(string)
				raw, err := s.Feature(ctx, c, id, nil)
				if err != nil {
					t.Fatalf("Feature(%s, %s): %v", c.ID, id, err)
				}
				compareFeature(t, want[i], decode(t, raw))
			}
			gb, gok, err := s.Extent(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			wb, wok, err := mem.Extent(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			if gb != wb || gok != wok {
				t.Errorf("Extent = %v %v, memory has %v %v", gb, gok, wb, wok)
			}
		})
	}
}

func features(t *testing.T, s geo.Store, collection *geo.Collection) []map[string]any {
	t.Helper()
	page, err := s.Features(context.Background(), collection, geo.FeatureQuery{Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	if page.Matched != len(page.Features) {
		t.Errorf("Matched = %d, returned %d", page.Matched, len(page.Features))
	}
	var out []map[string]any
	for _, f := range page.Features {
		out = append(out, decode(t, f))
	}
	return out
}

func decode(t *testing.T, raw []byte) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("not JSON: %v: %s", err, raw)
	}
	return v
}

// compareFeature holds two decoded features equal: areas within 0.01%, all
// else exactly.
func compareFeature(t *testing.T, want, got map[string]any) {
	t.Helper()
	wp, _ := want["properties"].(map[string]any)
	gp, _ := got["properties"].(map[string]any)
	for _, k := range []string{"area_ha", "area_km2"} {
		w, wok := wp[k].(float64)
		g, gok := gp[k].(float64)
		if wok != gok {
			t.Errorf("%v: %s is %v, memory has %v", got["id"], k, gp[k], wp[k])
			continue
		}
		if wok && math.Abs(g-w) > 0.0001*math.Abs(w) {
			t.Errorf("%v: %s = %v, memory has %v (more than 0.01%% apart)", got["id"], k, g, w)
		}
	}
	strip := cmp.FilterPath(func(p cmp.Path) bool {
		if mi, ok := p.Last().(cmp.MapIndex); ok {
			k := mi.Key().String()
			return k == "area_ha" || k == "area_km2"
		}
		return false
	}, cmp.Ignore())
	if diff := cmp.Diff(want, got, strip); diff != "" {
		t.Errorf("%v differs from memory's (-memory +postgis):\n%s", got["id"], diff)
	}
}

// TestReseed seeds a changed dataset over the bundled one and then the
// bundled one again: lists shrink and grow, values change, and the store
// ends where it began.
func TestReseed(t *testing.T) {
	s, d := newSeeded(t)
	ctx := context.Background()
	changed, err := seed.Bundled() // a second, independent copy
	if err != nil {
		t.Fatal(err)
	}
	battery := &changed.Chains[0]
	if last := battery.Segments[len(battery.Segments)-1].Slug; last != "recycling" {
		t.Fatalf("the chain's last segment is %s, want recycling", last)
	}
	battery.Segments = battery.Segments[:len(battery.Segments)-1]
	var flows []geo.Flow
	for _, f := range battery.Flows[1:] {
		if f.From != "recycling" && f.To != "recycling" {
			flows = append(flows, f)
		}
	}
	battery.Flows = flows
	planned := 4.0
	for i := range changed.Parks {
		p := &changed.Parks[i]
		p.Segments = removeString(p.Segments, "recycling")
		if p.ID == "huaning" {
			p.PlannedAreaKM2 = &planned
			p.Segments = append([]string{"phosphate-rock"}, p.Segments...)
		}
	}
	for i := range changed.Projects {
		changed.Projects[i].Segments = removeString(changed.Projects[i].Segments, "recycling")
	}
	changed.Sources[0].Title += " (revised)"
	if err := s.Seed(ctx, changed); err != nil {
		t.Fatal(err)
	}
	storetest.AssertDomain(context.Background(), t, s, changed)
	huaning, err := s.Feature(ctx, geo.Parks, "huaning", nil)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Properties struct {
			Segments []string `json:"segments"`
			Stages   []string `json:"stages"`
		}
	}
	if err := json.Unmarshal(huaning, &f); err != nil {
		t.Fatal(err)
	}
	if want := []string{"resources", "precursors", "materials"}; !cmp.Equal(f.Properties.Stages, want) {
		t.Errorf("huaning stages = %v, want %v", f.Properties.Stages, want)
	}

	if err := s.Seed(ctx, d); err != nil {
		t.Fatal(err)
	}
	storetest.AssertDomain(context.Background(), t, s, d)
}

func removeString(ss []string, s string) []string {
	out := []string{}
	for _, x := range ss {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}

// TestHostileInput passes SQL, NUL bytes and broken UTF-8 where ids, filters
// and collection names go: each finds nothing, and the tables survive.
func TestHostileInput(t *testing.T) {
	s, _ := newSeeded(t)
	ctx := context.Background()
	hostile := []string{
		"'; DROP TABLE parks; --",
		`"; DROP TABLE parks; --`,
		"longquan' OR '1'='1",
		"longquan\x00",
		"\xff\xfe",
		strings.Repeat("x", 100000),
	}
	for _, h := range hostile {
		for _, c := range geo.Builtin() {
			if _, err := s.Feature(ctx, c, h, nil); geo.ErrorCode(err) != geo.ENotFound {
				t.Errorf("Feature(%s, %.40q) = %v, want not found", c.ID, h, err)
			}
		}
		where := func(property string, values ...any) geo.FeatureQuery {
			return geo.FeatureQuery{Where: []geo.Condition{{Property: property, AnyOf: values}}}
		}
		for _, q := range []geo.FeatureQuery{
			where("segments", h), where("stages", h), where("county_code", h), where("status", h),
			where("segments", "cathode", h), {SortBy: []geo.SortKey{{Property: "name_en"}}, Where: where("name_zh", h).Where},
		} {
			q.Limit = 10
			page, err := s.Features(ctx, geo.Parks, q)
			if err != nil {
				t.Errorf("Features(parks, %.60q): %v", fmt.Sprint(q), err)
				continue
			}
			if len(q.Where[0].AnyOf) == 2 {
				if page.Matched != 2 { // cathode: hongta, longquan
					t.Errorf("Features(parks, cathode or %.40q): %d matched, want 2", h, page.Matched)
				}
			} else if page.Matched != 0 || len(page.Features) != 0 {
				t.Errorf("Features(parks, %.60q): %d matched, want none", fmt.Sprint(q), page.Matched)
			}
		}
		if _, err := s.Features(ctx, geo.Parks, geo.FeatureQuery{Limit: 1, Where: where(h, "x").Where}); geo.ErrorCode(err) != geo.EInvalid {
			t.Errorf("Features(parks, property %.40q) = %v, want invalid", h, err)
		}
	}
	for _, table := range tables {
		var exists bool
		if err := s.db.QueryRow(`SELECT to_regclass($1) IS NOT NULL`, table).Scan(&exists); err != nil || !exists {
			t.Errorf("table %s: exists %v, %v", table, exists, err)
		}
	}
	if page, err := s.Features(ctx, geo.Parks, geo.FeatureQuery{Limit: 10}); err != nil || page.Matched != 4 {
		t.Errorf("parks after the attempts: %d, %v; want 4", page.Matched, err)
	}
	for _, q := range []geo.FeatureQuery{{Limit: -1}, {Limit: 1, Offset: -1}} {
		if _, err := s.Features(ctx, geo.Parks, q); geo.ErrorCode(err) != geo.EInvalid {
			t.Errorf("Features(parks, %+v) = %v, want code %s", q, err, geo.EInvalid)
		}
	}
	if page, err := s.Features(ctx, geo.Parks, geo.FeatureQuery{}); err != nil || page.Matched != 4 || len(page.Features) != 0 {
		t.Errorf("Features(parks, limit 0) = %d of %d, %v; want 0 of 4", len(page.Features), page.Matched, err)
	}
}

// TestMigrateConcurrently starts several migrations of one fresh database
// at once: the advisory lock lets one apply them and the others find them
// done.
func TestMigrateConcurrently(t *testing.T) {
	url := postgistest.NewDatabase(t)
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 4)
	stores := make([]*Store, len(errs))
	for i := range stores {
		stores[i] = open(t, url)
	}
	for i, s := range stores {
		wg.Go(func() { errs[i] = s.Migrate(context.Background()) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := stores[0].db.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != len(ms) {
		t.Errorf("schema_migrations has %d rows, want %d", n, len(ms))
	}
}

// TestStatementTimeout checks that connections carry the default timeout
// and that a statement cut by it reads as "unavailable", not as a bug.
func TestStatementTimeout(t *testing.T) {
	url := postgistest.NewDatabase(t)
	s := open(t, url)
	var got string
	if err := s.db.QueryRow(`SHOW statement_timeout`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != "5s" {
		t.Errorf("statement_timeout = %s, want 5s (the default pool's)", got)
	}
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	short := open(t, url+sep+"statement_timeout=50ms")
	_, err := short.db.Exec(`SELECT pg_sleep(2)`)
	err = wrap("sleep", err)
	if geo.ErrorCode(err) != geo.EUnavailable {
		t.Errorf("a statement past the timeout: %v, want code %s", err, geo.EUnavailable)
	}
}

// TestOpenUnreachable opens a port nothing listens on.
func TestOpenUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	_, err = Open(context.Background(), "postgres://postgres:secret@"+addr+"/parkmap?sslmode=disable", nil)
	if geo.ErrorCode(err) != geo.EUnavailable {
		t.Fatalf("Open: %v, want code %s", err, geo.EUnavailable)
	}
	if msg := geo.ErrorMessage(err); msg != "database unavailable" {
		t.Errorf("message %q leaks more than it should", msg)
	}
	if _, err := Open(context.Background(), "postgres://%zz", nil); geo.ErrorCode(err) != geo.EInvalid {
		t.Errorf("Open(malformed): %v, want code %s", err, geo.EInvalid)
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		name string
		err  error
		code string
	}{
		{"nil", nil, ""},
		{"refused", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, geo.EUnavailable},
		{"reset", fmt.Errorf("read: %w", syscall.ECONNRESET), geo.EUnavailable},
		{"eof", io.ErrUnexpectedEOF, geo.EUnavailable},
		{"admin shutdown", &pq.Error{Code: pqerror.AdminShutdown}, geo.EUnavailable},
		{"starting up", &pq.Error{Code: pqerror.CannotConnectNow}, geo.EUnavailable},
		{"too many connections", &pq.Error{Code: pqerror.TooManyConnections}, geo.EUnavailable},
		{"connection failure", &pq.Error{Code: pqerror.ConnectionFailure}, geo.EUnavailable},
		{"statement timeout", &pq.Error{Code: pqerror.QueryCanceled}, geo.EUnavailable},
		{"deadline", context.DeadlineExceeded, geo.EUnavailable},
		{"canceled", context.Canceled, geo.EInternal},
		{"syntax", &pq.Error{Code: pqerror.SyntaxError, Message: "syntax error at or near \"parks\""}, geo.EInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := wrap("op", tt.err)
			if got := geo.ErrorCode(err); got != tt.code {
				t.Errorf("code %q, want %q (%v)", got, tt.code, err)
			}
			if err != nil && tt.err != nil && !errors.Is(err, tt.err) {
				t.Errorf("%v does not wrap %v", err, tt.err)
			}
			if msg := geo.ErrorMessage(err); strings.Contains(msg, "parks") || strings.Contains(msg, "dial") {
				t.Errorf("message %q shows driver text", msg)
			}
		})
	}
}

func TestGeometryRoundTrip(t *testing.T) {
	mp := orb.MultiPolygon{{
		{{102.7, 24.3}, {102.8, 24.3}, {102.8, 24.4}, {102.7, 24.3}},
		{{102.75, 24.32}, {102.76, 24.33}, {102.77, 24.32}, {102.75, 24.32}},
	}, {{{1, 1}, {2, 1}, {2, 2}, {1, 1}}}}
	b, err := encodeMultiPolygon(mp)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeMultiPolygon(b)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(mp, got); diff != "" {
		t.Errorf("multipolygon (-want +got):\n%s", diff)
	}
	p := orb.Point{102.55, 24.4}
	b, err = encodePoint(&p)
	if err != nil {
		t.Fatal(err)
	}
	if gp, err := decodePoint(b); err != nil || gp != p {
		t.Errorf("point: %v, %v; want %v", gp, err, p)
	}
	if _, err := decodePoint([]byte{1, 2}); err == nil {
		t.Error("decodePoint(garbage): no error")
	}
}

// BenchmarkFeatures measures a page of zones with the whole query path:
// selection, encoding in SQL, the round trip and the scan.
func BenchmarkFeatures(b *testing.B) {
	s, _ := newSeeded(b)
	ctx := context.Background()
	yuxi := orb.Bound{Min: orb.Point{101.2, 23.3}, Max: orb.Point{103.2, 24.9}}
	for _, bm := range []struct {
		name string
		q    geo.FeatureQuery
	}{
		{"all", geo.FeatureQuery{Limit: 100}},
		{"bbox", geo.FeatureQuery{Limit: 100, BBox: &yuxi}},
		{"segment", geo.FeatureQuery{Limit: 100, Where: []geo.Condition{{Property: "segments", AnyOf: []any{"cathode"}}}}},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Features(ctx, geo.Parks, bm.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestLocateMatchesMemory locates points on a grid over Yuxi and on every
// zone's vertices with both stores: the same county and zone (boundaries
// count as inside in both), the same nearest zones in the same order unless
// two are within 1% of each other, distances within 0.5%.
func TestLocateMatchesMemory(t *testing.T) {
	s, d := newSeeded(t)
	mem, err := memory.New(d)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var points []orb.Point
	for lon := 101.2; lon <= 103.2; lon += 0.05 {
		for lat := 23.3; lat <= 24.9; lat += 0.05 {
			points = append(points, orb.Point{lon, lat})
		}
	}
	for _, p := range d.Parks {
		points = append(points, p.Geometry[0][0][0], p.Geometry[0][0][2])
	}
	n := len(d.Parks) + 1 // more than there are: all of them
	for _, p := range points {
		got, err := s.Locate(ctx, p, n)
		if err != nil {
			t.Fatalf("Locate(%v): %v", p, err)
		}
		want, err := mem.Locate(ctx, p, n)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want.County, got.County); diff != "" {
			t.Errorf("Locate(%v) county (-memory +postgis):\n%s", p, diff)
		}
		if diff := cmp.Diff(want.Park, got.Park); diff != "" {
			t.Errorf("Locate(%v) zone (-memory +postgis):\n%s", p, diff)
		}
		if len(got.Nearest) != len(want.Nearest) {
			t.Fatalf("Locate(%v): %d nearest, memory has %d", p, len(got.Nearest), len(want.Nearest))
		}
		for i, w := range want.Nearest {
			g := got.Nearest[i]
			if math.Abs(g.DistanceM-w.DistanceM) > 0.005*w.DistanceM {
				t.Errorf("Locate(%v) nearest %d: %s at %.1f m, memory has %s at %.1f m", p, i, g.Park, g.DistanceM, w.Park, w.DistanceM)
			}
			if g.Park != w.Park && !nearlyTied(want.Nearest, w.Park, g.Park) {
				t.Errorf("Locate(%v) nearest %d: %s, memory has %s", p, i, g.Park, w.Park)
			}
		}
	}
}

// nearlyTied reports whether zones a and b lie within 1% of the same
// distance, where the two stores' geodesics may order them differently.
func nearlyTied(nearest []geo.ParkDistance, a, b string) bool {
	var da, db float64
	for _, n := range nearest {
		switch n.Park {
		case a:
			da = n.DistanceM
		case b:
			db = n.DistanceM
		}
	}
	return math.Abs(da-db) <= 0.01*math.Max(da, db)
}

// TestLocateEdges covers what the contract suite does not: no nearest zones
// asked for, more than there are, and points the store must refuse.
func TestLocateEdges(t *testing.T) {
	s, d := newSeeded(t)
	ctx := context.Background()
	longquan := orb.Point{102.72, 24.31}

	loc, err := s.Locate(ctx, longquan, 0)
	if err != nil {
		t.Fatal(err)
	}
	if loc.County == nil || loc.County.Code != "530403" || loc.Park == nil || *loc.Park != "longquan" ||
		loc.Nearest == nil || len(loc.Nearest) != 0 {
		t.Errorf("Locate(longquan, 0) = %+v, want Hongta district, longquan and an empty list", loc)
	}
	loc, err = s.Locate(ctx, longquan, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(loc.Nearest) != len(d.Parks) || loc.Nearest[0].Park != "longquan" || loc.Nearest[0].DistanceM != 0 {
		t.Errorf("Locate(longquan, 1000) = %+v, want all %d zones, longquan first at 0 m", loc.Nearest, len(d.Parks))
	}

	for _, tt := range []struct {
		name string
		p    orb.Point
		n    int
	}{
		{"negative n", longquan, -1},
		{"lon past 180", orb.Point{200, 24}, 3},
		{"lat past 90", orb.Point{102, 95}, 3},
		{"NaN", orb.Point{math.NaN(), 24}, 3},
		{"infinite", orb.Point{math.Inf(-1), 24}, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.Locate(ctx, tt.p, tt.n); geo.ErrorCode(err) != geo.EInvalid {
				t.Errorf("Locate(%v, %d) = %v, want code %s", tt.p, tt.n, err, geo.EInvalid)
			}
		})
	}
}

// TestSitingContract holds PostGIS's siting to geo's, as the embedded
// store's is: the same answers from both.
func TestSitingContract(t *testing.T) {
	storetest.RunSiting(t, func(t *testing.T, d *seed.Dataset) geo.Store { return seededWith(t, d) })
}
