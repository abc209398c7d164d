package geo

import (
	"slices"
	"testing"
)

func testChain() *Chain {
	return &Chain{
		Slug:   "battery",
		Stages: []Stage{{Slug: "up"}, {Slug: "mid"}, {Slug: "down"}},
		Segments: []Segment{
			{Slug: "ore", Stage: "up"}, {Slug: "acid", Stage: "up"},
			{Slug: "cathode", Stage: "mid"}, {Slug: "anode", Stage: "mid"}, {Slug: "salt", Stage: "mid"},
			{Slug: "cells", Stage: "down"},
		},
		Flows: []Flow{{"ore", "acid"}, {"acid", "cathode"}, {"cathode", "cells"}, {"anode", "cells"}, {"salt", "cells"}, {"cells", "ore"}},
	}
}

func TestCoverageOf(t *testing.T) {
	parks := []Park{
		{ID: "a", Chain: "battery", Segments: []string{"cathode", "cells"}},
		{ID: "b", Chain: "battery", Segments: []string{"cathode", "acid"}},
		{ID: "c", Chain: "battery", Status: StatusReserved, Segments: []string{}},
		{ID: "d", Chain: "steel", Segments: []string{"cells"}},
	}
	cov := CoverageOf(testChain(), parks)
	if want := []string{"a", "b", "c"}; !slices.Equal(cov.Parks, want) {
		t.Errorf("Parks = %v, want %v", cov.Parks, want)
	}
	if want := []string{"ore", "anode", "salt"}; !slices.Equal(cov.Gaps, want) {
		t.Errorf("Gaps = %v, want %v", cov.Gaps, want)
	}
	if len(cov.Overlaps) != 1 || cov.Overlaps[0].Segment.Slug != "cathode" || !slices.Equal(cov.Overlaps[0].Parks, []string{"a", "b"}) {
		t.Errorf("Overlaps = %+v, want cathode in a and b", cov.Overlaps)
	}
	if got := cov.Segments[len(cov.Segments)-1]; got.Segment.Slug != "cells" || !slices.Equal(got.Parks, []string{"a"}) {
		t.Errorf("cells hosted by %v, want [a] (d is another chain's)", got.Parks)
	}
}

func TestWalks(t *testing.T) {
	c := testChain()
	if got, want := c.Suppliers("cells"), []string{"anode", "cathode", "salt"}; !slices.Equal(got, want) {
		t.Errorf("Suppliers(cells) = %v, want %v", got, want)
	}
	if got, want := c.Customers("cathode"), []string{"cells"}; !slices.Equal(got, want) {
		t.Errorf("Customers(cathode) = %v, want %v", got, want)
	}
	// The cycle cells → ore is walked once and the start is left out.
	if got, want := c.Upstream("cathode"), []string{"acid", "anode", "cells", "ore", "salt"}; !slices.Equal(got, want) {
		t.Errorf("Upstream(cathode) = %v, want %v", got, want)
	}
	if got, want := c.Downstream("anode"), []string{"acid", "cathode", "cells", "ore"}; !slices.Equal(got, want) {
		t.Errorf("Downstream(anode) = %v, want %v", got, want)
	}
	if got, want := c.StagesOf([]string{"cells", "ore", "acid"}), []string{"up", "down"}; !slices.Equal(got, want) {
		t.Errorf("StagesOf = %v, want %v", got, want)
	}
}
