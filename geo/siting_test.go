package geo

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// box is a 0.02° zone with its south-west corner at lon, lat.
func box(lon, lat float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{lon, lat}, {lon + 0.02, lat}, {lon + 0.02, lat + 0.02}, {lon, lat + 0.02}, {lon, lat}}}}
}

func sitingParks() []Park {
	return []Park{
		{ID: "a", NameEN: "Zone A", NameZH: "甲园", Chain: "battery", Status: StatusOperating, Segments: []string{"cathode", "cells"}, Geometry: box(102, 24)},
		{ID: "b", NameEN: "Zone B", NameZH: "乙园", Chain: "battery", Status: StatusOperating, Segments: []string{"acid"}, Geometry: box(102.3, 24)},
		{ID: "c", NameEN: "Zone C", NameZH: "丙园", Chain: "battery", Status: StatusReserved, Segments: []string{}, Geometry: box(101.5, 24.5)},
		{ID: "d", NameEN: "Zone D", NameZH: "丁园", Chain: "battery", Status: StatusOperating, Segments: []string{}, Geometry: box(102.1, 24)},
		{ID: "x", Chain: "steel", Segments: []string{}, Geometry: box(102, 24)},
	}
}

func ids(sites []Site) []string {
	var out []string
	for _, s := range sites {
		out = append(out, s.Park.ID)
	}
	return out
}

func TestRank(t *testing.T) {
	chain, parks := testChain(), sitingParks()
	tests := []struct {
		name string
		q    SitingQuery
		want []string
	}{
		// a is assigned cathode and hosts its customer (cells); b hosts its supplier (acid).
		{"assigned wins", SitingQuery{Segment: "cathode", Weights: DefaultWeights}, []string{"a", "b", "d", "c"}},
		// No zone hosts salt: its only customer, cells, is in a; d is next door, c far and reserved.
		{"a gap ranks by its links", SitingQuery{Segment: "salt", Weights: DefaultWeights}, []string{"a", "d", "c", "b"}},
		// Only the plan counts: c's reservation beats nothing; a, b and d tie at 0 and go by id.
		{"plan only", SitingQuery{Segment: "salt", Weights: Weights{Assigned: 1}}, []string{"c", "a", "b", "d"}},
		// Only the point counts, and it lies inside b.
		{"near only", SitingQuery{Segment: "cathode", Near: &orb.Point{102.31, 24.01}, Weights: Weights{Near: 1}}, []string{"b", "d", "a", "c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sites, err := Rank(context.Background(), chain, parks, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(sites); !slices.Equal(got, tt.want) {
				t.Errorf("order %v, want %v (%v)", got, tt.want, sites)
			}
			for i := 1; i < len(sites); i++ {
				if sites[i].Score > sites[i-1].Score {
					t.Errorf("not best first: %v", sites)
				}
			}
		})
	}
}

func TestRankComponents(t *testing.T) {
	chain, parks := testChain(), sitingParks()
	sites, err := Rank(context.Background(), chain, parks, SitingQuery{Segment: "cathode", Near: &orb.Point{102.01, 24.01}, Weights: DefaultWeights})
	if err != nil {
		t.Fatal(err)
	}
	a := sites[0].Components
	if !a.Assigned || a.Plan != 1 || a.Reserved {
		t.Errorf("a: assigned %v plan %v reserved %v", a.Assigned, a.Plan, a.Reserved)
	}
	if a.Customers.Here != 1 || a.Customers.Total != 1 || a.Customers.Score != 1 {
		t.Errorf("a customers %+v, want cells here", a.Customers)
	}
	sup := a.Suppliers.Links[0]
	want := DistanceBetween(parks[0].Geometry, parks[1].Geometry)
	if sup.Segment != "acid" || sup.Park != "b" || sup.DistanceM == nil || math.Abs(*sup.DistanceM-want) > 1 {
		t.Errorf("a's supplier %+v, want acid in b at %.0f m", sup, want)
	}
	if a.NearM == nil || *a.NearM != 0 {
		t.Errorf("a near %v, want 0 (the point is inside)", a.NearM)
	}
	// 0.4·1 + 0.25·exp(-d/50 km) + 0.25·1 + 0.1·1, over 1.
	wantScore := math.Round(1000*(0.4+0.25*math.Exp(-want/linkDecayM)+0.25+0.1)) / 10
	if sites[0].Score != wantScore {
		t.Errorf("a score %v, want %v", sites[0].Score, wantScore)
	}
	if s := sites[len(sites)-1]; s.Park.ID != "c" || !s.Components.Reserved || s.Components.Plan != reservedPlan {
		t.Errorf("last %v: reserved %v plan %v, want c reserved", s, s.Components.Reserved, s.Components.Plan)
	}
}

func TestRankErrors(t *testing.T) {
	chain, parks := testChain(), sitingParks()
	for _, q := range []SitingQuery{
		{Segment: "unobtainium", Weights: DefaultWeights},
		{Segment: "cathode", Weights: Weights{}},
		{Segment: "cathode", Weights: Weights{Assigned: -1, Suppliers: 1}},
		{Segment: "cathode", Weights: Weights{Assigned: math.NaN()}},
		{Segment: "cathode", Weights: Weights{Near: math.Inf(1)}},
	} {
		if _, err := Rank(context.Background(), chain, parks, q); ErrorCode(err) != EInvalid {
			t.Errorf("Rank(%+v) = %v, want invalid", q, err)
		}
	}
}

func TestReasons(t *testing.T) {
	chain, parks := testChain(), sitingParks()
	chain.Segments[0].NameEN, chain.Segments[0].NameZH = "Ore", "矿石"
	chain.Segments[1].NameEN, chain.Segments[1].NameZH = "Acid", "酸"
	chain.Segments[2].NameEN, chain.Segments[2].NameZH = "Cathode materials", "正极材料"
	chain.Segments[5].NameEN, chain.Segments[5].NameZH = "Battery cells", "电芯"
	q := SitingQuery{Segment: "cathode", Near: &orb.Point{102.5, 24.01}, Weights: DefaultWeights}
	sites, err := Rank(context.Background(), chain, parks, q)
	if err != nil {
		t.Fatal(err)
	}
	en := strings.Join(Reasons(sites[0], chain, ParksByID(parks), q, LangEN), "\n")
	for _, want := range []string{"The zone plan assigns cathode materials here", "Hosts the one customer of cathode materials: battery cells", "km from the nearest acid zone, Zone B", "km from your point"} {
		if !strings.Contains(en, want) {
			t.Errorf("English reasons lack %q:\n%s", want, en)
		}
	}
	zh := strings.Join(Reasons(sites[0], chain, ParksByID(parks), q, LangZH), "\n")
	for _, want := range []string{"规划在此布局正极材料", "距最近的酸园区（乙园）", "距所选地点"} {
		if !strings.Contains(zh, want) {
			t.Errorf("Chinese reasons lack %q:\n%s", want, zh)
		}
	}
}
