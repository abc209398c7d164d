package geo_test

import (
	"context"
	"fmt"

	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/geo"
)

func ExampleDistance() {
	longquan, huaning := orb.Point{102.72, 24.31}, orb.Point{102.91, 24.21}
	fmt.Printf("%.2f km\n", geo.Distance(longquan, huaning)/1000)
	// Output: 22.25 km
}

func ExampleChain_Upstream() {
	chain := &geo.Chain{Flows: []geo.Flow{
		{From: "lithium-carbonate", To: "lipf6"},
		{From: "lipf6", To: "electrolyte"},
		{From: "electrolyte", To: "cells"},
		{From: "recycling", To: "lithium-carbonate"},
		{From: "cells", To: "recycling"},
	}}
	fmt.Println(chain.Suppliers("electrolyte"))
	fmt.Println(chain.Upstream("electrolyte")) // the recycling loop is walked once
	// Output:
	// [lipf6]
	// [cells lipf6 lithium-carbonate recycling]
}

func ExampleRank() {
	square := func(lon, lat float64) orb.MultiPolygon {
		return orb.MultiPolygon{{{{lon, lat}, {lon + 0.02, lat}, {lon + 0.02, lat + 0.02}, {lon, lat + 0.02}, {lon, lat}}}}
	}
	chain := &geo.Chain{
		Slug:     "battery",
		Stages:   []geo.Stage{{Slug: "materials"}, {Slug: "cells"}},
		Segments: []geo.Segment{{Slug: "electrolyte", Stage: "materials"}, {Slug: "cells", Stage: "cells"}},
		Flows:    []geo.Flow{{From: "electrolyte", To: "cells"}},
	}
	parks := []geo.Park{
		{ID: "cellmaker", Chain: "battery", Segments: []string{"cells"}, Geometry: square(102.7, 24.3)},
		{ID: "faraway", Chain: "battery", Segments: []string{}, Geometry: square(101.5, 23.5)},
		{ID: "planned", Chain: "battery", Segments: []string{"electrolyte"}, Geometry: square(102.9, 24.2)},
	}
	sites, err := geo.Rank(context.Background(), chain, parks, geo.SitingQuery{Segment: "electrolyte", Weights: geo.DefaultWeights})
	if err != nil {
		panic(err)
	}
	for _, s := range sites {
		fmt.Printf("%s %.1f\n", s.Park.ID, s.Score)
	}
	// Output:
	// planned 87.2
	// cellmaker 38.5
	// faraway 2.0
}
