package postgis

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/parkmap/parkmap/data/memory"
	"github.com/parkmap/parkmap/geo"
	"github.com/parkmap/parkmap/geo/cql2"
)

// TestCQL2MatchesMemory runs a table of CQL2 filters, text and JSON, on
// every collection of both stores: the same features, in the same order.
func TestCQL2MatchesMemory(t *testing.T) {
	s, d := newSeeded(t)
	mem, err := memory.New(d)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tests := []struct {
		collection *geo.Collection
		filter     string
		want       string // ids, when known; "" for no feature, "*" to only compare the stores
	}{
		{geo.Parks, "status = 'operating'", "*"},
		{geo.Parks, "status <> 'reserved' AND area_ha > 100", "*"},
		{geo.Parks, "planned_area_km2 IS NULL", "*"},
		{geo.Parks, "planned_area_km2 BETWEEN 4 AND 5", "*"},
		{geo.Parks, "name_en LIKE '%High-tech%'", "longquan"},
		{geo.Parks, "CASEI(name_en) LIKE '%high-tech%'", "longquan"},
		{geo.Parks, "name_zh LIKE '玉溪%'", "*"},
		{geo.Parks, "county_code IN ('530402', '530424')", "hongta,huaning"},
		{geo.Parks, "NOT county_code IN ('530402', '530424')", "longquan,yimen"},
		{geo.Parks, "A_CONTAINS(segments, ('cathode'))", "hongta,longquan"},
		{geo.Parks, "A_OVERLAPS(segments, ('separator', 'electrolyte'))", "hongta,huaning"},
		{geo.Parks, "A_CONTAINEDBY(stages, ('materials', 'cells', 'batteries', 'circular', 'precursors', 'raw'))", "*"},
		{geo.Parks, "S_INTERSECTS(geometry, BBOX(102.90, 24.20, 102.92, 24.22))", "huaning"},
		{geo.Parks, "S_WITHIN(geometry, POLYGON((102 24, 103 24, 103 25, 102 25, 102 24)))", "*"},
		{geo.Parks, "S_CONTAINS(geometry, POINT(102.72 24.31))", "longquan"},
		{geo.Parks, "S_DISJOINT(geometry, POINT(102.72 24.31))", "hongta,huaning,yimen"},
		{geo.Parks, "area_ha * 2 > 900 OR area_ha / 100 < 4.5", "*"},
		{geo.Parks, "ACCENTI(name_en) = ACCENTI('Yimen Industrial Park')", "*"},
		{geo.Projects, "investment_yi_cny >= 30", "*"},
		{geo.Projects, "park IS NULL", "defeng-serpentine,yeyang-lfp"},
		{geo.Projects, "S_INTERSECTS(geometry, BBOX(100, 20, 105, 26))", "eve-yuxi-cells,kuntian-anode,semcorp-separator"},
		{geo.Counties, "area_km2 > 3000", "*"},
		{geo.Counties, "code LIKE '5304_2'", "*"},
	}
	for _, tt := range tests {
		t.Run(tt.collection.ID+" "+tt.filter, func(t *testing.T) {
			e, err := cql2.ParseText(tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if err := cql2.Check(e, tt.collection.CQL2Schema()); err != nil {
				t.Fatal(err)
			}
			ids := func(s geo.Store, e cql2.Expr) string {
				t.Helper()
				page, err := s.Features(ctx, tt.collection, geo.FeatureQuery{Limit: 1000, Filter: e})
				if err != nil {
					t.Fatal(err)
				}
				var out []string
				for _, f := range page.Features {
					var v struct{ ID string }
					if err := json.Unmarshal(f, &v); err != nil {
						t.Fatal(err)
					}
					out = append(out, v.ID)
				}
				if page.Matched != len(out) {
					t.Errorf("numberMatched %d, %d features", page.Matched, len(out))
				}
				return strings.Join(out, ",")
			}
			got, want := ids(s, e), ids(mem, e)
			if got != want {
				t.Errorf("PostGIS selects %q, memory %q", got, want)
			}
			if tt.want != "*" && got != tt.want {
				t.Errorf("selects %q, want %q", got, tt.want)
			}
		})
	}
	// cql2-json says the same as cql2-text.
	for _, tt := range []struct{ text, json string }{
		{"status = 'operating'", `{"op": "=", "args": [{"property": "status"}, "operating"]}`},
		{"A_CONTAINS(segments, ('cathode'))", `{"op": "a_contains", "args": [{"property": "segments"}, ["cathode"]]}`},
		{"S_INTERSECTS(geometry, POINT(102.72 24.31))", `{"op": "s_intersects", "args": [{"property": "geometry"}, {"type": "Point", "coordinates": [102.72, 24.31]}]}`},
	} {
		et, err := cql2.ParseText(tt.text)
		if err != nil {
			t.Fatal(err)
		}
		ej, err := cql2.ParseJSON([]byte(tt.json))
		if err != nil {
			t.Fatalf("%s: %v", tt.json, err)
		}
		for _, st := range []geo.Store{s, mem} {
			a, err1 := st.Features(ctx, geo.Parks, geo.FeatureQuery{Limit: 100, Filter: et})
			b, err2 := st.Features(ctx, geo.Parks, geo.FeatureQuery{Limit: 100, Filter: ej})
			if err1 != nil || err2 != nil || a.Matched != b.Matched || a.Matched == 0 {
				t.Errorf("%s: text %d (%v), JSON %d (%v)", tt.text, a.Matched, err1, b.Matched, err2)
			}
		}
	}
}
