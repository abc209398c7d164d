package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestHeadOnEveryGet: HEAD is answered wherever GET is, health checks and
// metrics included (load balancers probe with HEAD).
func TestHeadOnEveryGet(t *testing.T) {
	h := testServer(t, Config{}, memoryStore(t))
	for _, path := range []string{"/healthz", "/readyz", "/metrics", "/api", "/api/", "/api/collections/parks/items", "/"} {
		// (net/http drops a HEAD's body; the recorder keeps it.)
		if resp, body := do(t, h, httptest.NewRequest(http.MethodHead, path, nil)); resp.StatusCode != http.StatusOK {
			t.Errorf("HEAD %s: %d %.200s", path, resp.StatusCode, body)
		}
	}
}

// TestMethodNotAllowed: a write is refused as what it is, on either store:
// the resource is read-only. No store edits yet, so none is suggested.
func TestMethodNotAllowed(t *testing.T) {
	for _, st := range stores(t) {
		h := testServer(t, Config{}, st.store)
		for _, path := range []string{"/api/collections/parks/items", "/healthz", "/readyz", "/metrics"} {
			t.Run(st.name+path, func(t *testing.T) {
				resp, body := do(t, h, httptest.NewRequest(http.MethodPost, path, strings.NewReader("{}")))
				if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") == "" {
					t.Fatalf("POST %s: %d, Allow %q", path, resp.StatusCode, resp.Header.Get("Allow"))
				}
				var e errorBody
				if err := json.Unmarshal([]byte(body), &e); err != nil {
					t.Fatalf("body %s: %v", body, err)
				}
				if !strings.Contains(e.Description, "read-only") || strings.Contains(e.Description, "PostGIS") || strings.Contains(e.Description, "DATABASE_URL") {
					t.Errorf("POST %s: %q, want it to say the resource is read-only and nothing of PostGIS", path, e.Description)
				}
			})
		}
	}
}

// TestTrailingSlashRedirect: a route asked for with a trailing slash is
// redirected to the route, under BaseURL when one is configured.
func TestTrailingSlashRedirect(t *testing.T) {
	tests := []struct {
		name, base, path, want string
	}{
		{"base url", "https://maps.example.org/parkmap/", "/api/collections/", "https://maps.example.org/parkmap/api/collections"},
		{"with query", "https://maps.example.org/parkmap", "/api/collections/parks/items/?limit=1", "https://maps.example.org/parkmap/api/collections/parks/items?limit=1"},
		{"from the host", "", "/api/collections/parks/", "http://localhost:8080/api/collections/parks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := testServer(t, Config{BaseURL: tt.base}, memoryStore(t))
			r := get(tt.path)
			r.Host = "localhost:8080"
			resp, _ := do(t, h, r)
			if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != tt.want {
				t.Errorf("GET %s: %d to %q, want 301 to %q", tt.path, resp.StatusCode, resp.Header.Get("Location"), tt.want)
			}
		})
	}
	h := testServer(t, Config{}, memoryStore(t))
	if resp, _ := do(t, h, get("/api/nothing/")); resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /api/nothing/: %d, want 404", resp.StatusCode)
	}
}

// TestLinksHost: without BaseURL, links name the request's Host only when
// it is trusted (loopback, the listen address, or a configured host);
// any other Host gets links to the listen address, so that a forged Host
// cannot put another site into links a cache would keep.
func TestLinksHost(t *testing.T) {
	tests := []struct {
		name  string
		cfg   Config
		host  string
		wantP string
	}{
		{"forged host", Config{Addr: "127.0.0.1:8080"}, "evil.example", "http://127.0.0.1:8080/"},
		{"forged host with port", Config{Addr: "127.0.0.1:8080"}, "evil.example:8080", "http://127.0.0.1:8080/"},
		{"forged host, listening on every address", Config{Addr: "0.0.0.0:8080"}, "evil.example", "http://localhost:8080/"},
		{"localhost", Config{Addr: "127.0.0.1:8080"}, "localhost:9000", "http://localhost:9000/"},
		{"loopback ip", Config{Addr: "127.0.0.1:8080"}, "127.0.0.2:8080", "http://127.0.0.2:8080/"},
		{"loopback ipv6", Config{Addr: "[::1]:8080"}, "[::1]:8080", "http://[::1]:8080/"},
		{"the listen address", Config{Addr: "192.0.2.7:8080"}, "192.0.2.7:8080", "http://192.0.2.7:8080/"},
		{"a configured host", Config{Addr: "0.0.0.0:8080", Hosts: []string{"maps.example.org"}}, "Maps.Example.org", "http://Maps.Example.org/"},
		{"base url wins", Config{BaseURL: "https://maps.example.org/pm", Addr: "127.0.0.1:8080"}, "localhost:8080", "https://maps.example.org/pm/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := testServer(t, tt.cfg, memoryStore(t))
			r := get("/api")
			r.Host = tt.host
			resp, body := do(t, h, r)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			var landing struct{ Links []struct{ Href string } }
			if err := json.Unmarshal([]byte(body), &landing); err != nil || len(landing.Links) == 0 {
				t.Fatalf("landing page %s: %v", body, err)
			}
			for _, l := range landing.Links {
				if !strings.HasPrefix(l.Href, tt.wantP) {
					t.Errorf("Host %q: link %q, want it under %q", tt.host, l.Href, tt.wantP)
				}
			}
		})
	}
}
