package api_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/parkmap/parkmap/api"
	"github.com/parkmap/parkmap/data/memory"
	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/data/storetest"
	"github.com/parkmap/parkmap/geo"
)

// BenchmarkItemsBBoxPage is the embedded bbox case of issue 10 without
// the network: a page of 100 of 100,000 parcels generated into Yuxi's
// zones (`parkmap gen --parcels 100000 --seed 1`, data/memory's
// BenchmarkBBoxPage; bench.sh now spreads them over --zones) in a random
// 0.1° box meeting the zone with most parcels, by bench.sh's rule, through
// the whole handler, middleware included. Its body (~58 KB) goes to a
// writer that drops it, so what is measured is the server's work, not a
// recorder's buffer.
func BenchmarkItemsBBoxPage(b *testing.B) {
	d, err := seed.Bundled()
	if err != nil {
		b.Fatal(err)
	}
	if d.Parcels, err = geo.GenerateParcels(d.Parks, 100_000, 1); err != nil {
		b.Fatal(err)
	}
	zone := storetest.CrowdedZone(d.Parcels)
	store, err := memory.New(d)
	if err != nil {
		b.Fatal(err)
	}
	h, err := api.NewServer(api.Config{Projector: projector(b)}, store, nil)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	targets := make([]string, 1024)
	for i := range targets {
		// bench.sh's rule: the box's south-west corner is uniform in
		// [min - 0.1, max] of the zone's bounds.
		x := zone.Min[0] - 0.1 + rng.Float64()*(zone.Max[0]-zone.Min[0]+0.1)
		y := zone.Min[1] - 0.1 + rng.Float64()*(zone.Max[1]-zone.Min[1]+0.1)
		targets[i] = fmt.Sprintf("/api/collections/parcels/items?limit=100&bbox=%.7f,%.7f,%.7f,%.7f", x, y, x+0.1, y+0.1)
	}
	for _, bc := range []struct {
		name   string
		header map[string]string
	}{
		{"identity", nil},
		{"gzip", map[string]string{"Accept-Encoding": "gzip"}},
		{"not-modified", nil}, // If-None-Match set below, per page
	} {
		b.Run(bc.name, func(b *testing.B) {
			reqs := make([]*http.Request, len(targets))
			for i, t := range targets {
				reqs[i] = httptest.NewRequest(http.MethodGet, t, nil)
				for k, v := range bc.header {
					reqs[i].Header.Set(k, v)
				}
				if bc.name == "not-modified" {
					w := &discard{header: http.Header{}}
					h.ServeHTTP(w, reqs[i])
					reqs[i].Header.Set("If-None-Match", w.header.Get("ETag"))
				}
			}
			w := &discard{header: http.Header{}}
			bytes := 0
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				clear(w.header)
				w.status, w.n = 0, 0
				h.ServeHTTP(w, reqs[i%len(reqs)])
				i++
				if want := http.StatusOK; bc.name == "not-modified" {
					want = http.StatusNotModified
					if w.status != want {
						b.Fatalf("status %d, want %d", w.status, want)
					}
				} else if w.status != want {
					b.Fatalf("status %d, want %d", w.status, want)
				}
				bytes += w.n
			}
			b.ReportMetric(float64(bytes)/float64(i), "B/resp")
		})
	}
}

// discard is a ResponseWriter that keeps the status and counts the body.
type discard struct {
	header http.Header
	status int
	n      int
}

func (w *discard) Header() http.Header { return w.header }

func (w *discard) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *discard) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	w.n += len(p)
	return len(p), nil
}
