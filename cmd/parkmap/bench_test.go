package main

import (
	"io"
	"net/http"
	"testing"
)

// BenchmarkItems measures GET /api/collections/{id}/items through the real
// program on loopback, on each store: the request, the store, the encoding
// and the response, sent by one client at a time. parks is a small page
// (four zones, about 6 KB); counties is the heavy one (nine detailed
// boundaries, about 290 KB). Each is fetched as is (what wrk and pgbench
// compare in scripts/bench.sh) and gzip-compressed (what a browser asks
// for). The server runs in this process, so allocs/op count both sides.
//
// The PostGIS leg gets a database of its own on PARKMAP_TEST_DATABASE_URL
// and skips without one, except under CI=true (postgistest).
func BenchmarkItems(b *testing.B) {
	for _, store := range []struct {
		name string
		env  func(testing.TB) map[string]string
	}{
		{"memory", func(testing.TB) map[string]string { return map[string]string{} }},
		{"postgis", seededDatabase},
	} {
		b.Run(store.name, func(b *testing.B) {
			env := store.env(b)
			env["PARKMAP_LOG"] = "warn" // no line per request in the benchmark's output
			base := startServerEnv(b, env)
			for _, collection := range []string{"parks", "counties"} {
				for _, encoding := range []string{"identity", "gzip"} {
					b.Run(collection+"/"+encoding, func(b *testing.B) {
						benchmarkGet(b, base+"/api/collections/"+collection+"/items", encoding)
					})
				}
			}
		})
	}
}

// benchmarkGet fetches url over one kept-alive connection, reading each body
// to the end, and reports the bytes on the wire per request.
func benchmarkGet(b *testing.B, url, encoding string) {
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	b.Cleanup(client.CloseIdleConnections)
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", encoding)
	var n int64
	b.ReportAllocs()
	for b.Loop() {
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		n, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil {
			b.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("GET %s: %s", url, resp.Status)
		}
	}
	b.SetBytes(n)
}
