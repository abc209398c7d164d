package geo

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb"
)

// bruteHosts is the nearest host as Rank found it before the index: a
// measure to every zone hosting the segment, the first nearest winning.
func bruteHosts(zones []Park, _ []string) nearestHost {
	return func(z int, seg string) (int, float64, bool) {
		found, best := -1, 0.0
		for o := range zones {
			if zones[o].ID == zones[z].ID || !zones[o].Hosts(seg) {
				continue
			}
			if d := DistanceBetween(zones[z].Geometry, zones[o].Geometry); found < 0 || d < best {
				found, best = o, d
			}
		}
		return found, best, found >= 0
	}
}

// TestRankIndexMatchesBruteForce ranks random zones for every segment with
// the index and with a measure to every zone: the sites must be identical,
// distances and tie-breaks included. The zones are Yuxi-sized and dense
// (many overlap and touch), then spread over the whole Earth, poles and
// antimeridian included, where the index's lower bound is least tight.
func TestRankIndexMatchesBruteForce(t *testing.T) {
	chain := testChain()
	for _, tt := range []struct {
		name             string
		n                int
		extent           orb.Bound
		minSide, maxSide float64
	}{
		{"yuxi", 150, orb.Bound{Min: orb.Point{102, 24}, Max: orb.Point{102.3, 24.3}}, 0.003, 0.03},
		{"a grid of equal squares", 100, orb.Bound{Min: orb.Point{102, 24}, Max: orb.Point{102, 24}}, 0.01, 0.01},
		{"the earth", 100, orb.Bound{Min: orb.Point{-180, -89}, Max: orb.Point{170, 80}}, 0.5, 9.5},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for seed := range uint64(2) {
				r := rand.New(rand.NewPCG(seed, 7))
				parks := randomParks(r, tt.n, tt.extent, tt.minSide, tt.maxSide)
				if tt.extent.Min == tt.extent.Max {
					// Squares side by side: many equal distances, to test the ties.
					for i := range parks {
						lon, lat := 102+0.02*float64(i%10), 24+0.02*float64(i/10)
						parks[i].Geometry = orb.MultiPolygon{{{{lon, lat}, {lon + 0.01, lat}, {lon + 0.01, lat + 0.01}, {lon, lat + 0.01}, {lon, lat}}}}
					}
				}
				for _, seg := range chain.Segments {
					q := SitingQuery{Segment: seg.Slug, Near: &orb.Point{102.1, 24.1}, Weights: DefaultWeights}
					want, err := rank(context.Background(), chain, parks, q, bruteHosts)
					if err != nil {
						t.Fatal(err)
					}
					got, err := Rank(context.Background(), chain, parks, q)
					if err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(want, got); diff != "" {
						t.Fatalf("seed %d, segment %s: indexed ranking differs (-brute +indexed):\n%s", seed, seg.Slug, diff)
					}
				}
			}
		})
	}
}

// TestBoundGap checks that boundGap never exceeds the distance between
// points of the two boxes, for random boxes anywhere on Earth.
func TestBoundGap(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 13))
	box := func() orb.Bound {
		size := math.Pow(10, -4+5*r.Float64()) // 0.0001° to 10°
		lon := -180 + (360-size)*r.Float64()
		lat := -90 + (180-size)*r.Float64()
		return orb.Bound{Min: orb.Point{lon, lat}, Max: orb.Point{lon + size*r.Float64(), lat + size*r.Float64()}}
	}
	in := func(b orb.Bound) orb.Point {
		return orb.Point{b.Min[0] + (b.Max[0]-b.Min[0])*r.Float64(), b.Min[1] + (b.Max[1]-b.Min[1])*r.Float64()}
	}
	for range 20000 {
		a, b := box(), box()
		if r.IntN(4) == 0 { // near neighbours, where the bound is tightest
			dx, dy := a.Min[0]-b.Min[0]+0.01*r.NormFloat64(), a.Min[1]-b.Min[1]+0.01*r.NormFloat64()
			b = orb.Bound{Min: orb.Point{b.Min[0] + dx, b.Min[1] + dy}, Max: orb.Point{b.Max[0] + dx, b.Max[1] + dy}}
			if b.Min[1] < -90 || b.Max[1] > 90 || b.Min[0] < -180 || b.Max[0] > 180 {
				continue
			}
		}
		gap := boundGap(a, b)
		if gap2 := boundGap(b, a); gap != gap2 {
			t.Fatalf("boundGap(%v, %v) = %v, but %v the other way", a, b, gap, gap2)
		}
		for range 4 {
			p, q := in(a), in(b)
			if d := Distance(p, q); gap > d {
				t.Fatalf("boundGap(%v, %v) = %.6f m, more than the %.6f m from %v to %v", a, b, gap, d, p, q)
			}
		}
	}
}

// TestRankCancelled: a request whose client has gone stops ranking.
func TestRankCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Rank(ctx, testChain(), syntheticParks(200, 1), SitingQuery{Segment: "cathode", Weights: DefaultWeights})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Rank with a cancelled context = %v, want context.Canceled", err)
	}
}
