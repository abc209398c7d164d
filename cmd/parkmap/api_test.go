package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/parkmap/parkmap/data/postgis/postgistest"
	"github.com/parkmap/parkmap/data/seed"
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

// TestServeEndToEnd runs the real commands (migrate, seed, serve) and
// checks the wiring: the API answers on both stores with the bundled data.
// What the API answers is tested next to it, in api/, on the synthetic city.
func TestServeEndToEnd(t *testing.T) {
	d, err := seed.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	stores(t, func(t *testing.T, base string) {
		for _, path := range []string{"/api", "/api/conformance", "/api/collections", "/api/collections/parks", "/api/openapi", "/api/chain", "/healthz", "/readyz"} {
			if r := get(t, "GET", base+path, nil); r.status != 200 {
				t.Errorf("GET %s: %d %s", path, r.status, r.body)
			}
		}
		for c, n := range map[string]int{"parks": len(d.Parks), "projects": len(d.Projects), "counties": len(d.Counties)} {
			var fc struct{ NumberMatched int }
			r := get(t, "GET", base+"/api/collections/"+c+"/items?limit=1", nil)
			if err := json.Unmarshal(r.body, &fc); err != nil || fc.NumberMatched != n {
				t.Errorf("%s: %d features (%v), want the %d bundled", c, fc.NumberMatched, err, n)
			}
		}
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
