package api_test

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/parkmap/parkmap/api"
	"github.com/parkmap/parkmap/data/memory"
	"github.com/parkmap/parkmap/data/postgis"
	"github.com/parkmap/parkmap/data/postgis/postgistest"
	"github.com/parkmap/parkmap/data/proj"
	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/data/storetest"
	"github.com/parkmap/parkmap/geo"
)

// The handlers are tested here through httptest on both stores loaded with
// data/storetest's synthetic city, so that new Yuxi data breaks no API
// test; cmd/parkmap keeps the tests of the binary itself.

// city loads a fresh copy of the synthetic city.
func city(t testing.TB) *seed.Dataset {
	t.Helper()
	d, err := storetest.City()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// memoryStore is the embedded store on the synthetic city.
func memoryStore(t testing.TB) geo.Store {
	t.Helper()
	s, err := memory.New(city(t))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// postgisStore is a fresh PostGIS database, migrated and seeded with the
// synthetic city. Without PARKMAP_TEST_DATABASE_URL it skips, except
// under CI=true, where it fails (postgistest).
func postgisStore(t testing.TB) geo.Store {
	t.Helper()
	ctx := context.Background()
	s, err := postgis.Open(ctx, postgistest.NewDatabase(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Seed(ctx, city(t)); err != nil {
		t.Fatal(err)
	}
	return s
}

// projector is PROJ's, as cmd/parkmap wires it.
func projector(t testing.TB) geo.Projector {
	t.Helper()
	pj, err := proj.Shared()
	if err != nil {
		t.Fatal(err)
	}
	return pj
}

// serve starts the API on the store and returns its base URL.
func serve(t testing.TB, s geo.Store, cfg api.Config) string {
	t.Helper()
	if cfg.Version == "" {
		cfg.Version = "test"
	}
	if cfg.Projector == nil {
		cfg.Projector = projector(t)
	}
	h, err := api.NewServer(cfg, s, slog.New(slog.NewTextHandler(logWriter{t}, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// suites are the API's tests, each run on a server of each store.
var suites = []struct {
	name string
	test func(t *testing.T, base string)
}{
	{"landing and collections", testLandingAndCollections},
	{"queryables", testQueryables},
	{"schemas", testSchemas},
	{"paging", testPaging},
	{"cursors", testCursors},
	{"items", testItems},
	{"shaping", testShaping},
	{"csv", testCSV},
	{"feature", testFeature},
	{"http", testHTTP},
	{"bad input", testBadInput},
	{"tiles", testTiles},
	{"tiles bad input", testTilesBadInput},
	{"tile filters", testTileFilters},
	{"crs", testCRS},
	{"crs bad input", testCRSBadInput},
	{"exports", testExports},
	{"geopackage in a crs", testGPKGInCRS},
	{"gcj02", testGCJ02},
	{"siting parcels", testSitingParcels},
}

// TestAPI runs every suite on the embedded store and on PostGIS, one
// database for all of them (the API only reads), then holds the two
// stores' answers to the same requests equal.
func TestAPI(t *testing.T) {
	mem := serve(t, memoryStore(t), api.Config{})
	t.Run("memory", func(t *testing.T) {
		for _, s := range suites {
			t.Run(s.name, func(t *testing.T) { s.test(t, mem) })
		}
	})
	t.Run("postgis", func(t *testing.T) {
		pg := serve(t, postgisStore(t), api.Config{})
		for _, s := range suites {
			t.Run(s.name, func(t *testing.T) { s.test(t, pg) })
		}
		t.Run("same as memory", func(t *testing.T) { testStoresAgree(t, mem, pg) })
	})
}

// logWriter sends the server's log to the test's.
type logWriter struct{ t testing.TB }

func (w logWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// request sends one request, without following redirects or decompressing.
func request(t testing.TB, method, rawURL string, header map[string]string) response {
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

// get fetches a URL that must answer 200 with a content type beginning
// with contentType, and decodes its JSON into v when v is not nil.
func get(t testing.TB, rawURL, contentType string, v any) response {
	t.Helper()
	r := request(t, "GET", rawURL, nil)
	if r.status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", rawURL, r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, contentType) {
		t.Errorf("GET %s: Content-Type %q, want %s", rawURL, ct, contentType)
	}
	if v != nil {
		if err := json.Unmarshal(r.body, v); err != nil {
			t.Fatalf("GET %s: %v: %.200s", rawURL, err, r.body)
		}
	}
	return r
}

// updating reports whether the test runs with -update. The flag is
// data/storetest's, which this package imports: a second definition
// would panic.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}
