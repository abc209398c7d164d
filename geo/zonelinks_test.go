package geo

import (
	"context"
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
