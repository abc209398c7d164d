package main

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/parkmap/parkmap/data/postgis/postgistest"
)

// stores runs f once against a server on each store: the embedded one and
// a freshly migrated and seeded PostGIS database.
func stores(t *testing.T, f func(t *testing.T, base string)) {
	t.Run("memory", func(t *testing.T) { f(t, startServer(t)) })
	t.Run("postgis", func(t *testing.T) { f(t, startServerEnv(t, seededDatabase(t))) })
}

// seededDatabase makes a new PostGIS database, migrated and seeded through
// the real commands, and returns the environment that points at it.
func seededDatabase(t testing.TB) map[string]string {
	t.Helper()
	env := map[string]string{"DATABASE_URL": postgistest.NewDatabase(t)}
	for _, cmd := range []string{"migrate", "seed"} {
		var out strings.Builder
		if err := run(context.Background(), []string{cmd}, func(k string) string { return env[k] }, &out, testWriter{t}); err != nil {
			t.Fatalf("parkmap %s: %v", cmd, err)
		}
	}
	return env
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func get(t *testing.T, method, rawURL string, header map[string]string) response {
	t.Helper()
	req, err := http.NewRequest(method, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, body}
}

func TestBadInput(t *testing.T) {
	injection := url.QueryEscape("'; DROP TABLE parks; --")
	tests := []struct {
		name, method, path string
		status             int
		want               string // in the description
	}{
		{"bbox of 3 numbers", "GET", "/api/collections/parks/items?bbox=1,2,3", 400, "bbox must be 4 numbers"},
		{"bbox out of range", "GET", "/api/collections/parks/items?bbox=0,0,200,1", 400, "outside -180..180"},
		{"bbox of words", "GET", "/api/collections/parks/items?bbox=a,b,c,d", 400, "not a finite number"},
		{"bbox inverted", "GET", "/api/collections/parks/items?bbox=0,10,1,5", 400, "above the maximum"},
		{"bbox twice", "GET", "/api/collections/parks/items?bbox=1,2,3,4&bbox=1,2,3,4", 400, "given 2 times"},
		{"negative limit", "GET", "/api/collections/parks/items?limit=-1", 400, "must not be negative"},
		{"limit of words", "GET", "/api/collections/parks/items?limit=ten", 400, "whole number"},
		{"zero limit", "GET", "/api/collections/parks/items?limit=0", 400, "at least 1"},
		{"huge limit", "GET", "/api/collections/parks/items?limit=99999999999999999999", 400, "whole number"},
		{"negative offset", "GET", "/api/collections/parks/items?offset=-5", 400, "must not be negative"},
		{"unknown parameter", "GET", "/api/collections/parks/items?colour=red", 400, "allowed here: bbox, limit"},
		{"unknown collection", "GET", "/api/collections/factories/items", 404, "the collections are parks, projects, counties"},
		{"unknown segment", "GET", "/api/collections/parks/items?segment=unobtainium", 400, "valid: phosphate-rock"},
		{"injected segment", "GET", "/api/collections/parks/items?segment=" + injection, 400, "unknown segment"},
		{"empty segment", "GET", "/api/collections/parks/items?segment=", 400, "segment is empty"},
		{"unknown stage", "GET", "/api/collections/parks/items?stage=mining", 400, "unknown stage"},
		{"bad county", "GET", "/api/collections/parks/items?county=hongta", 400, "valid: 530402"},
		{"bad status", "GET", "/api/collections/parks/items?status=open", 400, "operating, planned, reserved"},
		{"filter projects lack", "GET", "/api/collections/projects/items?status=planned", 400, "unknown parameter \"status\""},
		{"unknown sort key", "GET", "/api/collections/parks/items?sortby=-colour", 400, "sortable: id, name_zh"},
		{"sort by a list", "GET", "/api/collections/parks/items?sortby=segments", 400, "cannot sort by \"segments\""},
		{"unknown property", "GET", "/api/collections/parks/items?properties=name_zh,colour", 400, "the properties are: name_zh"},
		{"bad skipGeometry", "GET", "/api/collections/parks/items?skipGeometry=maybe", 400, "true or false"},
		{"bad datetime", "GET", "/api/collections/parks/items?datetime=yesterday", 400, "datetime must be"},
		{"datetime backwards", "GET", "/api/collections/parks/items?datetime=2024-02-01/2024-01-01", 400, "ends before it starts"},
		{"datetime open both ends", "GET", "/api/collections/parks/items?datetime=../..", 400, "open at both ends"},
		{"number filter of words", "GET", "/api/collections/parks/items?area_ha=big", 400, "not a finite number"},
		{"unknown queryables", "GET", "/api/collections/factories/queryables", 404, "the collections are"},
		{"unknown feature", "GET", "/api/collections/parks/items/atlantis", 404, "no feature"},
		{"strange id", "GET", "/api/collections/parks/items/" + url.PathEscape("龙泉 park"), 400, "malformed"},
		{"injected id", "GET", "/api/collections/parks/items/" + url.PathEscape("'; DROP TABLE parks; --"), 400, "malformed"},
		{"uppercase id, no such feature", "GET", "/api/collections/parks/items/LONGQUAN", 404, "no feature"},
		{"id with a dot first", "GET", "/api/collections/parks/items/.hidden", 400, "malformed"},
		{"html", "GET", "/api/collections/parks/items?f=html", 400, "f=json"},
		{"unknown chain", "GET", "/api/chain?chain=tea", 400, "valid: new-energy-battery"},
		{"no such path", "GET", "/api/nothing", 404, "nothing at /api/nothing"},
		{"write", "POST", "/api/collections/parks/items", 405, "read-only"},
		{"delete", "DELETE", "/api/collections/parks/items/longquan", 405, "read-only"},
	}
	stores(t, func(t *testing.T, base string) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := get(t, tt.method, base+tt.path, nil)
				if r.status != tt.status {
					t.Errorf("status %d, want %d; body %s", r.status, tt.status, r.body)
				}
				var e struct{ Code, Description string }
				if err := json.Unmarshal(r.body, &e); err != nil || e.Code == "" || e.Description == "" {
					t.Fatalf("body is not a JSON error {code, description}: %v: %s", err, r.body)
				}
				if !strings.Contains(e.Description, tt.want) {
					t.Errorf("description %q does not say %q", e.Description, tt.want)
				}
				if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
					t.Errorf("Content-Type %q, want application/json", ct)
				}
			})
		}
		// Nothing stored was lost to the attempts above.
		var fc struct{ NumberMatched int }
		r := get(t, "GET", base+"/api/collections/parks/items", nil)
		if err := json.Unmarshal(r.body, &fc); err != nil || fc.NumberMatched != 4 {
			t.Errorf("after bad input: %d zones (%v), want 4", fc.NumberMatched, err)
		}
	})
}

func TestOGCFeatures(t *testing.T) {
	stores(t, func(t *testing.T, base string) {
		for _, path := range []string{"/api", "/api/conformance", "/api/collections", "/api/collections/parks", "/api/chain", "/healthz", "/readyz"} {
			if r := get(t, "GET", base+path, nil); r.status != 200 {
				t.Errorf("GET %s: %d %s", path, r.status, r.body)
			}
		}
		t.Run("paging with next links", func(t *testing.T) {
			var ids []string
			next := base + "/api/collections/parks/items?limit=1"
			for pages := 0; next != ""; pages++ {
				if pages > 10 {
					t.Fatal("next links never end")
				}
				r := get(t, "GET", next, nil)
				if ct := r.header.Get("Content-Type"); ct != "application/geo+json" {
					t.Errorf("Content-Type %q", ct)
				}
				var fc struct {
					Features                      []struct{ ID string }
					NumberMatched, NumberReturned int
					TimeStamp                     string
					Links                         []struct{ Href, Rel string }
				}
				if err := json.Unmarshal(r.body, &fc); err != nil {
					t.Fatal(err)
				}
				if fc.NumberMatched != 4 || fc.NumberReturned != 1 || fc.TimeStamp == "" {
					t.Errorf("numberMatched %d numberReturned %d timeStamp %q", fc.NumberMatched, fc.NumberReturned, fc.TimeStamp)
				}
				next = ""
				for _, l := range fc.Links {
					if !strings.HasPrefix(l.Href, base+"/api/collections/parks") {
						t.Errorf("link %s %q is not absolute on %s", l.Rel, l.Href, base)
					}
					if l.Rel == "next" {
						next = l.Href
					}
				}
				for _, f := range fc.Features {
					ids = append(ids, f.ID)
				}
			}
			if got := strings.Join(ids, ","); got != "hongta,huaning,longquan,yimen" {
				t.Errorf("paged ids %s", got)
			}
		})
		t.Run("filters", func(t *testing.T) {
			for q, want := range map[string]int{
				"segment=cathode": 2, "stage=precursors": 1, "county=530425": 1, "status=operating": 3,
				"bbox=101.2,23.3,103.2,24.9": 4, "segment=cathode&bbox=102.5,24.3,102.6,24.5": 1,
			} {
				var fc struct{ NumberMatched int }
				r := get(t, "GET", base+"/api/collections/parks/items?"+q, nil)
				if err := json.Unmarshal(r.body, &fc); err != nil || fc.NumberMatched != want {
					t.Errorf("%s: %d zones (%v), want %d", q, fc.NumberMatched, err, want)
				}
			}
		})
		t.Run("etag", func(t *testing.T) {
			for _, path := range []string{"/api/collections/parks/items", "/api/collections/parks/items/longquan", "/api/chain"} {
				r := get(t, "GET", base+path, nil)
				etag := r.header.Get("ETag")
				if etag == "" {
					t.Fatalf("%s: no ETag", path)
				}
				if r := get(t, "GET", base+path, map[string]string{"If-None-Match": etag}); r.status != 304 {
					t.Errorf("%s with If-None-Match: %d, want 304", path, r.status)
				}
			}
		})
		t.Run("gzip and cors", func(t *testing.T) {
			r := get(t, "GET", base+"/api/collections/counties/items", map[string]string{"Accept-Encoding": "gzip", "Origin": "http://example.org"})
			if r.header.Get("Content-Encoding") != "gzip" {
				t.Fatalf("Content-Encoding %q, want gzip", r.header.Get("Content-Encoding"))
			}
			zr, err := gzip.NewReader(strings.NewReader(string(r.body)))
			if err != nil {
				t.Fatal(err)
			}
			plain, err := io.ReadAll(zr)
			if err != nil || len(plain) <= len(r.body) {
				t.Errorf("gzip: %d bytes to %d (%v)", len(plain), len(r.body), err)
			}
			if r.header.Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("CORS: Access-Control-Allow-Origin %q", r.header.Get("Access-Control-Allow-Origin"))
			}
		})
		t.Run("openapi validates", func(t *testing.T) {
			r := get(t, "GET", base+"/api/openapi", nil)
			doc, err := openapi3.NewLoader().LoadFromData(r.body)
			if err != nil {
				t.Fatal(err)
			}
			if err := doc.Validate(context.Background()); err != nil {
				t.Fatalf("the OpenAPI document is invalid: %v", err)
			}
			for _, p := range []string{"/collections/parks/items", "/collections/counties/items/{featureId}", "/collections/projects/queryables", "/chain"} {
				if doc.Paths.Find(p) == nil {
					t.Errorf("OpenAPI has no path %s", p)
				}
			}
		})
	})
}

func TestBaseURL(t *testing.T) {
	base := startServer(t, "--base-url", "https://maps.example.org/parkmap/")
	r := get(t, "GET", base+"/api/collections/parks/items?limit=2", nil)
	var fc struct{ Links []struct{ Href, Rel string } }
	if err := json.Unmarshal(r.body, &fc); err != nil {
		t.Fatal(err)
	}
	for _, l := range fc.Links {
		if !strings.HasPrefix(l.Href, "https://maps.example.org/parkmap/api/collections/parks") {
			t.Errorf("%s link %q ignores --base-url", l.Rel, l.Href)
		}
	}
}

// TestAssets checks the map's files are served with validators, so that a
// reload costs a few 304s, and that the page names no other host.
func TestAssets(t *testing.T) {
	base := startServer(t)
	for _, path := range []string{"/", "/vendor/leaflet/leaflet.js", "/js/app.js", "/style.css"} {
		r := get(t, "GET", base+path, nil)
		if r.status != 200 || len(r.body) == 0 {
			t.Fatalf("GET %s: %d, %d bytes", path, r.status, len(r.body))
		}
		etag := r.header.Get("ETag")
		if etag == "" {
			t.Fatalf("GET %s: no ETag", path)
		}
		if r := get(t, "GET", base+path, map[string]string{"If-None-Match": etag}); r.status != 304 {
			t.Errorf("GET %s with its ETag: %d, want 304", path, r.status)
		}
	}
	page := string(get(t, "GET", base+"/", nil).body)
	for _, remote := range []string{"http://", "https://", "//cdn", "fonts.googleapis"} {
		if strings.Contains(page, remote) {
			t.Errorf("index.html mentions %q: the page must reach no other host", remote)
		}
	}
}

// TestSchemas holds each collection's schema to the properties its
// features really have, on both stores, and checks collections link it.
func TestSchemas(t *testing.T) {
	stores(t, func(t *testing.T, base string) {
		for _, c := range []string{"parks", "projects", "counties"} {
			var schema struct { // the Feature's members, its properties member, their specs
				Properties struct {
					Properties struct {
						Properties map[string]struct{ Type string }
					}
				}
			}
			r := get(t, "GET", base+"/api/collections/"+c+"/schema", nil)
			if err := json.Unmarshal(r.body, &schema); err != nil || r.header.Get("Content-Type") != "application/schema+json" {
				t.Fatalf("%s schema: %v, %s: %s", c, err, r.header.Get("Content-Type"), r.body)
			}
			var fc struct {
				Features []struct{ Properties map[string]any }
			}
			if err := json.Unmarshal(get(t, "GET", base+"/api/collections/"+c+"/items", nil).body, &fc); err != nil {
				t.Fatal(err)
			}
			for _, f := range fc.Features {
				for k, v := range f.Properties {
					p, ok := schema.Properties.Properties.Properties[k]
					if !ok {
						t.Errorf("%s: property %s is not in the schema", c, k)
						continue
					}
					if !fitsType(v, p.Type) {
						t.Errorf("%s: %s = %v does not fit type %s", c, k, v, p.Type)
					}
				}
				if len(f.Properties) != len(schema.Properties.Properties.Properties) {
					t.Errorf("%s: a feature has %d properties, the schema %d", c, len(f.Properties), len(schema.Properties.Properties.Properties))
				}
			}
			var coll struct {
				Links []struct{ Rel, Href, Type string }
			}
			if err := json.Unmarshal(get(t, "GET", base+"/api/collections/"+c, nil).body, &coll); err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(coll.Links, func(l struct{ Rel, Href, Type string }) bool {
				return l.Rel == "describedby" && l.Type == "application/schema+json" && strings.HasSuffix(l.Href, "/"+c+"/schema")
			}) {
				t.Errorf("collection %s does not link its schema: %+v", c, coll.Links)
			}
		}
	})
}

func fitsType(v any, typ string) bool {
	switch v.(type) {
	case nil:
		return true // nullable properties say so in their titles
	case string:
		return typ == "string"
	case float64:
		return typ == "number" || typ == "integer"
	case []any:
		return typ == "array"
	}
	return false
}

// TestMetrics checks /metrics counts requests by route pattern, not by
// raw path, so ids cannot grow the series.
func TestMetrics(t *testing.T) {
	base := startServer(t)
	get(t, "GET", base+"/api/collections/parks/items/longquan", nil)
	get(t, "GET", base+"/api/collections/parks/items/no-such-zone", nil)
	r := get(t, "GET", base+"/metrics", nil)
	body := string(r.body)
	for _, want := range []string{
		`parkmap_http_requests_total{method="GET",route="/api/collections/:collectionId/items/:featureId",status="200"} 1`,
		`parkmap_http_requests_total{method="GET",route="/api/collections/:collectionId/items/:featureId",status="404"} 1`,
		`parkmap_http_request_duration_seconds_bucket`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(body, "no-such-zone") {
		t.Error("/metrics names a raw path")
	}
}
