package main

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
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

// TestGDALSendsFilters runs GDAL's OAPIF driver with -where and -spat, and
// ogr2ogr with a target CRS, reading what it asked with CPL_CURL_VERBOSE:
// GDAL 3.6 sends equalities on queryables joined by AND as parameters and
// -spat as bbox, and the server answers them; -t_srs reprojects on the
// client (3.6 sends no crs).
func TestGDALSendsFilters(t *testing.T) {
	base := startServer(t)
	gdal := func(t *testing.T, name string, args ...string) string {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Env = append(os.Environ(), "CPL_CURL_VERBOSE=YES")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
		return string(out)
	}
	for _, tt := range []struct {
		where string
		spat  []string
		sent  string // in the items request
		want  int    // features
	}{
		{where: "county_code = '530424'", sent: "limit=10&county_code=530424", want: 1},
		{where: "status = 'operating' AND county_code = '530402'", sent: "&status=operating&county_code=530402", want: 1},
		{spat: []string{"102.4", "24.2", "102.6", "24.5"}, sent: "&bbox=102.4", want: 1},
	} {
		args := []string{"-ro", "-al", "-q"}
		if tt.where != "" {
			args = append(args, "-where", tt.where)
		}
		if tt.spat != nil {
			args = append(append(args, "-spat"), tt.spat...)
		}
		out := gdal(t, "ogrinfo", append(args, "OAPIF:"+base+"/api", "parks")...)
		if !strings.Contains(out, "GET /api/collections/parks/items?limit=") || !strings.Contains(out, tt.sent) {
			t.Errorf("%s %v: GDAL did not send %s to the server:\n%s", tt.where, tt.spat, tt.sent, out)
		}
		if n := strings.Count(out, "OGRFeature(parks)"); n != tt.want {
			t.Errorf("%s %v: %d features, want %d:\n%s", tt.where, tt.spat, n, tt.want, out)
		}
	}
	gpkg := filepath.Join(t.TempDir(), "zones.gpkg")
	out := gdal(t, "ogr2ogr", "-f", "GPKG", gpkg, "-t_srs", "EPSG:4543", "-where", "county_code = '530402'",
		"-spat", "102.4", "24.2", "102.8", "24.5", "OAPIF:"+base+"/api", "parks")
	if !strings.Contains(out, "bbox=102.4") || !strings.Contains(out, "county_code=530402") || strings.Contains(out, "crs=") {
		t.Errorf("ogr2ogr: want bbox and county_code sent, no crs:\n%s", out)
	}
	out = gdal(t, "ogrinfo", "-ro", "-so", gpkg, "parks")
	if !strings.Contains(out, "Feature Count: 1") || !strings.Contains(out, "CGCS2000 / 3-degree Gauss-Kruger CM 102E") {
		t.Errorf("ogr2ogr wrote:\n%s", out)
	}
}
