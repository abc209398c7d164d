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
)

var update = flag.Bool("update", false, "rewrite the golden feature files from the store under test")

// Run runs the contract suite against the store that newStore returns,
// which must hold the bundled Yuxi seed data.
func Run(t *testing.T, newStore func(t *testing.T) geo.Store) {
	d, err := seed.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	s := newStore(t)
	ctx := context.Background()
	t.Run("golden", func(t *testing.T) { testGolden(ctx, t, s) })
	t.Run("filters", func(t *testing.T) { testFilters(ctx, t, s) })
	t.Run("paging", func(t *testing.T) { testPaging(ctx, t, s) })
	t.Run("shaping", func(t *testing.T) { testShaping(ctx, t, s) })
	t.Run("feature", func(t *testing.T) { testFeature(ctx, t, s) })
	t.Run("domain", func(t *testing.T) { testDomain(ctx, t, s, d) })
	t.Run("locate", func(t *testing.T) { testLocate(ctx, t, s, d) })
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

// testGolden compares every feature with testdata/<collection>.json,
// numbers within a tolerance: PostGIS measures area on the ellipsoid,
// the embedded store on the sphere.
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
				if err := sameJSON(want[i], got[i], ""); err != nil {
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

// sameJSON compares decoded JSON: areas (keys area_*) within 0.01%, as each
// store measures them itself; other numbers to the 7 decimals GeoJSON keeps. It names the
// first difference by its path.
func sameJSON(want, got any, path string) error {
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
					return fmt.Errorf("%s.%s: got %v, want %v within 0.01%%", path, k, gv, wv)
				}
				continue
			}
			if err := sameJSON(wv, gv, path+"."+k); err != nil {
				return err
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return fmt.Errorf("%s: got %v, want %v", path, brief(got), brief(want))
		}
		for i := range w {
			if err := sameJSON(w[i], g[i], fmt.Sprintf("%s[%d]", path, i)); err != nil {
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

// closeEnough holds two measures equal within 0.01%: both stores measure on
// the WGS 84 ellipsoid (Karney's algorithm in Go, GeographicLib's in
// PostGIS), so only rounding separates them. The sphere, 0.5% off, fails.
func closeEnough(a, b float64) bool {
	return math.Abs(a-b) <= 0.0001*math.Max(math.Abs(a), math.Abs(b))
}

func testFilters(ctx context.Context, t *testing.T, s geo.Store) {
	huaning := orb.Bound{Min: orb.Point{102.90, 24.20}, Max: orb.Point{102.92, 24.22}}
	nowhere := orb.Bound{Min: orb.Point{10, 10}, Max: orb.Point{11, 11}}
	yuxi := orb.Bound{Min: orb.Point{101.2, 23.3}, Max: orb.Point{103.2, 24.9}}
	tests := []struct {
		name       string
		collection *geo.Collection
		q          geo.FeatureQuery
		want       []string
	}{
		{"all zones", geo.Parks, geo.FeatureQuery{}, []string{"hongta", "huaning", "longquan", "yimen"}},
		{"cathode", geo.Parks, geo.FeatureQuery{Where: []geo.Condition{{Property: "segments", AnyOf: []any{"cathode"}}}}, []string{"hongta", "longquan"}},
		{"any of two segments", geo.Parks, geo.FeatureQuery{Where: []geo.Condition{{Property: "segments", AnyOf: []any{"separator", "electrolyte"}}}}, []string{"hongta", "huaning"}},
		{"a gap", geo.Parks, geo.FeatureQuery{Where: []geo.Condition{{Property: "segments", AnyOf: []any{"lipf6"}}}}, []string{}},
		{"unknown segment", geo.Parks, geo.FeatureQuery{Where: []geo.Condition{{Property: "segments", AnyOf: []any{"'; DROP TABLE parks; --"}}}}, []string{}},
		{"stage precursors", geo.Parks, geo.FeatureQuery{Where: []geo.Condition{{Property: "stages", AnyOf: []any{"precursors"}}}}, []string{"huaning"}},
		{"stage circular", geo.Parks, geo.FeatureQuery{Where: []geo.Condition{{Property: "stages", AnyOf: []any{"circular"}}}}, []string{"huaning", "longquan"}},
		{"county hongta", geo.Parks, geo.FeatureQuery{Where: []geo.Condition{{Property: "county_code", AnyOf: []any{"530402"}}}}, []string{"hongta"}},
		{"reserved", geo.Parks, geo.FeatureQuery{Where: []geo.Condition{{Property: "status", AnyOf: []any{string(geo.StatusReserved)}}}}, []string{"yimen"}},
		{"segment and county", geo.Parks, geo.FeatureQuery{Where: []geo.Condition{{Property: "segments", AnyOf: []any{"cathode"}}, {Property: "county_code", AnyOf: []any{"530403"}}}}, []string{"longquan"}},
		{"bbox around huaning", geo.Parks, geo.FeatureQuery{BBox: &huaning}, []string{"huaning"}},
		{"bbox nowhere", geo.Parks, geo.FeatureQuery{BBox: &nowhere}, []string{}},
		// OGC API - Features: a feature without a geometry matches any bbox.
		{"projects in yuxi, and those nobody placed", geo.Projects, geo.FeatureQuery{BBox: &yuxi}, []string{"defeng-serpentine", "eve-yuxi-cells", "kuntian-anode", "semcorp-separator", "yeyang-lfp"}},
		{"projects nowhere: only those nobody placed", geo.Projects, geo.FeatureQuery{BBox: &nowhere}, []string{"defeng-serpentine", "yeyang-lfp"}},
		{"across the antimeridian, far from yuxi", geo.Parks, geo.FeatureQuery{BBox: &orb.Bound{Min: orb.Point{170, -10}, Max: orb.Point{-170, 10}}}, []string{}},
		{"across the antimeridian, round the world to yuxi", geo.Parks, geo.FeatureQuery{BBox: &orb.Bound{Min: orb.Point{102.9, 24.2}, Max: orb.Point{102.16, 24.7}}}, []string{"huaning", "yimen"}},
		{"across the antimeridian, west half only", geo.Parks, geo.FeatureQuery{BBox: &orb.Bound{Min: orb.Point{102.85, 24}, Max: orb.Point{-179, 25}}}, []string{"huaning"}},
		{"status any of", geo.Parks, geo.FeatureQuery{Where: []geo.Condition{{Property: "status", AnyOf: []any{"reserved", "planned"}}}}, []string{"yimen"}},
		{"number equal", geo.Parks, geo.FeatureQuery{Where: []geo.Condition{{Property: "planned_area_km2", AnyOf: []any{4.82}}}}, []string{"longquan"}},
		{"sorted by name_en descending", geo.Parks, geo.FeatureQuery{SortBy: []geo.SortKey{{Property: "name_en", Descending: true}}}, []string{"yimen", "longquan", "huaning", "hongta"}},
		{"sorted by a nullable number, nulls last", geo.Projects, geo.FeatureQuery{SortBy: []geo.SortKey{{Property: "investment_yi_cny", Descending: true}}}, nil},
		{"sorted by county then id descending", geo.Parks, geo.FeatureQuery{SortBy: []geo.SortKey{{Property: "county_code"}, {Property: "id", Descending: true}}}, nil},
		{"all projects, placed or not", geo.Projects, geo.FeatureQuery{}, []string{"defeng-serpentine", "eve-yuxi-cells", "kuntian-anode", "semcorp-separator", "yeyang-lfp"}},
		{"counties in the huaning box", geo.Counties, geo.FeatureQuery{BBox: &huaning}, []string{"530424"}},
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
	if len(page.Features) != 2 || page.Matched != 4 {
		t.Fatalf("%d of %d features, want 2 of 4", len(page.Features), page.Matched)
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

func testPaging(ctx context.Context, t *testing.T, s geo.Store) {
	tests := []struct {
		limit, offset int
		want          []string
	}{
		{1, 0, []string{"hongta"}},
		{2, 1, []string{"huaning", "longquan"}},
		{10, 3, []string{"yimen"}},
		{10, 4, []string{}},
		{10, 1000, []string{}},
	}
	for _, tt := range tests {
		got, page := all(ctx, t, s, geo.Parks, geo.FeatureQuery{Limit: tt.limit, Offset: tt.offset})
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("limit %d offset %d (-want +got):\n%s", tt.limit, tt.offset, diff)
		}
		if page.Matched != 4 {
			t.Errorf("limit %d offset %d: Matched = %d, want 4", tt.limit, tt.offset, page.Matched)
		}
	}
}

func testFeature(ctx context.Context, t *testing.T, s geo.Store) {
	f, err := s.Feature(ctx, geo.Parks, "longquan")
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		ID         string
		Properties struct {
			NameZH   string   `json:"name_zh"`
			Segments []string `json:"segments"`
			Stages   []string `json:"stages"`
			AreaHa   float64  `json:"area_ha"`
			Sources  []string `json:"sources"`
		}
	}
	if err := json.Unmarshal(f, &got); err != nil {
		t.Fatal(err)
	}
	if got.ID != "longquan" || got.Properties.NameZH != "玉溪高新区龙泉片区" {
		t.Errorf("got %s %q, want longquan 玉溪高新区龙泉片区", got.ID, got.Properties.NameZH)
	}
	if want := []string{"materials", "cells", "batteries", "circular"}; !slices.Equal(got.Properties.Stages, want) {
		t.Errorf("stages = %v, want %v (chain order)", got.Properties.Stages, want)
	}
	if a := got.Properties.AreaHa; math.Abs(a-482) > 5 {
		t.Errorf("area_ha = %v, want about 482 (the planned 4.82 km²)", a)
	}
	if len(got.Properties.Sources) == 0 || !strings.Contains(got.Properties.Sources[0], "云南网") {
		t.Errorf("sources = %q, want the article first", got.Properties.Sources)
	}
	for _, tt := range []struct {
		collection *geo.Collection
		id, code   string
	}{
		{geo.Parks, "nowhere", geo.ENotFound},
		{geo.Parks, "'; DROP TABLE parks; --", geo.ENotFound},
		{geo.Counties, "530402", ""},
		{geo.Projects, "yeyang-lfp", ""},
	} {
		_, err := s.Feature(ctx, tt.collection, tt.id)
		if got := geo.ErrorCode(err); got != tt.code {
			t.Errorf("Feature(%s, %q): code %q (%v), want %q", tt.collection.ID, tt.id, got, err, tt.code)
		}
	}
}

func testDomain(ctx context.Context, t *testing.T, s geo.Store, d *seed.Dataset) {
	AssertDomain(ctx, t, s, d)
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

// testLocate checks containment and distances against the seed measured
// with geo's geodesics: PostGIS's geography must agree within 0.5%.
func testLocate(ctx context.Context, t *testing.T, s geo.Store, d *seed.Dataset) {
	tests := []struct {
		name       string
		p          orb.Point
		wantCounty string // "" outside every county
		wantPark   string
	}{
		{"inside longquan", orb.Point{102.72, 24.31}, "530403", "longquan"},
		{"inside yimen", orb.Point{102.15, 24.69}, "530425", "yimen"},
		{"yuxi city, no zone", orb.Point{102.54, 24.35}, "530402", ""},
		{"yuanjiang", orb.Point{101.99, 23.6}, "530428", ""},
		{"kunming, outside yuxi", orb.Point{102.71, 25.04}, "", ""},
		{"the other side of the world", orb.Point{-60, -30}, "", ""},
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
