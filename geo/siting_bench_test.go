package geo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// syntheticParks returns n zones of testChain scattered over Yuxi's extent:
// rectangles of about 300 to 800 m, half of them hosting one random
// segment, a tenth reserved, and a few of another chain.
func syntheticParks(n int, seed uint64) []Park {
	return randomParks(rand.New(rand.NewPCG(seed, 1)), n, orb.Bound{Min: orb.Point{101.5, 23.5}, Max: orb.Point{103.2, 24.9}}, 0.003, 0.008)
}

// randomParks returns n zones of testChain with their south-west corners in
// extent and sides from minSide to maxSide degrees.
func randomParks(r *rand.Rand, n int, extent orb.Bound, minSide, maxSide float64) []Park {
	segs := testChain().Segments
	parks := make([]Park, n)
	for i := range parks {
		lon := extent.Min[0] + (extent.Max[0]-extent.Min[0])*r.Float64()
		lat := extent.Min[1] + (extent.Max[1]-extent.Min[1])*r.Float64()
		w := minSide + (maxSide-minSide)*r.Float64()
		h := minSide + (maxSide-minSide)*r.Float64()
		p := Park{
			ID:       fmt.Sprintf("z%05d", i),
			Chain:    "battery",
			Status:   StatusOperating,
			Segments: []string{},
			Geometry: orb.MultiPolygon{{{{lon, lat}, {lon + w, lat}, {lon + w, lat + h}, {lon, lat + h}, {lon, lat}}}},
		}
		if r.IntN(2) == 0 {
			p.Segments = []string{segs[r.IntN(len(segs))].Slug}
		}
		if r.IntN(10) == 0 {
			p.Status = StatusReserved
		}
		if r.IntN(50) == 0 {
			p.Chain = "steel"
		}
		parks[i] = p
	}
	return parks
}

// BenchmarkRank ranks synthetic zones (1,000 and 10,000) for a segment
// with a supplier and a customer, and a point.
func BenchmarkRank(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		b.Run(fmt.Sprintf("zones=%d", n), func(b *testing.B) {
			chain, parks := testChain(), syntheticParks(n, 1)
			q := SitingQuery{Segment: "cathode", Near: &orb.Point{102.5, 24.3}, Weights: DefaultWeights}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Rank(context.Background(), chain, parks, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkNewZoneIndex builds the zone index of 10,000 synthetic zones:
// what a store pays when its zones change, so that no request does.
func BenchmarkNewZoneIndex(b *testing.B) {
	chain, parks := testChain(), syntheticParks(10_000, 1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewZoneIndex(context.Background(), []Chain{*chain}, parks); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkZoneIndexRank ranks the first 20 of 10,000 synthetic zones
// near a point through the index, as BenchmarkRank ranks them all.
func BenchmarkZoneIndexRank(b *testing.B) {
	chain, parks := testChain(), syntheticParks(10_000, 1)
	x, err := NewZoneIndex(context.Background(), []Chain{*chain}, parks)
	if err != nil {
		b.Fatal(err)
	}
	for _, near := range []*orb.Point{nil, {102.5, 24.3}} {
		b.Run(fmt.Sprintf("near=%v", near != nil), func(b *testing.B) {
			q := SitingQuery{Segment: "cathode", Near: near, Weights: DefaultWeights}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := x.Rank(context.Background(), q, 20); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkNewZoneIndexFromLinks builds the same index of 10,000 synthetic
// zones from the links a store kept: what a reader pays after a write.
func BenchmarkNewZoneIndexFromLinks(b *testing.B) {
	chain, parks := testChain(), syntheticParks(10_000, 1)
	x, err := NewZoneIndex(context.Background(), []Chain{*chain}, parks)
	if err != nil {
		b.Fatal(err)
	}
	links := x.Links()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewZoneIndexFromLinks(context.Background(), []Chain{*chain}, parks, links); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUpdateZoneLinks updates the links of 10,000 synthetic zones
// after one of them moved: what a writer pays for an edit of a zone.
func BenchmarkUpdateZoneLinks(b *testing.B) {
	chains, parks := []Chain{*testChain()}, syntheticParks(10_000, 1)
	x, err := NewZoneIndex(context.Background(), chains, parks)
	if err != nil {
		b.Fatal(err)
	}
	links := x.Links()
	moved := slices.Clone(parks)
	moved[0].Geometry = orb.MultiPolygon{{{{102.5, 24.2}, {102.51, 24.2}, {102.51, 24.21}, {102.5, 24.21}, {102.5, 24.2}}}}
	changed := map[string]bool{moved[0].ID: true}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := UpdateZoneLinks(context.Background(), chains, moved, links, changed); err != nil {
			b.Fatal(err)
		}
	}
}
