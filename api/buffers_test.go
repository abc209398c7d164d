package api_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sync"
	"testing"

	"github.com/parkmap/parkmap/api"
)

// TestPooledBodiesConcurrently: bodies are built in pooled buffers, given
// back once written, so a buffer handed on too early would show as one
// response's bytes in another's. Pages of every size, whole (memory),
// gathered then written whole (a streaming store under StreamAfter) and
// streamed past it, gzipped or not, are fetched at once, many times over,
// and each must be the page served alone, with its ETag.
func TestPooledBodiesConcurrently(t *testing.T) {
	bases := map[string]string{
		"memory":   serve(t, memoryStore(t), api.Config{}),
		"gathered": serve(t, streamer{memoryStore(t), -1}, api.Config{}),
		"streamed": serve(t, streamer{memoryStore(t), -1}, api.Config{StreamAfter: 2000}),
	}
	paths := []string{
		"/api/collections/parks/items",
		"/api/collections/parks/items?limit=1",
		"/api/collections/parks/items?limit=2&offset=1",
		"/api/collections/counties/items",
		"/api/collections/projects/items?sortby=-id",
		"/api/collections",
	}
	type target struct{ url, ae string }
	want := map[target]page{}
	for name, base := range bases {
		for _, p := range paths {
			for _, ae := range []string{"", "gzip"} {
				tg := target{base + p, ae}
				got, err := fetchPage(tg.url, ae)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				want[tg] = got
			}
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for w := range 8 {
		wg.Go(func() {
			for round := range 10 {
				for tg, wp := range want {
					got, err := fetchPage(tg.url, tg.ae)
					if err == nil && (!bytes.Equal(got.body, wp.body) || got.etag != wp.etag) {
						err = fmt.Errorf("worker %d, round %d: GET %s (Accept-Encoding %q): %d bytes, ETag %q; alone %d bytes, ETag %q",
							w, round, tg.url, tg.ae, len(got.body), got.etag, len(wp.body), wp.etag)
					}
					if err != nil {
						select {
						case errs <- err:
						default:
						}
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// page is a response's body, without its timeStamp, and its ETag.
type page struct {
	body []byte
	etag string
}

var timeStamp = regexp.MustCompile(`,"timeStamp":"[^"]*"`)

// fetchPage is fetchRaw for any goroutine: it returns its error.
func fetchPage(rawURL, ae string) (page, error) {
	req, err := http.NewRequest("GET", rawURL, nil)
	if err != nil {
		return page{}, err
	}
	if ae != "" {
		req.Header.Set("Accept-Encoding", ae)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return page{}, err
	}
	defer resp.Body.Close()
	var r io.Reader = resp.Body
	if resp.Header.Get("Content-Encoding") == "gzip" {
		if r, err = gzip.NewReader(resp.Body); err != nil {
			return page{}, fmt.Errorf("GET %s: %w", rawURL, err)
		}
	}
	body, err := io.ReadAll(r)
	if err != nil {
		return page{}, fmt.Errorf("GET %s: %w", rawURL, err)
	}
	if resp.StatusCode != http.StatusOK {
		return page{}, fmt.Errorf("GET %s: %d %s", rawURL, resp.StatusCode, body)
	}
	return page{timeStamp.ReplaceAll(body, nil), resp.Header.Get("ETag")}, nil
}
