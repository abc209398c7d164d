package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parkmap/parkmap/api"
	"github.com/parkmap/parkmap/data/postgis"
	"github.com/parkmap/parkmap/data/postgis/postgistest"
	"github.com/parkmap/parkmap/data/proj"
	"github.com/parkmap/parkmap/data/seed"
)

// TestOutage loses the database under a running server and gets it back:
// while it is away, items and /readyz answer 503 with Retry-After and the
// JSON error body; when it returns, the same server and store recover by
// themselves, without a restart.
func TestOutage(t *testing.T) {
	dbURL := postgistest.NewDatabase(t)
	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(outageLog{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))

	u, err := url.Parse(dbURL)
	if err != nil || u.Host == "" {
		t.Fatalf("%s must be a postgres:// URL with a host for this test, got %q", postgistest.EnvURL, dbURL)
	}
	p := newCutProxy(t, u.Host)
	u.Host = p.addr
	store, err := postgis.Open(ctx, u.String(), logger)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	d, err := seed.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := store.Seed(ctx, d); err != nil {
		t.Fatal(err)
	}
	handler, err := api.NewServer(api.Config{RequestTimeout: 5 * time.Second, Projector: projector(t)}, store, logger)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(handler)
	defer srv.Close()
	client := &http.Client{Timeout: 10 * time.Second}
	get := func(path string) (*http.Response, []byte) {
		t.Helper()
		resp, err := client.Get(srv.URL + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		return resp, body
	}
	const items = "/api/collections/parks/items"

	for _, path := range []string{items, "/readyz"} {
		if resp, body := get(path); resp.StatusCode != http.StatusOK {
			t.Fatalf("before the outage: GET %s = %d %s", path, resp.StatusCode, body)
		}
	}

	p.cut()
	for _, path := range []string{items, "/readyz"} {
		start := time.Now()
		resp, body := get(path)
		t.Logf("database away: GET %s answered %d in %v", path, resp.StatusCode, time.Since(start).Round(time.Millisecond))
		if resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("database away: GET %s = %d %s, want 503", path, resp.StatusCode, body)
		}
		if resp.Header.Get("Retry-After") == "" {
			t.Errorf("database away: GET %s has no Retry-After", path)
		}
		var e struct{ Code, Description string }
		if err := json.Unmarshal(body, &e); err != nil || e.Code == "" || e.Description == "" {
			t.Errorf("database away: GET %s body %s, want {\"code\", \"description\"} (%v)", path, body, err)
		}
		for _, leak := range []string{"dial", "refused", "127.0.0.1", "pq:", "EOF"} {
			if strings.Contains(string(body), leak) {
				t.Errorf("database away: GET %s body %s shows driver text %q", path, body, leak)
			}
		}
	}

	p.restore()
	restored := time.Now()
	deadline := restored.Add(20 * time.Second)
	for {
		resp, body := get(items)
		if resp.StatusCode == http.StatusOK {
			t.Logf("items answered 200 again %v after the database came back", time.Since(restored).Round(time.Millisecond))
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("20 s after the database came back, GET %s = %d %s", items, resp.StatusCode, body)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if resp, body := get("/readyz"); resp.StatusCode != http.StatusOK {
		t.Errorf("after the outage: GET /readyz = %d %s", resp.StatusCode, body)
	}
}

// cutProxy forwards TCP connections from a local port to the database and
// can cut them all, and refuse new ones, until restored on the same port.
type cutProxy struct {
	t      *testing.T
	target string
	addr   string

	mu    sync.Mutex
	ln    net.Listener
	conns map[net.Conn]bool
}

func newCutProxy(t *testing.T, target string) *cutProxy {
	p := &cutProxy{t: t, target: target, addr: "127.0.0.1:0", conns: map[net.Conn]bool{}}
	p.restore()
	t.Cleanup(p.cut)
	return p
}

// restore listens again on the proxy's port (a fresh one the first time).
func (p *cutProxy) restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatalf("proxy: listen on %s: %v", p.addr, err)
	}
	p.ln, p.addr = ln, ln.Addr().String()
	go p.serve(ln)
}

// cut closes the listener, so that connecting is refused, and every live
// connection, as a database that went away would.
func (p *cutProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
		delete(p.conns, c)
	}
}

func (p *cutProxy) serve(ln net.Listener) {
	for {
		client, err := ln.Accept()
		if err != nil {
			return // closed by cut
		}
		server, err := net.Dial("tcp", p.target)
		if err != nil {
			client.Close()
			continue
		}
		p.mu.Lock()
		if p.ln != ln { // cut between Accept and here
			p.mu.Unlock()
			client.Close()
			server.Close()
			continue
		}
		p.conns[client], p.conns[server] = true, true
		p.mu.Unlock()
		go p.pipe(client, server)
		go p.pipe(server, client)
	}
}

func (p *cutProxy) pipe(dst, src net.Conn) {
	io.Copy(dst, src)
	dst.Close()
	src.Close()
	p.mu.Lock()
	delete(p.conns, dst)
	delete(p.conns, src)
	p.mu.Unlock()
}

// outageLog sends the server's log lines to the test's log.
type outageLog struct{ t *testing.T }

func (w outageLog) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(b), "\n"))
	return len(b), nil
}

// projector is PROJ's, as serve wires it.
func projector(t testing.TB) *proj.Projector {
	t.Helper()
	pj, err := proj.Shared()
	if err != nil {
		t.Fatal(err)
	}
	return pj
}
