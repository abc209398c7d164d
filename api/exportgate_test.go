package api

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/parkmap/parkmap/geo"
)

// TestExportGate: an export streaming its pages holds an export slot, not
// one of MaxInFlight's. With one of each, the map's request is served
// while an export streams (it was a 503 when the export kept its slot); a
// second export, finding the export slot taken, is refused at once with a
// 503, Retry-After and the JSON error; a one-page export, which streams
// nothing from the store, still goes; and once the first export has
// ended, whole, exports stream again.
func TestExportGate(t *testing.T) {
	values := make([]string, exportPage+10) // two pages
	for i := range values {
		values[i] = fmt.Sprint(i)
	}
	hold := make(chan struct{})
	store := &slowStore{listStore: listStore{features: oddFeatures(t, values)}, hold: hold}
	store.index()
	_, h, err := newServer(Config{MaxInFlight: 1, MaxExports: 1, QueueWait: 200 * time.Millisecond,
		Collections: geo.Catalog{oddCollection}, Projector: testProjector(t)}, store, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	items := srv.URL + "/api/collections/odd/items"

	// The first export's headers are in: its first page is read, and it
	// waits for its second until hold is closed.
	first, err := srv.Client().Get(items + "?f=geojsonseq")
	if err != nil {
		t.Fatal(err)
	}
	defer first.Body.Close()
	if first.StatusCode != http.StatusOK {
		t.Fatalf("first export: %d", first.StatusCode)
	}
	get := func(query string) (*http.Response, string) {
		t.Helper()
		resp, err := srv.Client().Get(items + query)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return resp, string(body)
	}
	for _, tc := range []struct {
		name, query string
		want        int
	}{
		{"the map's page", "?limit=1", http.StatusOK},
		{"a one-page export", "?f=csv&limit=3", http.StatusOK},
		{"a second export", "?f=csv", http.StatusServiceUnavailable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := get(tc.query)
			if resp.StatusCode != tc.want {
				t.Fatalf("while an export streams: %d, want %d: %.200s", resp.StatusCode, tc.want, body)
			}
			if tc.want != http.StatusServiceUnavailable {
				return
			}
			var e errorBody
			if err := json.Unmarshal([]byte(body), &e); err != nil || e.Code != "ServiceUnavailable" || !strings.Contains(e.Description, "exports") {
				t.Errorf("body %.200s, want the JSON error saying exports are busy", body)
			}
			if resp.Header.Get("Retry-After") == "" || !strings.HasPrefix(resp.Header.Get("Content-Type"), contentJSON) {
				t.Errorf("Retry-After %q, Content-Type %q", resp.Header.Get("Retry-After"), resp.Header.Get("Content-Type"))
			}
		})
	}

	close(hold)
	body, err := io.ReadAll(first.Body)
	if n := strings.Count(string(body), "\x1e"); err != nil || n != len(values) {
		t.Fatalf("first export: %d records (%v), want all %d", n, err, len(values))
	}
	if resp, body := get("?f=csv"); resp.StatusCode != http.StatusOK || strings.Count(body, "\n") != len(values)+1 {
		t.Errorf("an export after the first ended: %d, %d lines", resp.StatusCode, strings.Count(body, "\n"))
	}
}
