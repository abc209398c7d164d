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
	t.Run("feature", func(t *testing.T) { testFeature(ctx, t, s) })
	t.Run("domain", func(t *testing.T) { testDomain(ctx, t, s, d) })
	t.Run("locate", func(t *testing.T) { testLocate(ctx, t, s, d) })
}

func all(ctx context.Context, t *testing.T, s geo.Store, collection string, q geo.FeatureQuery) (ids []string, page geo.FeaturePage) {
	t.Helper()
	if q.Limit == 0 {
		q.Limit = 10000
	}
	page, err := s.Features(ctx, collection, q)
	if err != nil {
		t.Fatalf("Features(%s, %+v): %v", collection, q, err)
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
	for _, c := range geo.Collections {
		t.Run(c, func(t *testing.T) {
			_, page := all(ctx, t, s, c, geo.FeatureQuery{})
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

// sameJSON compares decoded JSON: areas (keys area_*) within 1%, since
// PostGIS measures them on the ellipsoid and the embedded store on the
// sphere; other numbers to the 7 decimals GeoJSON keeps. It names the
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
					return fmt.Errorf("%s.%s: got %v, want %v within 1%%", path, k, gv, wv)
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

// closeEnough holds two measures equal within 1%.
func closeEnough(a, b float64) bool {
	return math.Abs(a-b) <= 0.01*math.Max(math.Abs(a), math.Abs(b))
}

func testFilters(ctx context.Context, t *testing.T, s geo.Store) {
	huaning := orb.Bound{Min: orb.Point{102.90, 24.20}, Max: orb.Point{102.92, 24.22}}
	nowhere := orb.Bound{Min: orb.Point{10, 10}, Max: orb.Point{11, 11}}
	yuxi := orb.Bound{Min: orb.Point{101.2, 23.3}, Max: orb.Point{103.2, 24.9}}
	tests := []struct {
		name       string
		collection string
		q          geo.FeatureQuery
		want       []string
	}{
		{"all zones", geo.CollectionParks, geo.FeatureQuery{}, []string{"hongta", "huaning", "longquan", "yimen"}},
		{"cathode", geo.CollectionParks, geo.FeatureQuery{Segments: []string{"cathode"}}, []string{"hongta", "longquan"}},
		{"any of two segments", geo.CollectionParks, geo.FeatureQuery{Segments: []string{"separator", "electrolyte"}}, []string{"hongta", "huaning"}},
		{"a gap", geo.CollectionParks, geo.FeatureQuery{Segments: []string{"lipf6"}}, []string{}},
		{"unknown segment", geo.CollectionParks, geo.FeatureQuery{Segments: []string{"'; DROP TABLE parks; --"}}, []string{}},
		{"stage precursors", geo.CollectionParks, geo.FeatureQuery{Stages: []string{"precursors"}}, []string{"huaning"}},
		{"stage circular", geo.CollectionParks, geo.FeatureQuery{Stages: []string{"circular"}}, []string{"huaning", "longquan"}},
		{"county hongta", geo.CollectionParks, geo.FeatureQuery{County: "530402"}, []string{"hongta"}},
		{"reserved", geo.CollectionParks, geo.FeatureQuery{Status: geo.StatusReserved}, []string{"yimen"}},
		{"segment and county", geo.CollectionParks, geo.FeatureQuery{Segments: []string{"cathode"}, County: "530403"}, []string{"longquan"}},
		{"bbox around huaning", geo.CollectionParks, geo.FeatureQuery{BBox: &huaning}, []string{"huaning"}},
		{"bbox nowhere", geo.CollectionParks, geo.FeatureQuery{BBox: &nowhere}, []string{}},
		{"projects placed in yuxi", geo.CollectionProjects, geo.FeatureQuery{BBox: &yuxi}, []string{"eve-yuxi-cells", "kuntian-anode", "semcorp-separator"}},
		{"all projects, placed or not", geo.CollectionProjects, geo.FeatureQuery{}, []string{"defeng-serpentine", "eve-yuxi-cells", "kuntian-anode", "semcorp-separator", "yeyang-lfp"}},
		{"counties in the huaning box", geo.CollectionCounties, geo.FeatureQuery{BBox: &huaning}, []string{"530424"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, page := all(ctx, t, s, tt.collection, tt.q)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
			if page.Matched != len(tt.want) {
				t.Errorf("Matched = %d, want %d", page.Matched, len(tt.want))
			}
		})
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
		got, page := all(ctx, t, s, geo.CollectionParks, geo.FeatureQuery{Limit: tt.limit, Offset: tt.offset})
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("limit %d offset %d (-want +got):\n%s", tt.limit, tt.offset, diff)
		}
		if page.Matched != 4 {
			t.Errorf("limit %d offset %d: Matched = %d, want 4", tt.limit, tt.offset, page.Matched)
		}
	}
}

func testFeature(ctx context.Context, t *testing.T, s geo.Store) {
	f, err := s.Feature(ctx, geo.CollectionParks, "longquan")
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
	for _, tt := range []struct{ collection, id, code string }{
		{geo.CollectionParks, "nowhere", geo.ENotFound},
		{geo.CollectionParks, "'; DROP TABLE parks; --", geo.ENotFound},
		{geo.CollectionCounties, "530402", ""},
		{geo.CollectionProjects, "yeyang-lfp", ""},
		{"nope", "longquan", geo.ENotFound},
	} {
		_, err := s.Feature(ctx, tt.collection, tt.id)
		if got := geo.ErrorCode(err); got != tt.code {
			t.Errorf("Feature(%s, %q): code %q (%v), want %q", tt.collection, tt.id, got, err, tt.code)
		}
	}
	if _, err := s.Features(ctx, "nope", geo.FeatureQuery{Limit: 1}); geo.ErrorCode(err) != geo.ENotFound {
		t.Errorf("Features(nope): %v, want not found", err)
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
