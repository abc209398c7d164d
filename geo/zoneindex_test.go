package geo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb"
)

// TestZoneIndexRankMatchesRank ranks random zones through the index and
// with Rank, for every segment, with and without a point, with weights
// that switch sides off, and with limits: the index's first n sites must be
// Rank's first n, to the bit. The squares side by side make many exact ties.
func TestZoneIndexRankMatchesRank(t *testing.T) {
	chain := testChain()
	weights := []Weights{DefaultWeights, {Assigned: 1}, {Suppliers: 1, Near: 3}, {Customers: 2, Near: 0.5}, {Near: 1}, {Assigned: 0.3, Suppliers: 0.3, Customers: 0.3, Near: 0.3}}
	for _, tt := range []struct {
		name             string
		n                int
		extent           orb.Bound
		minSide, maxSide float64
		grid             bool
	}{
		{"yuxi", 150, orb.Bound{Min: orb.Point{102, 24}, Max: orb.Point{102.3, 24.3}}, 0.003, 0.03, false},
		{"a grid of equal squares", 100, orb.Bound{}, 0, 0, true},
		{"the earth", 100, orb.Bound{Min: orb.Point{-180, -89}, Max: orb.Point{170, 80}}, 0.5, 9.5, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(3, 5))
			parks := randomParks(r, tt.n, tt.extent, tt.minSide, tt.maxSide)
			if tt.grid {
				for i := range parks {
					lon, lat := 102+0.02*float64(i%10), 24+0.02*float64(i/10)
					parks[i].Geometry = orb.MultiPolygon{{{{lon, lat}, {lon + 0.01, lat}, {lon + 0.01, lat + 0.01}, {lon, lat + 0.01}, {lon, lat}}}}
				}
			}
			x, err := NewZoneIndex(context.Background(), []Chain{*chain}, parks)
			if err != nil {
				t.Fatal(err)
			}
			for _, seg := range chain.Segments {
				for wi, w := range weights {
					for _, near := range []*orb.Point{nil, {102.1, 24.1}, {-30, 10}} {
						q := SitingQuery{Segment: seg.Slug, Near: near, Weights: w}
						want, err := Rank(context.Background(), chain, parks, q)
						if err != nil {
							t.Fatal(err)
						}
						for _, limit := range []int{1, 7, 0} {
							got, err := x.Rank(context.Background(), q, limit)
							if err != nil {
								t.Fatal(err)
							}
							n := len(want)
							if limit > 0 {
								n = min(limit, n)
							}
							if diff := cmp.Diff(want[:n], got); diff != "" {
								t.Fatalf("%s, weights %d, near %v, limit %d (-Rank +index):\n%s", seg.Slug, wi, near, limit, diff)
							}
						}
					}
				}
			}
		})
	}
}

// TestZoneIndexScoresFew: the threshold search reads a part of the zones
// for the first ten, and measures the distance to the point of a few.
func TestZoneIndexScoresFew(t *testing.T) {
	x, err := NewZoneIndex(context.Background(), []Chain{*testChain()}, syntheticParks(2000, 1))
	if err != nil {
		t.Fatal(err)
	}
	for _, near := range []*orb.Point{nil, {102.5, 24.3}} {
		s, _, err := x.stream(context.Background(), SitingQuery{Segment: "cathode", Near: near, Weights: DefaultWeights})
		if err != nil {
			t.Fatal(err)
		}
		for range 10 {
			if _, ok := s.Next(); !ok {
				t.Fatal("stream ended early")
			}
		}
		s.Close()
		seen := 0
		for _, v := range s.seen {
			if v {
				seen++
			}
		}
		if seen > len(s.seen)/2 || s.measured > 50 {
			t.Errorf("near %v: read %d of %d zones and measured %d for the first 10", near, seen, len(s.seen), s.measured)
		}
		t.Logf("near %v: read %d of %d zones, measured %d, for the first 10", near, seen, len(s.seen), s.measured)
	}
}

func TestZoneIndexBadQuery(t *testing.T) {
	x, err := NewZoneIndex(context.Background(), []Chain{*testChain()}, syntheticParks(50, 1))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []SitingQuery{
		{Segment: "nope", Weights: DefaultWeights},
		{Segment: "cathode", Weights: Weights{Assigned: -1}},
		{Segment: "cathode", Weights: DefaultWeights, Near: &orb.Point{200, 0}},
	} {
		if _, err := x.Rank(context.Background(), q, 5); ErrorCode(err) != EInvalid {
			t.Errorf("Rank(%+v) = %v, want EInvalid", q, err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := NewZoneIndex(ctx, []Chain{*testChain()}, syntheticParks(500, 1)); !errors.Is(err, context.Canceled) {
		t.Errorf("NewZoneIndex with a cancelled context = %v", err)
	}
}

func TestZoneIndexHostsAndCoverage(t *testing.T) {
	chain := testChain()
	parks := syntheticParks(300, 2)
	x, err := NewZoneIndex(context.Background(), []Chain{*chain}, parks)
	if err != nil {
		t.Fatal(err)
	}

	cov, ok := x.Coverage(chain.Slug)
	if !ok {
		t.Fatal("no coverage")
	}
	if diff := cmp.Diff(CoverageOf(chain, parks), cov); diff != "" {
		t.Errorf("coverage differs:\n%s", diff)
	}
	for _, seg := range chain.Segments {
		var want []string
		for _, p := range parks {
			if p.Hosts(seg.Slug) {
				want = append(want, p.ID)
			}
		}
		if got := x.Hosts(seg.Slug); !slices.Equal(got, want) {
			t.Errorf("Hosts(%s) = %v, want %v", seg.Slug, got, want)
		}
	}
	if got := fmt.Sprint(x.Hosts("nope")); got != "[]" {
		t.Errorf("Hosts of an unknown segment = %s", got)
	}
}
