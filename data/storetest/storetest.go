// Package storetest is the contract every geo.Store passes: the embedded
// store and PostGIS run the same suite, so they never drift apart.
package storetest

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/geo"
	"github.com/parkmap/parkmap/geo/cql2"
)

var update = flag.Bool("update", false, "rewrite the golden feature files from the store under test")

// Run runs the contract suite against the store that newStore returns
// loaded with the dataset it is given: the synthetic city (City), so that
// the suite tests the stores, not the shipped data.
func Run(t *testing.T, newStore func(t *testing.T, d *seed.Dataset) geo.Store) {
	d, err := City()
	if err != nil {
		t.Fatal(err)
	}
	s := newStore(t, d)
	// A second copy: the store may keep the first.
	want, err := City()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	t.Run("golden", func(t *testing.T) { testGolden(ctx, t, s) })
	t.Run("filters", func(t *testing.T) { testFilters(ctx, t, s) })
	t.Run("paging", func(t *testing.T) { testPaging(ctx, t, s) })
	t.Run("shaping", func(t *testing.T) { testShaping(ctx, t, s) })
	t.Run("feature", func(t *testing.T) { testFeature(ctx, t, s, want) })
	t.Run("feature crs", func(t *testing.T) { testFeatureCRS(ctx, t, s, want) })
	t.Run("extent", func(t *testing.T) { testExtent(ctx, t, s) })
	t.Run("domain", func(t *testing.T) { testDomain(ctx, t, s, want) })
	t.Run("locate", func(t *testing.T) { testLocate(ctx, t, s, want) })
}

func all(ctx context.Context, t *testing.T, s geo.Store, collection *geo.Collection, q geo.FeatureQuery) (ids []string, page geo.FeaturePage) {
	t.Helper()
	if q.Limit == 0 {
		q.Limit = 10000
	}
	page, err := s.Features(ctx, collection, q)
	if err != nil {
		t.Fatalf("Features(%s, %+v): %v", collection.ID, q, err)
	}
	ids = []string{}
	for _, f := range page.Features {
		var head struct{ ID string }
		if err := json.Unmarshal(f, &head); err != nil {
			t.Fatalf("feature is not JSON: %v: %s", err, f)
		}
		ids = append(ids, head.ID)
	}
	return ids, page
}

// testGolden compares every feature with testdata/<collection>.json
// (written from the embedded store), areas within areaTolerance.
func testGolden(ctx context.Context, t *testing.T, s geo.Store) {
	for _, def := range geo.Builtin() {
		c := def.ID
		t.Run(c, func(t *testing.T) {
			_, page := all(ctx, t, s, def, geo.FeatureQuery{})
			got := make([]any, 0, len(page.Features))
			for _, f := range page.Features {
				var v any
				if err := json.Unmarshal(f, &v); err != nil {
					t.Fatal(err)
				}
				got = append(got, v)
			}
			path := filepath.Join(goldenDir(t), c+".json")
			if *update {
				if err := os.WriteFile(path, oneFeatureALine(page.Features), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run the memory store's tests with -update to write it)", err)
			}
			var want []any
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%d %s, want %d as in %s", len(got), c, len(want), path)
			}
			for i := range want {
				if err := SameJSON(want[i], got[i], ""); err != nil {
					t.Errorf("%s feature %d differs from %s: %v", c, i, path, err)
				}
			}
		})
	}
}

// oneFeatureALine writes a JSON array with one feature on each line, so
// that a diff of a golden file shows which features changed.
func oneFeatureALine(features []json.RawMessage) []byte {
	out := []byte("[\n")
	for i, f := range features {
		out = append(out, f...)
		if i < len(features)-1 {
			out = append(out, ',')
		}
		out = append(out, '\n')
	}
	return append(out, "]\n"...)
}

// goldenDir finds this package's testdata from whichever package runs the suite.
func goldenDir(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "data", "storetest", "testdata")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test's directory")
		}
		dir = parent
	}
}

// SameJSON compares decoded JSON: areas (keys area_*) within
// areaTolerance, since the two stores compute them apart; other numbers to the 7 decimals GeoJSON keeps. It names the
// first difference by its path.
func SameJSON(want, got any, path string) error {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			return fmt.Errorf("%s: got %v, want %v", path, brief(got), brief(want))
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				return fmt.Errorf("%s.%s: missing", path, k)
			}
			if wf, ok := wv.(float64); ok && strings.HasPrefix(k, "area_") {
				if gf, ok := gv.(float64); !ok || !closeEnough(wf, gf) {
					return fmt.Errorf("%s.%s: got %v, want %v within %g%%", path, k, gv, wv, 100*areaTolerance)
				}
				continue
			}
			if err := SameJSON(wv, gv, path+"."+k); err != nil {
				return err
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return fmt.Errorf("%s: got %v, want %v", path, brief(got), brief(want))
		}
		for i := range w {
			if err := SameJSON(w[i], g[i], fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	case float64:
		if g, ok := got.(float64); !ok || math.Abs(g-w) > 1e-7 {
			return fmt.Errorf("%s: got %v, want %v", path, got, want)
		}
	default:
		if got != want {
			return fmt.Errorf("%s: got %v, want %v", path, brief(got), brief(want))
		}
	}
	return nil
}

func brief(v any) string {
	s := fmt.Sprint(v)
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

// areaTolerance is how far apart two stores' areas may be, relative:
// both measure on the WGS 84 ellipsoid (PostGIS's geography, geo's port of
// Karney's method), so they agree but for floating point, and rounding to
// the published 0.1 puts them on the same value for every feature here.
const areaTolerance = 1e-4

// closeEnough holds two measures equal within areaTolerance.
func closeEnough(a, b float64) bool {
	return math.Abs(a-b) <= areaTolerance*math.Max(math.Abs(a), math.Abs(b))
}

// Boxes over the synthetic city.
var (
	// inQJ01Part2 lies in the second part of QJ_01 alone.
	inQJ01Part2 = orb.Bound{Min: orb.Point{100.035, 10.002}, Max: orb.Point{100.036, 10.003}}
	// betweenQJ01Parts lies inside QJ_01's bounds but between its parts:
	// bounds meet, the geometry does not.
	betweenQJ01Parts = orb.Bound{Min: orb.Point{100.022, 10.005}, Max: orb.Point{100.028, 10.008}}
	// inYiHole lies in the hole of county 990102.
	inYiHole    = orb.Bound{Min: orb.Point{100.58, 10.03}, Max: orb.Point{100.62, 10.07}}
	aroundAlpha = orb.Bound{Min: orb.Point{100.1, 10.04}, Max: orb.Point{100.14, 10.08}}
	nowhere     = orb.Bound{Min: orb.Point{10, 10}, Max: orb.Point{11, 11}}
	world       = orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	// Boxes whose west edge lies east of their east edge cross the antimeridian.
	acrossDateline = orb.Bound{Min: orb.Point{179.8, -16.2}, Max: orb.Point{-179.8, -16.1}}
	datelineWest   = orb.Bound{Min: orb.Point{179.85, -16.2}, Max: orb.Point{-179.95, -16.1}}
	datelineEast   = orb.Bound{Min: orb.Point{179.95, -16.2}, Max: orb.Point{-179.85, -16.1}}
	acrossFarAway  = orb.Bound{Min: orb.Point{170, 40}, Max: orb.Point{-170, 50}}
	// roundTheWorld runs east from 100.05 across the antimeridian to 99.95:
	// everything at its latitudes but QJ_01.
	roundTheWorld = orb.Bound{Min: orb.Point{100.05, 9}, Max: orb.Point{99.95, 11}}
)

// The synthetic city's features in id order, byte by byte.
var (
	allZones    = []string{"Dateline.W", "QJ_01", "alpha", "dateline~e", "reserve-9"}
	allProjects = []string{"P-100", "Z9", "a~unplaced", "p.300", "p_200"}
	unplaced    = []string{"a~unplaced", "p.300"}
	allParcels  = []string{"LOT-D", "Lot.B", "lot_A1", "lot~c"}
)

// mustFilter parses a CQL2 text filter.
func mustFilter(t *testing.T, text string) cql2.Expr {
	t.Helper()
	e, err := cql2.ParseText(text)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func where(property string, values ...any) []geo.Condition {
	return []geo.Condition{{Property: property, AnyOf: values}}
}

func testFilters(ctx context.Context, t *testing.T, s geo.Store) {
	tests := []struct {
		name       string
		collection *geo.Collection
		q          geo.FeatureQuery
		want       []string // nil: every feature as sortedByHand orders them
	}{
		{"all zones, by id byte by byte", geo.Parks, geo.FeatureQuery{}, allZones},
		{"a segment two zones host", geo.Parks, geo.FeatureQuery{Where: where("segments", "cell")}, []string{"QJ_01", "alpha"}},
		{"any of two segments", geo.Parks, geo.FeatureQuery{Where: where("segments", "foil", "paste")}, []string{"QJ_01", "alpha", "dateline~e"}},
		{"the gap nobody hosts", geo.Parks, geo.FeatureQuery{Where: where("segments", "acid")}, []string{}},
		{"unknown segment", geo.Parks, geo.FeatureQuery{Where: where("segments", "'; DROP TABLE parks; --")}, []string{}},
		{"stage raw", geo.Parks, geo.FeatureQuery{Where: where("stages", "raw")}, []string{"QJ_01"}},
		{"stage assembly", geo.Parks, geo.FeatureQuery{Where: where("stages", "assembly")}, []string{"Dateline.W", "QJ_01", "alpha", "dateline~e"}},
		{"county across the antimeridian", geo.Parks, geo.FeatureQuery{Where: where("county_code", "990199")}, []string{"Dateline.W", "dateline~e"}},
		{"reserved", geo.Parks, geo.FeatureQuery{Where: where("status", string(geo.StatusReserved))}, []string{"reserve-9"}},
		{"planned", geo.Parks, geo.FeatureQuery{Where: where("status", string(geo.StatusPlanned))}, []string{"Dateline.W"}},
		{"status any of", geo.Parks, geo.FeatureQuery{Where: where("status", "operating", "planned")}, []string{"Dateline.W", "QJ_01", "alpha", "dateline~e"}},
		{"chain without segments", geo.Parks, geo.FeatureQuery{Where: where("chain", "synth-tea")}, []string{"reserve-9"}},
		{"segment and county", geo.Parks, geo.FeatureQuery{Where: append(where("segments", "foil"), where("county_code", "990199")...)}, []string{"dateline~e"}},
		{"number equal", geo.Parks, geo.FeatureQuery{Where: where("planned_area_km2", 1.5)}, []string{"QJ_01"}},
		{"numbers any of", geo.Parks, geo.FeatureQuery{Where: where("planned_area_km2", 0.5, 0.75)}, []string{"Dateline.W", "dateline~e"}},
		{"english name", geo.Parks, geo.FeatureQuery{Where: where("name_en", "Alpha Park")}, []string{"alpha"}},
		{"chinese name", geo.Parks, geo.FeatureQuery{Where: where("name_zh", "日界线西园")}, []string{"Dateline.W"}},
		{"names are case-sensitive", geo.Parks, geo.FeatureQuery{Where: where("name_en", "alpha park")}, []string{}},
		{"accuracy", geo.Parks, geo.FeatureQuery{Where: where("geometry_accuracy", string(geo.AccuracySynthetic))}, allZones},
		{"bbox in a zone's second part", geo.Parks, geo.FeatureQuery{BBox: &inQJ01Part2}, []string{"QJ_01"}},
		{"bbox between a zone's parts", geo.Parks, geo.FeatureQuery{BBox: &betweenQJ01Parts}, []string{}},
		{"bbox nowhere", geo.Parks, geo.FeatureQuery{BBox: &nowhere}, []string{}},
		{"bbox of the world", geo.Parks, geo.FeatureQuery{BBox: &world}, allZones},
		{"across the antimeridian", geo.Parks, geo.FeatureQuery{BBox: &acrossDateline}, []string{"Dateline.W", "dateline~e"}},
		{"across the antimeridian, west half only", geo.Parks, geo.FeatureQuery{BBox: &datelineWest}, []string{"Dateline.W"}},
		{"across the antimeridian, east half only", geo.Parks, geo.FeatureQuery{BBox: &datelineEast}, []string{"dateline~e"}},
		{"across the antimeridian, far away", geo.Parks, geo.FeatureQuery{BBox: &acrossFarAway}, []string{}},
		{"across the antimeridian, round the world", geo.Parks, geo.FeatureQuery{BBox: &roundTheWorld}, []string{"alpha", "reserve-9"}},
		{"bbox and a filter", geo.Parks, geo.FeatureQuery{BBox: &acrossDateline, Where: where("status", "operating")}, []string{"dateline~e"}},
		// OGC API - Features: a feature without a geometry matches any bbox.
		{"projects near alpha, and those nobody placed", geo.Projects, geo.FeatureQuery{BBox: &aroundAlpha}, []string{"a~unplaced", "p.300", "p_200"}},
		{"projects nowhere: only those nobody placed", geo.Projects, geo.FeatureQuery{BBox: &nowhere}, unplaced},
		{"projects across the antimeridian", geo.Projects, geo.FeatureQuery{BBox: &acrossDateline}, []string{"Z9", "a~unplaced", "p.300"}},
		{"all projects, placed or not", geo.Projects, geo.FeatureQuery{}, allProjects},
		{"projects in a zone", geo.Projects, geo.FeatureQuery{Where: where("park", "QJ_01")}, []string{"P-100"}},
		{"projects in a county, placed or not", geo.Projects, geo.FeatureQuery{Where: where("county_code", "990102")}, []string{"a~unplaced"}},
		{"zero investment is not null", geo.Projects, geo.FeatureQuery{Where: where("investment_yi_cny", 0.0)}, []string{"Z9"}},
		{"projects of a segment", geo.Projects, geo.FeatureQuery{Where: where("segments", "foil")}, []string{"P-100", "Z9"}},
		{"projects of a chain", geo.Projects, geo.FeatureQuery{Where: where("chain", "synth-tea")}, []string{"a~unplaced"}},
		{"accuracy of projects nobody placed is null", geo.Projects, geo.FeatureQuery{Where: where("geometry_accuracy", "synthetic")}, []string{"P-100", "Z9", "p_200"}},
		{"counties across the antimeridian", geo.Counties, geo.FeatureQuery{BBox: &acrossDateline}, []string{"990199"}},
		{"counties: a box in a hole", geo.Counties, geo.FeatureQuery{BBox: &inYiHole}, []string{}},
		{"counties by code", geo.Counties, geo.FeatureQuery{Where: where("code", "990102", "990101")}, []string{"990101", "990102"}},
		{"all parcels", geo.Parcels, geo.FeatureQuery{}, allParcels},
		{"parcels by land use", geo.Parcels, geo.FeatureQuery{Where: where("land_use", "M2", "W1")}, []string{"lot_A1", "lot~c"}},
		{"parcels by status", geo.Parcels, geo.FeatureQuery{Where: where("status", "built")}, []string{"LOT-D"}},
		{"parcels by segment", geo.Parcels, geo.FeatureQuery{Where: where("segment", "foil")}, []string{"LOT-D", "lot_A1"}},
		{"parcels by zone", geo.Parcels, geo.FeatureQuery{Where: where("park", "alpha")}, []string{"Lot.B"}},
		{"parcels by enterprise", geo.Parcels, geo.FeatureQuery{Where: where("enterprise", "Ding Foil")}, []string{"LOT-D"}},
		{"parcels across the antimeridian", geo.Parcels, geo.FeatureQuery{BBox: &acrossDateline}, []string{"LOT-D", "lot~c"}},
		{"parcels in a zone's box", geo.Parcels, geo.FeatureQuery{BBox: &aroundAlpha}, []string{"Lot.B"}},
		{"parcels sorted by a nullable segment", geo.Parcels, geo.FeatureQuery{SortBy: []geo.SortKey{{Property: "segment", Descending: true}}},
			[]string{"lot~c", "LOT-D", "lot_A1", "Lot.B"}},
		{"parcels sorted by enterprise", geo.Parcels, geo.FeatureQuery{SortBy: []geo.SortKey{{Property: "enterprise"}, {Property: "area_ha"}}}, nil},
		{"sorted by name_en descending", geo.Parks, geo.FeatureQuery{SortBy: []geo.SortKey{{Property: "name_en", Descending: true}}},
			[]string{"reserve-9", "QJ_01", "Dateline.W", "dateline~e", "alpha"}},
		{"sorted by id descending", geo.Parks, geo.FeatureQuery{SortBy: []geo.SortKey{{Property: "id", Descending: true}}},
			[]string{"reserve-9", "dateline~e", "alpha", "QJ_01", "Dateline.W"}},
		{"sorted by a nullable number, nulls last", geo.Parks, geo.FeatureQuery{SortBy: []geo.SortKey{{Property: "planned_area_km2"}}},
			[]string{"dateline~e", "Dateline.W", "QJ_01", "reserve-9", "alpha"}},
		{"sorted by a nullable number descending, nulls still last", geo.Projects, geo.FeatureQuery{SortBy: []geo.SortKey{{Property: "investment_yi_cny", Descending: true}}},
			[]string{"P-100", "p.300", "Z9", "a~unplaced", "p_200"}},
		{"sorted by county then id descending", geo.Parks, geo.FeatureQuery{SortBy: []geo.SortKey{{Property: "county_code"}, {Property: "id", Descending: true}}}, nil},
		{"sorted by status then name", geo.Parks, geo.FeatureQuery{SortBy: []geo.SortKey{{Property: "status"}, {Property: "name_zh"}}}, nil},
		{"sorted by a nullable text", geo.Projects, geo.FeatureQuery{SortBy: []geo.SortKey{{Property: "park", Descending: true}}}, nil},
		{"sorted by chinese names", geo.Projects, geo.FeatureQuery{SortBy: []geo.SortKey{{Property: "enterprise_zh"}}}, nil},
		{"sorted by area", geo.Counties, geo.FeatureQuery{SortBy: []geo.SortKey{{Property: "area_km2", Descending: true}}}, nil},
		{"sorted and filtered", geo.Parks, geo.FeatureQuery{Where: where("segments", "foil", "cell"), SortBy: []geo.SortKey{{Property: "area_ha"}}},
			[]string{"QJ_01", "alpha", "dateline~e"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, page := all(ctx, t, s, tt.collection, tt.q)
			if tt.want == nil {
				tt.want = sortedByHand(ctx, t, s, tt.collection, tt.q.SortBy)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
			if page.Matched != len(tt.want) {
				t.Errorf("Matched = %d, want %d", page.Matched, len(tt.want))
			}
		})
	}
}

// sortedByHand orders every feature of the collection by the keys, nulls
// last, then by id, as a reference for the stores' own sorting.
func sortedByHand(ctx context.Context, t *testing.T, s geo.Store, c *geo.Collection, keys []geo.SortKey) []string {
	t.Helper()
	_, page := all(ctx, t, s, c, geo.FeatureQuery{})
	type row struct {
		id    string
		props map[string]any
	}
	var rows []row
	for _, f := range page.Features {
		var v struct {
			ID         string
			Properties map[string]any
		}
		if err := json.Unmarshal(f, &v); err != nil {
			t.Fatal(err)
		}
		v.Properties["id"] = v.ID
		rows = append(rows, row{v.ID, v.Properties})
	}
	slices.SortStableFunc(rows, func(a, b row) int {
		for _, k := range keys {
			va, vb := a.props[k.Property], b.props[k.Property]
			switch {
			case va == nil && vb == nil:
				continue
			case va == nil:
				return 1
			case vb == nil:
				return -1
			}
			r := 0
			switch va := va.(type) {
			case string:
				r = strings.Compare(va, vb.(string))
			case float64:
				r = cmpFloat(va, vb.(float64))
			}
			if k.Descending {
				r = -r
			}
			if r != 0 {
				return r
			}
		}
		return strings.Compare(a.id, b.id)
	})
	ids := []string{}
	for _, r := range rows {
		ids = append(ids, r.id)
	}
	return ids
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// testShaping checks properties and skipGeometry: only the properties
// asked for, in the definition's order, and a null geometry.
func testShaping(ctx context.Context, t *testing.T, s geo.Store) {
	q := geo.FeatureQuery{Limit: 2, Properties: []string{"status", "name_en"}, SkipGeometry: true}
	page, err := s.Features(ctx, geo.Parks, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Features) != 2 || page.Matched != len(allZones) {
		t.Fatalf("%d of %d features, want 2 of %d", len(page.Features), page.Matched, len(allZones))
	}
	for _, f := range page.Features {
		var v struct {
			Geometry   json.RawMessage
			Properties json.RawMessage
		}
		if err := json.Unmarshal(f, &v); err != nil {
			t.Fatal(err)
		}
		if string(v.Geometry) != "null" {
			t.Errorf("geometry %.40s, want null", v.Geometry)
		}
		var keys []string
		dec := json.NewDecoder(strings.NewReader(string(v.Properties)))
		dec.Token()
		for dec.More() {
			k, _ := dec.Token()
			keys = append(keys, k.(string))
			var skip any
			dec.Decode(&skip)
		}
		if want := []string{"name_en", "status"}; !slices.Equal(keys, want) {
			t.Errorf("properties %v, want %v (the definition's order)", keys, want)
		}
	}
	none, err := s.Features(ctx, geo.Counties, geo.FeatureQuery{Limit: 1, Properties: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(none.Features[0]), `"properties":{}`) {
		t.Errorf("properties=[]: %.200s, want an empty properties object", none.Features[0])
	}
}

// testPaging checks that pages are windows onto the whole ordering, for
// plain, filtered, boxed and sorted queries alike.
func testPaging(ctx context.Context, t *testing.T, s geo.Store) {
	tests := []struct {
		limit, offset int
		want          []string
	}{
		{1, 0, []string{"Dateline.W"}},
		{2, 1, []string{"QJ_01", "alpha"}},
		{10, 4, []string{"reserve-9"}},
		{10, 5, []string{}},
		{10, 1000, []string{}},
	}
	for _, tt := range tests {
		got, page := all(ctx, t, s, geo.Parks, geo.FeatureQuery{Limit: tt.limit, Offset: tt.offset})
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("limit %d offset %d (-want +got):\n%s", tt.limit, tt.offset, diff)
		}
		if page.Matched != len(allZones) {
			t.Errorf("limit %d offset %d: Matched = %d, want %d", tt.limit, tt.offset, page.Matched, len(allZones))
		}
	}
	for _, q := range []struct {
		collection *geo.Collection
		q          geo.FeatureQuery
	}{
		{geo.Parks, geo.FeatureQuery{SortBy: []geo.SortKey{{Property: "name_en", Descending: true}}}},
		{geo.Parks, geo.FeatureQuery{BBox: &roundTheWorld}},
		{geo.Parks, geo.FeatureQuery{Where: where("stages", "assembly"), SortBy: []geo.SortKey{{Property: "planned_area_km2", Descending: true}}}},
		{geo.Projects, geo.FeatureQuery{BBox: &acrossDateline, SortBy: []geo.SortKey{{Property: "investment_yi_cny"}}}},
		{geo.Projects, geo.FeatureQuery{SortBy: []geo.SortKey{{Property: "park"}, {Property: "id", Descending: true}}}},
		{geo.Parks, geo.FeatureQuery{Filter: mustFilter(t, "status = 'operating' OR area_ha < 1000")}},
		{geo.Parks, geo.FeatureQuery{BBox: &roundTheWorld, Where: where("status", "operating", "planned"), Filter: mustFilter(t, "area_ha > 0")}},
	} {
		whole, _ := all(ctx, t, s, q.collection, q.q)
		for limit := 1; limit <= 3; limit++ {
			for offset := 0; offset <= len(whole)+1; offset++ {
				paged := q.q
				paged.Limit, paged.Offset = limit, offset
				got, page := all(ctx, t, s, q.collection, paged)
				want := whole[min(offset, len(whole)):min(offset+limit, len(whole))]
				if !slices.Equal(got, want) || page.Matched != len(whole) {
					t.Errorf("%s %+v: %v of %d, want %v of %d", q.collection.ID, paged, got, page.Matched, want, len(whole))
				}
			}
			testKeyset(ctx, t, s, q.collection, q.q, limit, whole)
		}
	}
}

// testKeyset walks a query's pages by keyset, each page starting after the
// last one's Last, and wants the pages offsets give: nulls, descending
// keys and ties on the id included.
func testKeyset(ctx context.Context, t *testing.T, s geo.Store, c *geo.Collection, q geo.FeatureQuery, limit int, whole []string) {
	t.Helper()
	if !geo.KeysetPageable(c, q.SortBy) {
		t.Fatalf("%s %+v: not keyset-pageable", c.ID, q.SortBy)
	}
	q.Limit = limit
	var walked []string
	for pages := 0; ; pages++ {
		if pages > len(whole)+1 {
			t.Fatalf("%s %+v: keyset pages never end", c.ID, q)
		}
		got, page := all(ctx, t, s, c, q)
		if page.Matched != len(whole) {
			t.Errorf("%s %+v: Matched %d, want %d", c.ID, q, page.Matched, len(whole))
		}
		walked = append(walked, got...)
		if len(got) == 0 {
			if page.Last != nil {
				t.Errorf("%s %+v: an empty page has Last %+v", c.ID, q, page.Last)
			}
			break
		}
		if page.Last == nil || page.Last.ID != got[len(got)-1] || len(page.Last.Values) != len(q.SortBy) {
			t.Fatalf("%s %+v: Last %+v, want the position of %s", c.ID, q, page.Last, got[len(got)-1])
		}
		q.After = page.Last
	}
	if !slices.Equal(walked, whole) {
		t.Errorf("%s sortby %+v limit %d: keyset pages %v, want %v", c.ID, q.SortBy, limit, walked, whole)
	}
	testBulk(ctx, t, s, c, q, limit, whole)
}

// testBulk walks a query's pages as an export does (geo.FeatureQuery.Bulk:
// nothing counted, each page after the last one's Last, the first at an
// offset) and wants the same features, for every offset the first page
// may start at.
func testBulk(ctx context.Context, t *testing.T, s geo.Store, c *geo.Collection, q geo.FeatureQuery, limit int, whole []string) {
	t.Helper()
	for offset := 0; offset <= len(whole)+1; offset++ {
		bulk := q
		bulk.Limit, bulk.Offset, bulk.After, bulk.Bulk = limit, offset, nil, true
		var walked []string
		for pages := 0; ; pages++ {
			if pages > len(whole)+1 {
				t.Fatalf("%s %+v: bulk pages never end", c.ID, bulk)
			}
			got, page := all(ctx, t, s, c, bulk)
			walked = append(walked, got...)
			if len(got) < limit {
				break
			}
			if page.Last == nil || page.Last.ID != got[len(got)-1] {
				t.Fatalf("%s %+v: Last %+v, want the position of %s", c.ID, bulk, page.Last, got[len(got)-1])
			}
			bulk.After, bulk.Offset = page.Last, 0
		}
		if want := whole[min(offset, len(whole)):]; !slices.Equal(walked, want) {
			t.Errorf("%s %+v limit %d from offset %d: bulk pages %v, want %v", c.ID, q, limit, offset, walked, want)
		}
	}
}

// testFeature reads features by id, odd ids included, and checks what the
// definition derives: stages in chain order, areas, citations, nulls.
func testFeature(ctx context.Context, t *testing.T, s geo.Store, d *seed.Dataset) {
	type props struct {
		NameZH         string   `json:"name_zh"`
		Segments       []string `json:"segments"`
		Stages         []string `json:"stages"`
		AreaHa         float64  `json:"area_ha"`
		PlannedAreaKM2 *float64 `json:"planned_area_km2"`
		Sources        []string `json:"sources"`
	}
	type feature struct {
		ID       string
		Geometry *struct {
			Type        string
			Coordinates json.RawMessage
		}
		Properties props
	}
	read := func(c *geo.Collection, id string) feature {
		t.Helper()
		raw, err := s.Feature(ctx, c, id, nil)
		if err != nil {
			t.Fatalf("Feature(%s, %q): %v", c.ID, id, err)
		}
		var f feature
		if err := json.Unmarshal(raw, &f); err != nil {
			t.Fatalf("Feature(%s, %q): %v: %s", c.ID, id, err, raw)
		}
		if f.ID != id {
			t.Errorf("Feature(%s, %q) has id %q", c.ID, id, f.ID)
		}
		return f
	}
	for _, p := range d.Parks {
		f := read(geo.Parks, p.ID)
		chain, _ := d.Chain(p.Chain)
		if want := chain.StagesOf(p.Segments); !slices.Equal(f.Properties.Stages, want) {
			t.Errorf("%s: stages %v, want %v (chain order)", p.ID, f.Properties.Stages, want)
		}
		if want := geo.Round(geo.Area(p.Geometry)/1e4, 1); !closeEnough(want, f.Properties.AreaHa) {
			t.Errorf("%s: area_ha %v, want %.1f within %g%%", p.ID, f.Properties.AreaHa, want, 100*areaTolerance)
		}
		if (f.Properties.PlannedAreaKM2 == nil) != (p.PlannedAreaKM2 == nil) {
			t.Errorf("%s: planned_area_km2 %v, want %v", p.ID, f.Properties.PlannedAreaKM2, p.PlannedAreaKM2)
		}
		if len(f.Properties.Sources) != 1 || !strings.Contains(f.Properties.Sources[0], "Synthetic test data") {
			t.Errorf("%s: sources %q, want the synthetic source's citation", p.ID, f.Properties.Sources)
		}
		if f.Geometry == nil || f.Geometry.Type != "MultiPolygon" {
			t.Errorf("%s: geometry %+v, want a MultiPolygon", p.ID, f.Geometry)
		}
	}
	qj := read(geo.Parks, "QJ_01")
	var parts [][][][2]float64
	if err := json.Unmarshal(qj.Geometry.Coordinates, &parts); err != nil || len(parts) != 2 {
		t.Errorf("QJ_01: %d parts (%v), want 2", len(parts), err)
	}
	if f := read(geo.Parks, "reserve-9"); f.Properties.Stages == nil || len(f.Properties.Stages) != 0 || f.Properties.Segments == nil {
		t.Errorf("reserve-9: segments %v stages %v, want empty lists, not null", f.Properties.Segments, f.Properties.Stages)
	}
	if f := read(geo.Projects, "p.300"); f.Geometry != nil {
		t.Errorf("p.300: geometry %+v, want null: nobody placed it", f.Geometry)
	}
	read(geo.Projects, "a~unplaced")
	read(geo.Projects, "Z9")
	read(geo.Counties, "990199")
	for _, id := range allParcels {
		if f := read(geo.Parcels, id); f.Geometry == nil || f.Geometry.Type != "Polygon" {
			t.Errorf("parcel %s: geometry %+v, want a Polygon", id, f.Geometry)
		}
	}
	for _, tt := range []struct {
		collection *geo.Collection
		id         string
	}{
		{geo.Parks, "nowhere"},
		{geo.Parks, "qj_01"}, // ids are case-sensitive
		{geo.Parks, "QJ-01"},
		{geo.Parks, "Dateline.w"},
		{geo.Parks, "'; DROP TABLE parks; --"},
		{geo.Parks, "p.300"}, // a project's id, not a zone's
		{geo.Projects, "QJ_01"},
		{geo.Counties, "99019"},
		{geo.Parcels, "lot-d"},
	} {
		_, err := s.Feature(ctx, tt.collection, tt.id, nil)
		if got := geo.ErrorCode(err); got != geo.ENotFound {
			t.Errorf("Feature(%s, %q): code %q (%v), want %q", tt.collection.ID, tt.id, got, err, geo.ENotFound)
		}
	}
}

// testExtent checks each collection's bounds: with zones on both sides of
// the antimeridian they span the world's longitudes.
func testExtent(ctx context.Context, t *testing.T, s geo.Store) {
	for _, tt := range []struct {
		c    *geo.Collection
		want orb.Bound
	}{
		{geo.Parks, orb.Bound{Min: orb.Point{-179.92, -16.16}, Max: orb.Point{179.92, 10.15}}},
		{geo.Projects, orb.Bound{Min: orb.Point{-179.9, -16.14}, Max: orb.Point{100.12, 10.06}}},
		{geo.Counties, orb.Bound{Min: orb.Point{-180, -16.3}, Max: orb.Point{180, 10.35}}},
		{geo.Parcels, orb.Bound{Min: orb.Point{-179.91, -16.15}, Max: orb.Point{179.91, 10.065}}},
	} {
		b, ok, err := s.Extent(ctx, tt.c)
		if err != nil || !ok {
			t.Fatalf("Extent(%s): %v, %v", tt.c.ID, ok, err)
		}
		for i := range 2 {
			if math.Abs(b.Min[i]-tt.want.Min[i]) > 1e-6 || math.Abs(b.Max[i]-tt.want.Max[i]) > 1e-6 {
				t.Errorf("Extent(%s) = %v, want %v", tt.c.ID, b, tt.want)
				break
			}
		}
	}
}

func testDomain(ctx context.Context, t *testing.T, s geo.Store, d *seed.Dataset) {
	AssertDomain(ctx, t, s, d)
	for _, tt := range []struct {
		domain geo.Domain
		want   []string
	}{
		{geo.DomainSegments, []string{"ore", "acid", "foil", "paste", "cell", "pack"}},
		{geo.DomainStages, []string{"raw", "parts", "assembly"}},
		{geo.DomainCounties, []string{"990101", "990102", "990199"}},
	} {
		got, err := s.Domain(ctx, tt.domain)
		if err != nil {
			t.Fatalf("Domain(%s): %v", tt.domain, err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Domain(%s) (-want +got):\n%s", tt.domain, diff)
		}
	}
	if err := s.Ping(ctx); err != nil {
		t.Errorf("Ping: %v", err)
	}
}

// AssertDomain holds a store's domain values (chains, zones with their
// geometry, projects, sources) equal to the dataset it was loaded with.
func AssertDomain(ctx context.Context, t *testing.T, s geo.Store, d *seed.Dataset) {
	t.Helper()
	chains, err := s.Chains(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(d.Chains, chains); diff != "" {
		t.Errorf("Chains (-want +got):\n%s", diff)
	}
	parks, err := s.Parks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(d.Parks, parks); diff != "" {
		t.Errorf("Parks (-want +got):\n%s", diff)
	}
	projects, err := s.Projects(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(d.Projects, projects); diff != "" {
		t.Errorf("Projects (-want +got):\n%s", diff)
	}
	sources, err := s.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(d.Sources, sources); diff != "" {
		t.Errorf("Sources (-want +got):\n%s", diff)
	}
}

// testLocate checks containment and distances against the dataset
// measured with geo's geodesics: PostGIS's geography must agree within
// 0.5%, across the antimeridian too.
func testLocate(ctx context.Context, t *testing.T, s geo.Store, d *seed.Dataset) {
	tests := []struct {
		name       string
		p          orb.Point
		wantCounty string // "" outside every county
		wantPark   string
		wantFirst  []string // the nearest zones, nearest first
	}{
		{"in a zone's second part", orb.Point{100.035, 10.005}, "990101", "QJ_01", []string{"QJ_01", "alpha"}},
		{"in alpha", orb.Point{100.12, 10.06}, "990101", "alpha", []string{"alpha", "QJ_01", "reserve-9"}},
		{"in a county, no zone", orb.Point{100.2, 10.2}, "990101", "", []string{"alpha"}},
		{"in a county's hole", orb.Point{100.6, 10.05}, "", "", []string{"reserve-9"}},
		{"in the county around the hole", orb.Point{100.4, 10.0}, "990102", "", []string{"reserve-9"}},
		// The zone across the antimeridian is 9.6 km away, not 40,000.
		{"west of the antimeridian", orb.Point{179.99, -16.14}, "990199", "", []string{"Dateline.W", "dateline~e"}},
		{"east of the antimeridian", orb.Point{-179.99, -16.14}, "990199", "", []string{"dateline~e", "Dateline.W"}},
		{"in the zone east of the antimeridian", orb.Point{-179.9, -16.14}, "990199", "dateline~e", []string{"dateline~e", "Dateline.W"}},
		{"the other side of the world", orb.Point{-60, -30}, "", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc, err := s.Locate(ctx, tt.p, 3)
			if err != nil {
				t.Fatal(err)
			}
			gotCounty := ""
			if loc.County != nil {
				gotCounty = loc.County.Code
			}
			gotPark := ""
			if loc.Park != nil {
				gotPark = *loc.Park
			}
			if gotCounty != tt.wantCounty || gotPark != tt.wantPark {
				t.Errorf("county %q park %q, want %q %q", gotCounty, gotPark, tt.wantCounty, tt.wantPark)
			}
			if len(loc.Nearest) != 3 {
				t.Fatalf("%d nearest zones, want 3", len(loc.Nearest))
			}
			for i, id := range tt.wantFirst {
				if loc.Nearest[i].Park != id {
					t.Errorf("nearest %d is %s, want %s: %+v", i, loc.Nearest[i].Park, id, loc.Nearest)
				}
			}
			want := map[string]float64{}
			for _, p := range d.Parks {
				want[p.ID] = geo.DistanceTo(tt.p, p.Geometry)
			}
			for i, n := range loc.Nearest {
				w := want[n.Park]
				if math.Abs(n.DistanceM-w) > 0.005*w+1 {
					t.Errorf("distance to %s: %.1f m, want %.1f (within 0.5%%)", n.Park, n.DistanceM, w)
				}
				if i > 0 && n.DistanceM < loc.Nearest[i-1].DistanceM {
					t.Errorf("nearest not in order: %+v", loc.Nearest)
				}
				if n.NameZH == "" || n.NameEN == "" {
					t.Errorf("nearest %s has no names", n.Park)
				}
			}
		})
	}
}
