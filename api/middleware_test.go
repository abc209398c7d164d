package api

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestMalformedQuery: a query string that does not parse is a 400, not an
// unfiltered 200 (net/url drops what it cannot read and answers the rest).
func TestMalformedQuery(t *testing.T) {
	many := strings.Repeat("segment=cathode&", 10_001)
	tests := []struct{ name, query string }{
		{"bad escape", "segment=%ZZ"},
		{"bad escape in a name", "seg%ZZment=cathode"},
		{"semicolon after bbox", "bbox=1,2,3,4;a"},
		{"semicolon in a value", "segment=cathode;x"},
		{"10,001 parameters", many},
		{"65 parameters", strings.Repeat("a=1&", 64) + "a=1"},
		{"not UTF-8", "segment=%FF"},
		{"no name", "=cathode"},
	}
	for _, st := range stores(t) {
		h := testServer(t, Config{}, st.store)
		for _, tt := range tests {
			t.Run(st.name+"/"+tt.name, func(t *testing.T) {
				resp, body := do(t, h, get("/api/collections/parks/items?"+tt.query))
				if resp.StatusCode != http.StatusBadRequest {
					t.Fatalf("status %d, want 400: %.200s", resp.StatusCode, body)
				}
				var e errorBody
				if err := json.Unmarshal([]byte(body), &e); err != nil || e.Code != "InvalidParameterValue" || e.Description == "" {
					t.Errorf("body %.200s is not the JSON error", body)
				}
			})
		}
	}
}

func TestParseQuery(t *testing.T) {
	tests := []struct {
		raw     string
		want    url.Values
		wantErr bool
	}{
		{"", url.Values{}, false},
		{"a=1&b=2", url.Values{"a": {"1"}, "b": {"2"}}, false},
		{"a=1&&b", url.Values{"a": {"1"}, "b": {""}}, false},
		{"a=%E7%8E%89+x", url.Values{"a": {"玉 x"}}, false},
		{"a=b=c", url.Values{"a": {"b=c"}}, false},
		{"a=1;b=2", nil, true},
		{"a=%", nil, true},
		{"a=%zz", nil, true},
		{"%FF=1", nil, true},
		{"=1", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, err := parseQuery(tt.raw)
			if (err != nil) != tt.wantErr {
				t.Fatalf("parseQuery(%q) error %v, wantErr %v", tt.raw, err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); !tt.wantErr && diff != "" {
				t.Errorf("parseQuery(%q) (-want +got):\n%s", tt.raw, diff)
			}
		})
	}
}

// FuzzParseQuery: what parseQuery accepts, net/url reads the same way,
// so that handlers reading through gin see exactly what was checked.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"a=1&b=2", "segment=%ZZ", "bbox=1,2,3,4;a", "a=%E7%8E%89", "=&=", "a+b=c+d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := parseQuery(raw)
		if err != nil {
			return
		}
		want, err := url.ParseQuery(raw)
		if err != nil {
			t.Fatalf("parseQuery accepted %q, url.ParseQuery refuses it: %v", raw, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("parseQuery(%q) differs from url.ParseQuery (-want +got):\n%s", raw, diff)
		}
	})
}

// TestBusy: beyond MaxInFlight, a request waits its turn for QueueWait and
// is then told 503 with Retry-After and the JSON error; the health checks
// are not held up behind it.
func TestBusy(t *testing.T) {
	s, h := testServerParts(t, Config{MaxInFlight: 1, QueueWait: 50 * time.Millisecond}, memoryStore(t), slog.New(slog.DiscardHandler))
	release, err := s.gate.enter(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	resp, body := do(t, h, get("/api/collections/parks/items"))
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, "busy") {
		t.Errorf("with the only slot taken: %d, Retry-After %q, %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	for _, path := range []string{"/readyz", "/healthz", "/metrics"} {
		if resp, _ := do(t, h, get(path)); resp.StatusCode != http.StatusOK {
			t.Errorf("%s while the API is busy: %d, want 200", path, resp.StatusCode)
		}
	}
	release()
	if resp, _ := do(t, h, get("/api/collections/parks/items")); resp.StatusCode != http.StatusOK {
		t.Errorf("after the slot is given back: %d", resp.StatusCode)
	}
}

// TestBusyQueueFull: with no room in the line either, a request is
// refused at once, without waiting QueueWait.
func TestBusyQueueFull(t *testing.T) {
	g := newGate(1, 0, time.Hour)
	release, err := g.enter(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if _, err := g.enter(context.Background()); err != errBusy {
		t.Errorf("enter with the line full = %v, want errBusy", err)
	}
}

// TestGateFirstComeFirstServed: waiters get slots in the order they came.
func TestGateFirstComeFirstServed(t *testing.T) {
	g := newGate(1, 10, time.Minute)
	release, _ := g.enter(context.Background())
	order := make(chan int, 3)
	for i := range 3 {
		go func() {
			r, err := g.enter(context.Background())
			if err != nil {
				t.Error(err)
				return
			}
			order <- i
			r()
		}()
		for g.waiting() != i+1 { // each in line before the next comes
			time.Sleep(time.Millisecond)
		}
	}
	release()
	for want := range 3 {
		if got := <-order; got != want {
			t.Fatalf("waiter %d served %d-th", got, want)
		}
	}
}

// TestClientGone: a client that leaves while waiting is counted as 499 and
// logged at debug, not as a 503 at error.
func TestClientGone(t *testing.T) {
	var log bytes.Buffer
	s, h := testServerParts(t, Config{MaxInFlight: 1, QueueWait: time.Hour}, memoryStore(t),
		slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelInfo})))
	release, _ := s.gate.enter(context.Background())
	defer release()
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for s.gate.waiting() == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, get("/api/collections/parks/items").WithContext(ctx))
	if w.Code != statusClientClosed {
		t.Errorf("status %d, want %d", w.Code, statusClientClosed)
	}
	if log.Len() > 0 {
		t.Errorf("a client leaving was logged above debug: %s", log.String())
	}
	_, metrics := do(t, h, get("/metrics"))
	if !strings.Contains(metrics, `status="499"`) || strings.Contains(metrics, `status="503"`) {
		t.Errorf("metrics do not count the request as 499 (and only so):\n%s", grepLines(metrics, "parkmap_http_requests_total"))
	}
}

func grepLines(s, sub string) string {
	var out []string
	for line := range strings.SplitSeq(s, "\n") {
		if strings.Contains(line, sub) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// TestLogLimiter: at most rate lines a second per kind; the next line
// says how many were held back.
func TestLogLimiter(t *testing.T) {
	now := time.Unix(0, 0)
	l := newLogLimiter(2, func() time.Time { return now })
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, nil))
	for range 1000 {
		l.log(logger, slog.LevelError, "database unavailable", "request failed")
	}
	l.log(logger, slog.LevelError, "other", "request failed")
	if got := strings.Count(buf.String(), "\n"); got != 3 {
		t.Errorf("%d lines for 1000 + 1 failures in one second, want 3:\n%s", got, buf.String())
	}
	now = now.Add(time.Second)
	buf.Reset()
	l.log(logger, slog.LevelError, "database unavailable", "request failed")
	if !strings.Contains(buf.String(), "suppressed=998") {
		t.Errorf("the next second's line does not count what was held back: %s", buf.String())
	}
}

// TestSecurityHeaders: every response says nosniff, a CSP that forbids
// framing, and a referrer policy; /api is open to other origins, /metrics
// and the health checks are not.
func TestSecurityHeaders(t *testing.T) {
	h := testServer(t, Config{Tiles: &TileLayer{URL: "https://{s}.tile.example.org/{z}/{x}/{y}.png"}}, memoryStore(t))
	for _, tt := range []struct {
		path string
		cors bool
	}{
		{"/", false}, {"/api", true}, {"/api/collections/parks/items", true}, {"/api/nothing", true},
		{"/metrics", false}, {"/healthz", false}, {"/readyz", false},
	} {
		t.Run(tt.path, func(t *testing.T) {
			resp, _ := do(t, h, get(tt.path, "Origin", "https://elsewhere.example"))
			hd := resp.Header
			if hd.Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no X-Content-Type-Options: nosniff")
			}
			csp := hd.Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'self'", "frame-ancestors 'none'", "https://*.tile.example.org"} {
				if !strings.Contains(csp, want) {
					t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
				}
			}
			if strings.Contains(csp, "unsafe-inline") {
				t.Errorf("Content-Security-Policy %q allows inline code", csp)
			}
			if hd.Get("Referrer-Policy") == "" {
				t.Error("no Referrer-Policy")
			}
			if got := hd.Get("Access-Control-Allow-Origin") == "*"; got != tt.cors {
				t.Errorf("open to other origins: %v, want %v", got, tt.cors)
			}
		})
	}
	req := httptest.NewRequest(http.MethodOptions, "/api/collections/parks/items", nil)
	req.Header.Set("Origin", "https://elsewhere.example")
	req.Header.Set("Access-Control-Request-Method", "GET")
	if resp, _ := do(t, h, req); resp.StatusCode != http.StatusNoContent || resp.Header.Get("Access-Control-Allow-Methods") == "" {
		t.Errorf("preflight: %d, %v", resp.StatusCode, resp.Header)
	}
}

func TestReadyzDraining(t *testing.T) {
	draining := make(chan struct{})
	h := testServer(t, Config{Draining: draining}, memoryStore(t))
	if resp, _ := do(t, h, get("/readyz")); resp.StatusCode != http.StatusOK {
		t.Fatalf("before draining: %d", resp.StatusCode)
	}
	close(draining)
	resp, body := do(t, h, get("/readyz"))
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("draining: %d %s", resp.StatusCode, body)
	}
	if resp, _ := do(t, h, get("/api/collections/parks/items")); resp.StatusCode != http.StatusOK {
		t.Errorf("while draining, requests are still served: %d", resp.StatusCode)
	}
}
