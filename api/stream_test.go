package api_test

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/parkmap/parkmap/api"
	"github.com/parkmap/parkmap/data/storetest"
	"github.com/parkmap/parkmap/geo"
)

// streamer makes a store stream its pages, failing after failAfter
// features when failAfter is not negative.
type streamer struct {
	geo.Store
	failAfter int
}

var errMidPage = errors.New("the database went away mid-page")

func (s streamer) StreamFeatures(ctx context.Context, c *geo.Collection, q geo.FeatureQuery, emit func(json.RawMessage) error) (geo.FeaturePage, error) {
	page, err := s.Features(ctx, c, q)
	if err != nil {
		return page, err
	}
	for i, f := range page.Features {
		if i == s.failAfter {
			return geo.FeaturePage{}, errMidPage
		}
		if err := emit(f); err != nil {
			return geo.FeaturePage{}, err
		}
	}
	page.Features = nil
	return page, nil
}

// TestStreamedPages: a page past StreamAfter goes out chunked, as it is
// read, with the bytes of a page held whole, gzipped or not; a failure
// before anything was sent is a JSON error, and one after it cuts the
// response short, so that no client takes a part for the whole.
func TestStreamedPages(t *testing.T) {
	whole := serve(t, memoryStore(t), api.Config{})
	streamed := serve(t, streamer{memoryStore(t), -1}, api.Config{StreamAfter: 100})
	small := serve(t, streamer{memoryStore(t), -1}, api.Config{}) // held whole
	const path = "/api/collections/parks/items?sortby=-area_ha"
	want := decodeFrom(t, whole, path)
	for _, ae := range []string{"", "gzip"} {
		resp, body := fetchRaw(t, streamed+path, ae)
		// Gzipped, this small page fits net/http's buffer, which then
		// gives its length; plain, it does not, and goes chunked.
		if ae == "" && resp.ContentLength != -1 || resp.Header.Get("ETag") != "" || resp.Header.Get("Content-Encoding") != ae {
			t.Errorf("Accept-Encoding %q: Content-Length %d, ETag %q, Content-Encoding %q; want chunked, none, %q",
				ae, resp.ContentLength, resp.Header.Get("ETag"), resp.Header.Get("Content-Encoding"), ae)
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(strings.ReplaceAll(string(body), streamed, "BASE")), &got); err != nil {
			t.Fatalf("Accept-Encoding %q: %v", ae, err)
		}
		delete(got, "timeStamp")
		if gotJSON, wantJSON := mustJSON(t, got), mustJSON(t, want); gotJSON != wantJSON {
			t.Errorf("Accept-Encoding %q: the streamed page differs:\n%s\nwant\n%s", ae, gotJSON, wantJSON)
		}
	}
	if resp, _ := fetchRaw(t, small+path, ""); resp.Header.Get("ETag") == "" {
		t.Error("a page under StreamAfter has no ETag")
	}

	// PostGIS streams its rows as it reads them: the same page.
	pg := serve(t, postgisStore(t), api.Config{StreamAfter: 100})
	if err := storetest.SameJSON(want, decodeFrom(t, pg, path), ""); err != nil {
		t.Errorf("PostGIS's streamed page differs from memory's: %v", err)
	}

	failing := serve(t, streamer{memoryStore(t), 2}, api.Config{StreamAfter: 100})
	req, err := http.NewRequest("GET", failing+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	if err == nil {
		t.Error("a page cut mid-stream was read to its end without an error")
	}

	early := serve(t, streamer{memoryStore(t), 0}, api.Config{})
	r := request(t, "GET", early+path, nil)
	var e struct{ Code, Description string }
	if r.status != 500 || json.Unmarshal(r.body, &e) != nil || e.Code == "" {
		t.Errorf("a failure before the first byte: %d %s, want a 500 with a JSON error", r.status, r.body)
	}
}

// fetchRaw gets a URL with Accept-Encoding ae and returns the response
// and its body, gunzipped when it came gzipped.
func fetchRaw(t *testing.T, rawURL, ae string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ae != "" {
		req.Header.Set("Accept-Encoding", ae)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r io.Reader = resp.Body
	if resp.Header.Get("Content-Encoding") == "gzip" {
		if r, err = gzip.NewReader(resp.Body); err != nil {
			t.Fatal(err)
		}
	}
	body, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", rawURL, resp.StatusCode, body)
	}
	return resp, body
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
