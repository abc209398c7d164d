package api

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/parkmap/parkmap/data/memory"
	"github.com/parkmap/parkmap/data/postgis"
	"github.com/parkmap/parkmap/data/postgis/postgistest"
	"github.com/parkmap/parkmap/data/proj"
	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/geo"
)

// testStore is a store the API tests run on.
type testStore struct {
	name  string
	store geo.Store
}

// stores returns the embedded store and a seeded PostGIS store, both with
// the bundled data. The PostGIS leg runs when PARKMAP_TEST_DATABASE_URL
// names a server, and under CI=true, where a missing server fails.
func stores(t *testing.T) []testStore {
	t.Helper()
	out := []testStore{{"memory", memoryStore(t)}}
	if os.Getenv(postgistest.EnvURL) == "" && os.Getenv("CI") != "true" {
		t.Logf("PostGIS leg not run: %s is not set", postgistest.EnvURL)
		return out
	}
	ctx := context.Background()
	pg, err := postgis.Open(ctx, postgistest.NewDatabase(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Close() })
	if err := pg.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	d, err := seed.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	if err := pg.Seed(ctx, d); err != nil {
		t.Fatal(err)
	}
	return append(out, testStore{"postgis", pg})
}

// memoryStore is the embedded store with the bundled data, for tests of
// what does not depend on the store.
func memoryStore(t *testing.T) geo.Store {
	t.Helper()
	d, err := seed.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	mem, err := memory.New(d)
	if err != nil {
		t.Fatal(err)
	}
	return mem
}

// testServer builds the handler over store with cfg, the test's log, and
// a tiny web map.
func testServer(t *testing.T, cfg Config, store geo.Store) http.Handler {
	t.Helper()
	_, h := testServerParts(t, cfg, store, slog.New(slog.NewTextHandler(testLog{t}, nil)))
	return h
}

// testProjector is PROJ's, as cmd/parkmap wires it.
func testProjector(t testing.TB) geo.Projector {
	t.Helper()
	pj, err := proj.Shared()
	if err != nil {
		t.Fatal(err)
	}
	return pj
}

// testServerParts is testServer with the server, for white-box tests.
func testServerParts(t *testing.T, cfg Config, store geo.Store, logger *slog.Logger) (*server, http.Handler) {
	t.Helper()
	if cfg.Projector == nil {
		cfg.Projector = testProjector(t)
	}
	if cfg.Assets == nil {
		cfg.Assets = fstest.MapFS{
			"index.html": {Data: []byte("<!doctype html><title>map</title>" + strings.Repeat("<p>map</p>", 200))},
		}
	}
	s, h, err := newServer(cfg, store, logger)
	if err != nil {
		t.Fatal(err)
	}
	return s, h
}

// do serves one request and returns the response with its body read.
func do(t *testing.T, h http.Handler, r *http.Request) (*http.Response, string) {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	resp := w.Result()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func get(target string, header ...string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	return r
}

type testLog struct{ t *testing.T }

func (w testLog) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
