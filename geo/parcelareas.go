package geo

import (
	"cmp"
	"slices"
	"sort"
)

// ParcelAreas is, for each zone with available parcels, the area of its
// largest: what a store computes when parcels are written, so that parcel
// siting passes over the zones that have no parcel big enough without
// reading their parcels, and reads only those zones when they are few.
type ParcelAreas struct {
	largest map[string]float64
	zones   []string  // largest first, ties by id
	areas   []float64 // of zones
}

// NewParcelAreas takes the largest available parcel's area in hectares
// of each zone (zones without available parcels left out); it keeps m.
func NewParcelAreas(m map[string]float64) *ParcelAreas {
	a := &ParcelAreas{largest: m, zones: make([]string, 0, len(m))}
	for z := range m {
		a.zones = append(a.zones, z)
	}
	slices.SortFunc(a.zones, func(x, y string) int {
		if c := cmp.Compare(m[y], m[x]); c != 0 {
			return c
		}
		return cmp.Compare(x, y)
	})
	a.areas = make([]float64, len(a.zones))
	for i, z := range a.zones {
		a.areas[i] = m[z]
	}
	return a
}

// Largest returns the area of the zone's largest available parcel, 0 when
// it has none.
func (a *ParcelAreas) Largest(zone string) float64 {
	if a == nil {
		return 0
	}
	return a.largest[zone]
}

// atLeast returns the zones with an available parcel of at least minHa, by
// a binary search: largest first.
func (a *ParcelAreas) atLeast(minHa float64) []string {
	if a == nil {
		return nil
	}
	n := sort.Search(len(a.areas), func(i int) bool { return a.areas[i] < minHa })
	return a.zones[:n]
}
