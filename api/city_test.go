package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/geo"
)

// TestCity serves the synthetic city without a city.json and with one: the
// city's names, title, credit and default chain come from the data into
// /api/city, the landing page (JSON and HTML), the OpenAPI document and
// /api/chain; without one, no page names a city.
func TestCity(t *testing.T) {
	withCity := func(d *seed.Dataset) {
		d.City = &geo.City{
			Name:  geo.Text{ZH: "青界", EN: "Qingjie"},
			Title: geo.Text{ZH: "青界茶园图", EN: "Qingjie tea gardens"},
			// synth-tea has no segments: only the city can make it the default.
			Extent: [4]float64{100, 20, 101, 21}, DefaultChain: "synth-tea",
			Attribution: "Drawn by hand for tests", AttributionURL: "https://example.org/credit", Synthetic: true,
		}
	}
	tests := []struct {
		name  string
		edit  func(*seed.Dataset)
		city  map[string]any
		chain string
		want  map[string][]string // path → what its body holds
	}{{
		name: "no city.json",
		city: map[string]any{
			"name": nil, "extent": nil, "attribution": nil, "attribution_url": nil, "default_chain": "synth-cells",
			"title": map[string]any{"zh": "产业园区与产业链布局", "en": "Industrial zones and their chain segments"},
			// The test city's zones are synthetic.
			"description": map[string]any{"zh": "产业园区、企业项目与县级行政区，以 OGC API - Features 提供。部分园区为合成数据：程序生成，并非真实园区。",
				"en": "OGC API - Features for industrial zones, enterprise projects and counties. Some zones are synthetic: generated, not real zones."},
			"synthetic": false, "schematic": false, "synthetic_zones": true,
		},
		chain: "synth-cells",
		want: map[string][]string{
			"":         {`"title":"parkmap: Industrial zones and their chain segments · 产业园区与产业链布局"`},
			"?f=html":  {"<title>产业园区与产业链布局 · Industrial zones and their chain segments — parkmap</title>"},
			"/openapi": {`"title":"parkmap: Industrial zones and their chain segments · 产业园区与产业链布局"`},
		},
	}, {
		name: "a schematic zone",
		edit: func(d *seed.Dataset) { d.Parks[1].Accuracy = geo.AccuracySchematic },
		city: map[string]any{
			"name": nil, "extent": nil, "attribution": nil, "attribution_url": nil, "default_chain": "synth-cells",
			"title": map[string]any{"zh": "产业园区与产业链布局", "en": "Industrial zones and their chain segments"},
			"description": map[string]any{"zh": "产业园区、企业项目与县级行政区，以 OGC API - Features 提供。园区边界为示意。部分园区为合成数据：程序生成，并非真实园区。",
				"en": "OGC API - Features for industrial zones, enterprise projects and counties. Zone boundaries are schematic. Some zones are synthetic: generated, not real zones."},
			"synthetic": false, "schematic": true, "synthetic_zones": true,
		},
		chain: "synth-cells",
		want:  map[string][]string{"": {"Zone boundaries are schematic."}, "?f=html": {"园区边界为示意。"}},
	}, {
		name: "a synthetic city",
		edit: withCity,
		city: map[string]any{
			"name": map[string]any{"zh": "青界", "en": "Qingjie"}, "extent": []any{100.0, 20.0, 101.0, 21.0},
			"attribution": "Drawn by hand for tests", "attribution_url": "https://example.org/credit", "default_chain": "synth-tea",
			"title": map[string]any{"zh": "青界茶园图", "en": "Qingjie tea gardens"},
			"description": map[string]any{
				"zh": "青界的产业园区、企业项目与县级行政区，以 OGC API - Features 提供。数据为合成数据：供测试与演示的虚构城市，并非真实园区。",
				"en": "OGC API - Features for Qingjie's industrial zones, enterprise projects and counties. The data is synthetic: a made-up city for tests and demonstrations, not real zones.",
			},
			// The city says it is synthetic: no word more on its zones.
			"synthetic": true, "schematic": false, "synthetic_zones": true,
		},
		chain: "synth-tea",
		want: map[string][]string{
			"":         {`"title":"parkmap: Qingjie tea gardens · 青界茶园图"`, "The data is synthetic"},
			"?f=html":  {"<title>青界茶园图 · Qingjie tea gardens — parkmap</title>", "青界的产业园区", "数据为合成数据"},
			"/openapi": {`"title":"parkmap: Qingjie tea gardens · 青界茶园图"`, "OGC API - Features for Qingjie's industrial zones"},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := htmlServer(t, tt.edit).URL + "/api"
			var city map[string]any
			if err := json.Unmarshal([]byte(fetch(t, api+"/city", "").body), &city); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.city, city); diff != "" {
				t.Errorf("/api/city (-want +got):\n%s", diff)
			}
			var chain struct{ Slug string }
			if err := json.Unmarshal([]byte(fetch(t, api+"/chain", "").body), &chain); err != nil {
				t.Fatal(err)
			}
			if chain.Slug != tt.chain {
				t.Errorf("/api/chain shows %q by default, want %q", chain.Slug, tt.chain)
			}
			for path, wants := range tt.want {
				res := fetch(t, api+path, "")
				if res.status != http.StatusOK {
					t.Fatalf("GET %s: %d", path, res.status)
				}
				for _, want := range wants {
					if !strings.Contains(res.body, want) {
						t.Errorf("GET %s lacks %s", path, want)
					}
				}
			}
		})
	}
}
