package memory_test

import (
	"context"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/data/memory"
	"github.com/parkmap/parkmap/geo"
)

// benchParcels is how many parcels the siting benchmarks generate:
// PARKMAP_BENCH_PARCELS, else a million.
func benchParcels() int {
	if n, err := strconv.Atoi(os.Getenv("PARKMAP_BENCH_PARCELS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

// BenchmarkSiting serves the domain endpoints' reads from 10,000 zones and
// a million generated parcels (PARKMAP_BENCH_PARCELS): zones ranked (the
// first 100, and the first 20 near a point), parcels ranked (at least
// 0.2 ha, which most zones have at a million parcels, and at least 1 ha,
// which few or none have), a chain's hosts and coverage, and locate. It logs
// the store's load time and heap.
func BenchmarkSiting(b *testing.B) {
	d := synthetic(b, 10_000)
	n := benchParcels()
	parcels, err := geo.GenerateParcels(d.Parks, n, 1)
	if err != nil {
		b.Fatal(err)
	}
	d.Parcels = parcels
	start := time.Now()
	s, err := memory.New(d)
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.Logf("10,000 zones and %d parcels loaded in %v, heap %d MiB", n, time.Since(start).Round(time.Millisecond), ms.HeapAlloc>>20)
	benchSiting(b, s)
}

func benchSiting(b *testing.B, s geo.Store) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(5, 6))
	point := func() *orb.Point { return &orb.Point{101.5 + 1.7*r.Float64(), 23.5 + 1.4*r.Float64()} }
	index, err := s.ZoneIndex(ctx)
	if err != nil {
		b.Fatal(err)
	}
	areas, err := s.ParcelAreas(ctx)
	if err != nil {
		b.Fatal(err)
	}
	segments := []string{}
	for _, sg := range index.Chains()[0].Segments {
		segments = append(segments, sg.Slug)
	}
	seg := func() string { return segments[r.IntN(len(segments))] }
	for _, bm := range []struct {
		name string
		run  func() error
	}{
		{"index", func() error { _, err := s.ZoneIndex(ctx); return err }},
		{"zones/first100", func() error {
			_, err := index.Rank(ctx, geo.SitingQuery{Segment: seg(), Weights: geo.DefaultWeights}, 100)
			return err
		}},
		{"zones/near/first20", func() error {
			_, err := index.Rank(ctx, geo.SitingQuery{Segment: seg(), Near: point(), Weights: geo.DefaultWeights}, 20)
			return err
		}},
		{"parcels/near/atleast1ha/first20", func() error {
			q := geo.ParcelQuery{SitingQuery: geo.SitingQuery{Segment: seg(), Near: point(), Weights: geo.DefaultWeights}, MinAreaHa: 1, Limit: 20}
			_, err := index.RankParcels(ctx, q, areas, s.AvailableParcels)
			return err
		}},
		{"parcels/near/atleast0.2ha/first20", func() error {
			q := geo.ParcelQuery{SitingQuery: geo.SitingQuery{Segment: seg(), Near: point(), Weights: geo.DefaultWeights}, MinAreaHa: 0.2, Limit: 20}
			_, err := index.RankParcels(ctx, q, areas, s.AvailableParcels)
			return err
		}},
		{"parcels/atleast1ha/first20", func() error {
			q := geo.ParcelQuery{SitingQuery: geo.SitingQuery{Segment: seg(), Weights: geo.DefaultWeights}, MinAreaHa: 1, Limit: 20}
			_, err := index.RankParcels(ctx, q, areas, s.AvailableParcels)
			return err
		}},
		{"chain", func() error {
			for _, sg := range segments {
				_ = index.Hosts(sg)
			}
			_, _ = index.Coverage(index.Chains()[0].Slug)
			return nil
		}},
		{"locate", func() error { _, err := s.Locate(ctx, *point(), 4); return err }},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := bm.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
