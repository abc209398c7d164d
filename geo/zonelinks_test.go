package geo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb"
)

// TestZoneIndexFromLinks: an index built from another's links is the same
// index: the same links, the same per-zone scores and orders, and the same
// rankings, for every segment, with and without a point.
func TestZoneIndexFromLinks(t *testing.T) {
	ctx := context.Background()
	chain := testChain()
	parks := syntheticParks(400, 7)
	x, err := NewZoneIndex(ctx, []Chain{*chain}, parks)
	if err != nil {
		t.Fatal(err)
	}
	links := x.Links()
	if len(links) == 0 {
		t.Fatal("no links")
	}
	y, err := NewZoneIndexFromLinks(ctx, []Chain{*chain}, parks, links)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(links, y.Links()); diff != "" {
		t.Errorf("links differ (-built +from links):\n%s", diff)
	}
	opts := cmp.AllowUnexported(hostAt{}, segmentScores{})
	if diff := cmp.Diff(x.chain[chain.Slug].nearest, y.chain[chain.Slug].nearest, opts); diff != "" {
		t.Errorf("nearest hosts differ:\n%s", diff)
	}
	if diff := cmp.Diff(x.chain[chain.Slug].segments, y.chain[chain.Slug].segments, opts); diff != "" {
		t.Errorf("scores differ:\n%s", diff)
	}
	for _, seg := range chain.Segments {
		for _, near := range []*orb.Point{nil, {102.5, 24.3}} {
			q := SitingQuery{Segment: seg.Slug, Near: near, Weights: DefaultWeights}
			want, err := x.Rank(ctx, q, 0)
			if err != nil {
				t.Fatal(err)
			}
			got, err := y.Rank(ctx, q, 0)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("%s near %v (-built +from links):\n%s", seg.Slug, near, diff)
			}
		}
	}
}

// TestZoneIndexFromBadLinks: links that cannot be these zones' are refused
// rather than ranked from.
func TestZoneIndexFromBadLinks(t *testing.T) {
	chain := testChain()
	parks := []Park{
		{ID: "a", Chain: "battery", Segments: []string{"cathode"}, Geometry: orb.MultiPolygon{{square(102, 24, 0.01)}}},
		{ID: "b", Chain: "battery", Segments: []string{"cells"}, Geometry: orb.MultiPolygon{{square(102.1, 24, 0.01)}}},
		{ID: "c", Chain: "steel", Segments: []string{"cathode"}, Geometry: orb.MultiPolygon{{square(102.2, 24, 0.01)}}},
	}
	for _, tt := range []struct {
		name string
		link ZoneLink
	}{
		{"an unknown zone", ZoneLink{"battery", "cathode", "x", "a", 1}},
		{"an unknown host", ZoneLink{"battery", "cathode", "b", "x", 1}},
		{"a host of another chain", ZoneLink{"battery", "cathode", "b", "c", 1}},
		{"a host not hosting the segment", ZoneLink{"battery", "cells", "b", "a", 1}},
		{"a zone hosting the segment", ZoneLink{"battery", "cathode", "a", "a", 0}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewZoneIndexFromLinks(context.Background(), []Chain{*chain}, parks, []ZoneLink{tt.link})
			if ErrorCode(err) != EInternal {
				t.Errorf("got %v, want EInternal", err)
			}
		})
	}
}

// TestUpdateZoneLinks changes random zones round after round (moved,
// given other segments, moved to another chain, removed, added) and
// updates the links from the last round's, with the zones whose
// LinkDigest changed: they must be the links a full search finds, to the
// bit. The grid of equal squares makes exact ties.
func TestUpdateZoneLinks(t *testing.T) {
	ctx := context.Background()
	chains := []Chain{*testChain()}
	segs := testChain().Segments
	for _, tt := range []struct {
		name string
		grid bool
	}{{"scattered", false}, {"a grid of equal squares", true}} {
		t.Run(tt.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(11, 13))
			parks := randomParks(r, 300, orb.Bound{Min: orb.Point{102, 24}, Max: orb.Point{102.4, 24.4}}, 0.003, 0.02)
			place := func(i int) orb.MultiPolygon {
				if tt.grid {
					lon, lat := 102+0.02*float64(r.IntN(20)), 24+0.02*float64(r.IntN(20))
					return orb.MultiPolygon{{square(lon, lat, 0.01)}}
				}
				lon, lat := 102+0.4*r.Float64(), 24+0.4*r.Float64()
				return orb.MultiPolygon{{square(lon, lat, 0.003+0.01*r.Float64())}}
			}
			if tt.grid {
				for i := range parks {
					parks[i].Geometry = place(i)
				}
			}
			digests := func(parks []Park) map[string]string {
				out := map[string]string{}
				for _, p := range parks {
					var c *Chain
					if p.Chain == chains[0].Slug {
						c = &chains[0]
					}
					out[p.ID] = string(LinkDigest(c, p))
				}
				return out
			}
			x, err := NewZoneIndex(ctx, chains, parks)
			if err != nil {
				t.Fatal(err)
			}
			links, before := x.Links(), digests(parks)
			next := len(parks)
			for round, n := range []int{1, 1, 2, 5, 20, 60, 300} {
				for range n {
					i := r.IntN(len(parks))
					switch r.IntN(5) {
					case 0:
						parks[i].Geometry = place(i)
					case 1:
						parks[i].Segments = []string{segs[r.IntN(len(segs))].Slug}
					case 2:
						parks[i].Chain = map[string]string{"battery": "steel", "steel": "battery"}[parks[i].Chain]
					case 3:
						parks = slices.Delete(parks, i, i+1)
					case 4:
						parks = append(parks, Park{ID: fmt.Sprintf("n%04d", next), Chain: "battery",
							Segments: []string{segs[r.IntN(len(segs))].Slug}, Geometry: place(i)})
						next++
					}
				}
				after := digests(parks)
				changed := map[string]bool{}
				for id, d := range after {
					if before[id] != d {
						changed[id] = true
					}
				}
				for id := range before {
					if _, ok := after[id]; !ok {
						changed[id] = true
					}
				}
				got, err := UpdateZoneLinks(ctx, chains, parks, links, changed)
				if err != nil {
					t.Fatal(err)
				}
				x, err := NewZoneIndex(ctx, chains, parks)
				if err != nil {
					t.Fatal(err)
				}
				want := x.Links()
				if diff := cmp.Diff(want, got); diff != "" {
					t.Fatalf("round %d, %d zones changed (-searched +updated):\n%s", round, len(changed), diff)
				}
				links, before = got, after
			}
		})
	}
}
