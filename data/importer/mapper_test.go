package importer

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/geo"
)

var testDomains = Domains{
	"segments": {"cathode", "anode", "cells"}, "stages": {"materials", "cells"}, "counties": {"530402", "530421"},
	DomainChains: {"new-energy-battery"}, DomainParks: {"longquan"}, DomainSources: {"src-a", "src-b"},
}

var square = orb.Polygon{{{102, 24}, {102.1, 24}, {102.1, 24.1}, {102, 24.1}, {102, 24}}}

// park is a zone's fields as a GeoJSON file holds them, with changes.
func park(changes map[string]any) map[string]any {
	f := map[string]any{
		"name_zh": "龙泉", "name_en": "Longquan", "county_code": "530402", "status": "operating",
		"chain": "new-energy-battery", "segments": []any{"cathode", "anode"}, "geometry_accuracy": "digitized",
		"sources": []any{"src-a"},
	}
	for k, v := range changes {
		if v == nil {
			delete(f, k)
		} else {
			f[k] = v
		}
	}
	return f
}

func TestMap(t *testing.T) {
	f := &File{Features: []Feature{
		{N: 1, ID: "qj-1", Geometry: square, Fields: park(map[string]any{"planned_area_km2": "4.8", "note_zh": nil, "name_zh": nil, "NAME": "龙泉", "segments": nil, "SEGMENTS": "cathode,anode"})},
		{N: 2, Fields: park(map[string]any{"ID": "qj-2", "SEGMENTS": `["cells"]`, "segments": nil, "stages": "x", "remark": "y",
			"NAME": "曲靖", "name_zh": nil, "sources": "src-a; src-b", "planned_area_km2": int64(3)}),
			Geometry: orb.MultiPolygon{square}},
	}}
	rows, notes, problems := Map(geo.Parks, f, Mapping{Rename: map[string]string{"NAME": "name_zh"}, Domains: testDomains})
	if len(problems) > 0 {
		t.Fatalf("problems:\n%v", problems)
	}
	got := map[string]map[string]any{}
	for _, r := range rows {
		vals := map[string]any{}
		for i, p := range geo.Parks.Properties {
			if r.Values[i] != nil {
				vals[p.Name] = r.Values[i]
			}
		}
		vals["_sources"] = r.Sources
		vals["_geometry"] = r.Geometry.GeoJSONType()
		got[r.ID] = vals
	}
	base := map[string]any{
		"name_en": "Longquan", "county_code": "530402", "status": "operating", "chain": "new-energy-battery",
		"geometry_accuracy": "digitized", "note_en": "", "_geometry": "MultiPolygon",
	}
	want := map[string]map[string]any{
		"qj-1": merge(base, map[string]any{"name_zh": "龙泉", "segments": []string{"cathode", "anode"}, "planned_area_km2": 4.8, "note_zh": "", "_sources": []string{"src-a"}}),
		"qj-2": merge(base, map[string]any{"name_zh": "曲靖", "segments": []string{"cells"}, "planned_area_km2": 3.0, "note_zh": "", "_sources": []string{"src-a", "src-b"}}),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	wantNotes := []string{
		"field remark is not a property of parks; ignored (--map remark=PROPERTY to read it)",
		"field stages is computed by parkmap; the file's values are ignored",
	}
	if diff := cmp.Diff(wantNotes, notes); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
}

func merge(a, b map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// TestMapProblems: every problem of a file is found, each with its feature
// and field.
func TestMapProblems(t *testing.T) {
	line := orb.LineString{{102, 24}, {103, 25}}
	tests := []struct {
		name string
		c    *geo.Collection
		ft   Feature
		want []string
	}{
		{"no id", geo.Parks, Feature{N: 3, Geometry: square, Fields: park(nil)}, []string{"feature 3, field id: no id"}},
		{"a bad id", geo.Parks, Feature{N: 1, ID: "a b", Geometry: square, Fields: park(nil)}, []string{`feature 1, field id: id "a b"`}},
		{"an id that is an object", geo.Parks, Feature{N: 1, ID: map[string]any{}, Geometry: square, Fields: park(nil)}, []string{"feature 1, field id: id an object is not a text"}},
		{"no geometry", geo.Parks, Feature{N: 1, ID: "a", Fields: park(nil)}, []string{"feature 1, field geometry: no geometry"}},
		{"mixed geometry types", geo.Parks, Feature{N: 1, ID: "a", Geometry: line, Fields: park(nil)}, []string{"feature 1, field geometry: geometry is a LineString; parks holds MultiPolygons"}},
		{"NaN coordinates", geo.Parks, Feature{N: 1, ID: "a", Geometry: orb.Polygon{{{0, 0}, {1, 0}, {0, nan()}, {0, 0}}}, Fields: park(nil)}, []string{"not a finite number"}},
		{"an unclosed ring", geo.Parks, Feature{N: 1, ID: "a", Geometry: orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}, Fields: park(nil)}, []string{"ring 1 is not closed"}},
		{"wrong types", geo.Parks, Feature{N: 1, ID: "a", Geometry: square, Fields: park(map[string]any{"planned_area_km2": "big", "name_en": true, "segments": map[string]any{}})},
			[]string{`field planned_area_km2: "big" is not a number`, "field name_en: a boolean (true) is not a text", "field segments: an object is not a list"}},
		{"below the minimum", geo.Parks, Feature{N: 1, ID: "a", Geometry: square, Fields: park(map[string]any{"planned_area_km2": "0"})},
			[]string{`field planned_area_km2: 0 is not above 0`}},
		{"not in an enum", geo.Parks, Feature{N: 1, ID: "a", Geometry: square, Fields: park(map[string]any{"status": "open"})}, []string{`field status: "open" is not one of operating, planned, reserved`}},
		{"not in the database", geo.Parks, Feature{N: 1, ID: "a", Geometry: square, Fields: park(map[string]any{"county_code": int64(999999), "chain": "solar", "segments": "cathode,wafers", "sources": "[\"nope\"]"})},
			[]string{`field county_code: "999999" is not one of the counties`, `field chain: "solar" is not one of the chains`, `field segments: "wafers" is not one of the segments`, `field sources: "nope" is not one of the sources`}},
		{"missing required", geo.Parks, Feature{N: 1, ID: "a", Geometry: square, Fields: park(map[string]any{"name_zh": nil, "status": nil, "sources": nil})},
			[]string{"field name_zh: missing", "field status: missing", "field sources: no sources"}},
		{"no sources", geo.Parks, Feature{N: 1, ID: "a", Geometry: square, Fields: park(map[string]any{"sources": []any{}})}, []string{"no sources"}},
		{"a segment twice", geo.Parks, Feature{N: 1, ID: "a", Geometry: square, Fields: park(map[string]any{"segments": "cells;cells"})}, []string{`"cells" is listed twice`}},
		{"a list of numbers", geo.Parks, Feature{N: 1, ID: "a", Geometry: square, Fields: park(map[string]any{"segments": []any{true}})}, []string{"list holds a boolean"}},
		{"bad JSON list", geo.Parks, Feature{N: 1, ID: "a", Geometry: square, Fields: park(map[string]any{"segments": "[cells"})}, []string{"not a JSON list"}},
		{"a placed project without its zone", geo.Projects, Feature{N: 4, ID: "p", Geometry: orb.Point{102, 24}, Fields: map[string]any{"enterprise_zh": "甲", "enterprise_en": "A", "chain": "new-energy-battery", "sources": "src-a"}},
			[]string{"feature 4, field park: a project with a geometry names its zone"}},
		{"a project in a zone that is not there", geo.Projects, Feature{N: 4, ID: "p", Fields: map[string]any{"enterprise_zh": "甲", "enterprise_en": "A", "chain": "new-energy-battery", "sources": "src-a", "park": "nowhere", "investment_yi_cny": "1e400"}},
			[]string{`field park: "nowhere" is not one of the parks`, `field investment_yi_cny: "1e400" is not a number`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, problems := Map(tt.c, &File{Features: []Feature{tt.ft}}, Mapping{Domains: testDomains})
			got := problems.Error()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("problems:\n%s\nwant one containing %q", got, w)
				}
			}
			if len(problems) != len(tt.want) {
				t.Errorf("%d problems, want %d:\n%s", len(problems), len(tt.want), got)
			}
		})
	}

	t.Run("duplicate ids, and lines in a CSV file", func(t *testing.T) {
		f := &File{Lines: true, Features: []Feature{
			{N: 2, ID: "a", Geometry: square, Fields: park(nil)},
			{N: 5, ID: "a", Geometry: square, Fields: park(nil)},
		}}
		_, _, problems := Map(geo.Parks, f, Mapping{Domains: testDomains})
		if got, want := problems.Error(), `line 5, field id: duplicate id "a" (also line 2)`; got != want {
			t.Errorf("problems = %q, want %q", got, want)
		}
	})
	t.Run("--map to a property that is not there", func(t *testing.T) {
		_, _, problems := Map(geo.Counties, &File{}, Mapping{Rename: map[string]string{"NAME": "title"}})
		if got := problems.Error(); !strings.Contains(got, "field NAME: --map NAME=title: counties has no property title") {
			t.Errorf("problems = %q", got)
		}
	})
}

func TestParseRename(t *testing.T) {
	got, err := ParseRename([]string{"NAME=name_zh", " 名称 = name_en "})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"NAME": "name_zh", "名称": "name_en"}, got); diff != "" {
		t.Error(diff)
	}
	for _, bad := range [][]string{{"NAME"}, {"=x"}, {"a="}, {"a=b", "a=c"}} {
		if _, err := ParseRename(bad); err == nil {
			t.Errorf("ParseRename(%q) = nil error", bad)
		}
	}
}

func nan() float64 { var z float64; return z / z }
