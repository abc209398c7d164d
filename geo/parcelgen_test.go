package geo_test

import (
	"fmt"
	"testing"

	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/geo"
)

func octagonZone(id string, lon, lat, r float64) geo.Park {
	ring := orb.Ring{}
	for _, d := range [][2]float64{{1, 0.4}, {0.4, 1}, {-0.4, 1}, {-1, 0.4}, {-1, -0.4}, {-0.4, -1}, {0.4, -1}, {1, -0.4}, {1, 0.4}} {
		ring = append(ring, orb.Point{lon + d[0]*r, lat + d[1]*r})
	}
	return geo.Park{ID: id, Geometry: orb.MultiPolygon{{ring}}, Segments: []string{"cells", "cathode"}}
}

func TestGenerateParcels(t *testing.T) {
	zones := []geo.Park{octagonZone("a", 102.7, 24.3, 0.01), octagonZone("b", 102.9, 24.2, 0.02)}
	for _, n := range []int{1, 10, 1000} {
		recs, err := geo.GenerateParcels(zones, n, 7)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != n {
			t.Fatalf("%d parcels, want %d", len(recs), n)
		}
		seen := map[string]bool{}
		var bounds []orb.Bound
		for _, r := range recs {
			if seen[r.ID] {
				t.Fatalf("id %s twice", r.ID)
			}
			seen[r.ID] = true
			poly := r.Geometry.(orb.Polygon)
			if err := geo.Validate(orb.MultiPolygon{poly}); err != nil {
				t.Fatalf("%s: %v", r.ID, err)
			}
			zone := zones[0]
			if geo.Parcels.Value(r, "park") == "b" {
				zone = zones[1]
			}
			for _, c := range poly[0] {
				if !zone.Geometry.Bound().Contains(c) {
					t.Fatalf("%s: vertex %v outside its zone %s", r.ID, c, zone.ID)
				}
			}
			if geo.Parcels.Value(r, "geometry_accuracy") != "synthetic" {
				t.Fatalf("%s is not marked synthetic", r.ID)
			}
			if s := geo.Parcels.Value(r, "segment"); s != nil && s != "cells" && s != "cathode" {
				t.Fatalf("%s allocated to %v, not one of its zone's segments", r.ID, s)
			}
			bounds = append(bounds, poly.Bound())
		}
		if n <= 1000 {
			for i := range bounds {
				for j := i + 1; j < len(bounds); j++ {
					if bounds[i].Intersects(bounds[j]) {
						t.Fatalf("parcels %s and %s overlap", recs[i].ID, recs[j].ID)
					}
				}
			}
		}
	}
	again, _ := geo.GenerateParcels(zones, 10, 7)
	first, _ := geo.GenerateParcels(zones, 10, 7)
	for i := range first {
		if first[i].ID != again[i].ID || geo.Parcels.Value(first[i], "status") != geo.Parcels.Value(again[i], "status") {
			t.Fatal("the same seed gave other parcels")
		}
	}
	for _, n := range []int{-1, geo.MaxGeneratedParcels + 1} {
		if _, err := geo.GenerateParcels(zones, n, 1); geo.ErrorCode(err) != geo.EInvalid {
			t.Errorf("GenerateParcels(%d): %v, want invalid", n, err)
		}
	}
	if _, err := geo.GenerateParcels(nil, 5, 1); geo.ErrorCode(err) != geo.EInvalid {
		t.Errorf("no zones: %v, want invalid", err)
	}
}

func BenchmarkGenerateParcels(b *testing.B) {
	zones := []geo.Park{octagonZone("a", 102.7, 24.3, 0.01), octagonZone("b", 102.9, 24.2, 0.02)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := geo.GenerateParcels(zones, 100_000, 1); err != nil {
			b.Fatal(err)
		}
	}
}

// TestGenerateParcelsExactCount asks for a number that does not divide
// among many zones: the rounding's remainder must still be laid somewhere,
// not cut off by the last zone's size.
func TestGenerateParcelsExactCount(t *testing.T) {
	var zones []geo.Park
	for i := range 40 {
		zones = append(zones, octagonZone(fmt.Sprintf("z%02d", i), 102+0.05*float64(i), 24.3, 0.005+0.0002*float64(i)))
	}
	for _, n := range []int{1, 39, 41, 997, 10_007} {
		recs, err := geo.GenerateParcels(zones, n, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != n {
			t.Errorf("asked for %d parcels over %d zones, got %d", n, len(zones), len(recs))
		}
	}
}

// TestGenerateZonesFull asks a small county for more zones than it holds.
func TestGenerateZonesFull(t *testing.T) {
	county := geo.County{Code: "c", Geometry: orb.MultiPolygon{{{{102, 24}, {102.03, 24}, {102.03, 24.03}, {102, 24.03}, {102, 24}}}}}
	chain := geo.Chain{Slug: "battery", Segments: []geo.Segment{{Slug: "cells"}}}
	zones, err := geo.GenerateZones([]geo.County{county}, nil, chain, 2, 1)
	if err != nil || len(zones) != 2 {
		t.Fatalf("2 zones in a 3 km square: %d, %v", len(zones), err)
	}
	if _, err := geo.GenerateZones([]geo.County{county}, nil, chain, 200, 1); geo.ErrorCode(err) != geo.EInvalid {
		t.Fatalf("200 zones in a 3 km square: %v, want invalid", err)
	}
}
