package main

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"
)

// TestSources reads /api/sources on both stores: every source with its
// fields and the one citation the features carry, so that the map can join
// a feature's sources to their fields; the data's date is the newest
// source's; and the two stores serve the same body.
func TestSources(t *testing.T) {
	var bodies [][]byte
	stores(t, func(t *testing.T, base string) {
		r := get(t, http.MethodGet, base+"/api/sources", nil)
		if r.status != http.StatusOK {
			t.Fatalf("GET /api/sources = %d %s", r.status, r.body)
		}
		bodies = append(bodies, r.body)
		type source struct {
			ID, Title, Publisher, Date, URL, Citation string
		}
		var doc struct {
			Sources  []source
			DataDate string `json:"data_date"`
		}
		if err := json.Unmarshal(r.body, &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Sources) != 12 {
			t.Errorf("%d sources, want the 12 of the bundled data", len(doc.Sources))
		}
		if doc.DataDate != "2023-07-13" {
			t.Errorf("data_date = %q, want 2023-07-13, the newest source's", doc.DataDate)
		}
		citations := map[string]source{}
		for _, s := range doc.Sources {
			if s.ID == "" || s.Title == "" || s.Publisher == "" || s.Citation == "" {
				t.Errorf("source %+v lacks a field", s)
			}
			citations[s.Citation] = s
		}
		if s := citations["玉溪市人民政府 (yuxi.gov.cn) 2018-06-01: 玉溪高新区龙泉片区规划 (the Longquan area's plan takes in the Jiangchuan general-aviation airport area, 3.5 km north-west of Jiangchuan's town) (http://yuxi.gov.cn/yxs/626117/20180601/909838.html)"]; s.URL != "http://yuxi.gov.cn/yxs/626117/20180601/909838.html" || s.Date != "2018-06-01" {
			t.Errorf("the Longquan plan's source = %+v, want its fields and its address", s)
		}
		// Every citation a feature carries is one of these.
		for _, collection := range []string{"parks", "projects"} {
			var fc struct {
				Features []struct {
					ID         any
					Properties struct{ Sources []string }
				}
			}
			if err := json.Unmarshal(get(t, http.MethodGet, base+"/api/collections/"+collection+"/items", nil).body, &fc); err != nil {
				t.Fatal(err)
			}
			for _, f := range fc.Features {
				for _, c := range f.Properties.Sources {
					if _, ok := citations[c]; !ok {
						t.Errorf("%s %v cites %q, which /api/sources does not serve", collection, f.ID, c)
					}
				}
			}
		}
		if r := get(t, http.MethodGet, base+"/api/sources?id=x", nil); r.status != http.StatusBadRequest {
			t.Errorf("GET /api/sources?id=x = %d, want 400", r.status)
		}
	})
	if len(bodies) == 2 && !slices.Equal(bodies[0], bodies[1]) {
		t.Errorf("the stores serve different sources:\nmemory:  %s\npostgis: %s", bodies[0], bodies[1])
	}
}
