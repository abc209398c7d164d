package main

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestCQL2Filter sends CQL2 filters, text and JSON, to both stores, and
// bad ones that must be 400s saying where.
func TestCQL2Filter(t *testing.T) {
	tests := []struct {
		collection, filter, lang string
		want                     string // ids
	}{
		{"parks", "status = 'operating' AND S_INTERSECTS(geometry, BBOX(102.5, 24.2, 102.8, 24.5))", "", "hongta,longquan"},
		{"parks", "A_OVERLAPS(segments, ('separator', 'electrolyte')) AND NOT county_code = '530402'", "cql2-text", "huaning"},
		{"parks", `{"op": "like", "args": [{"op": "casei", "args": [{"property": "name_en"}]}, "%high-tech%"]}`, "cql2-json", "longquan"},
		{"projects", "park IS NULL", "", "defeng-serpentine,yeyang-lfp"},
		{"counties", "S_CONTAINS(geometry, POINT(102.72 24.31))", "", "530403"},
	}
	bad := []struct{ query, want string }{
		{"filter=" + url.QueryEscape("status = )"), "line 1, column 10"},
		{"filter=" + url.QueryEscape("colour = 'red'"), "colour"},
		{"filter=" + url.QueryEscape("area_ha = 'big'"), "cannot compare"},
		{"filter=" + url.QueryEscape(strings.Repeat("(", 1000)+"status = 'x'"+strings.Repeat(")", 1000)), "deep"},
		{"filter=x&filter-lang=ecql", "cql2-text"},
		{"filter=" + url.QueryEscape("status = 'x'") + "&filter-crs=EPSG:2000", "CRS84"},
		{"filter=" + url.QueryEscape("S_INTERSECTS(geometry, POINT(1e300 1e300))") + "&filter-crs=EPSG:4543", "outside"},
		{"filter-lang=cql2-text", "without a filter"},
	}
	stores(t, func(t *testing.T, base string) {
		for _, tt := range tests {
			q := url.Values{"filter": {tt.filter}}
			if tt.lang != "" {
				q.Set("filter-lang", tt.lang)
			}
			r := get(t, "GET", base+"/api/collections/"+tt.collection+"/items?"+q.Encode(), nil)
			var fc struct{ Features []struct{ ID string } }
			if err := json.Unmarshal(r.body, &fc); err != nil || r.status != 200 {
				t.Errorf("%s: %d %v: %.300s", tt.filter, r.status, err, r.body)
				continue
			}
			var ids []string
			for _, f := range fc.Features {
				ids = append(ids, f.ID)
			}
			if got := strings.Join(ids, ","); got != tt.want {
				t.Errorf("%s: %q, want %q", tt.filter, got, tt.want)
			}
		}
		for _, tt := range bad {
			r := get(t, "GET", base+"/api/collections/parks/items?"+tt.query, nil)
			if r.status != 400 || !strings.Contains(string(r.body), tt.want) {
				t.Errorf("%.60s: %d %s, want 400 saying %q", tt.query, r.status, r.body, tt.want)
			}
		}
	})
}

// TestGDALSendsFilters checks that GDAL's OAPIF driver sends a -where on a
// queryable to the server (GDAL 3.6 sends queryables as parameters), which
// answers it: the request, read with CPL_CURL_VERBOSE, carries the filter.
func TestGDALSendsFilters(t *testing.T) {
	base := startServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ogrinfo", "-ro", "-al", "-q", "-where", "county_code = '530424'", "OAPIF:"+base+"/api", "parks")
	cmd.Env = append(os.Environ(), "CPL_CURL_VERBOSE=YES")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "GET /api/collections/parks/items?limit=") || !strings.Contains(string(out), "county_code=530424") {
		t.Errorf("GDAL did not send the filter to the server:\n%s", out)
	}
	if n := strings.Count(string(out), "OGRFeature(parks)"); n != 1 {
		t.Errorf("%d features for county 530424, want huaning alone:\n%s", n, out)
	}
}
