package memory

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/parkmap/parkmap/geo"
)

// ZoneIndex returns the index built at load: the embedded store does not
// change, so nothing a request reads is computed twice.
func (s *Store) ZoneIndex(ctx context.Context) (*geo.ZoneIndex, error) { return s.zoneIndex, nil }

// availableIndex lists, for each zone, the positions of its available
// parcels in the parcels collection, largest first (ties by id), so that
// those of at least an area are a prefix.
type availableIndex map[string][]int32

func newAvailableIndex(c *collection) (availableIndex, *geo.ParcelAreas) {
	x := availableIndex{}
	area := func(i int32) float64 { a, _ := geo.Parcels.Value(c.items[i].Record, "area_ha").(float64); return a }
	for i, it := range c.items {
		if geo.Parcels.Value(it.Record, "status") != string(geo.ParcelAvailable) {
			continue
		}
		park, _ := geo.Parcels.Value(it.Record, "park").(string)
		x[park] = append(x[park], int32(i))
	}
	largest := map[string]float64{}
	for park, list := range x {
		slices.SortFunc(list, func(a, b int32) int {
			if c := cmp.Compare(area(b), area(a)); c != 0 {
				return c
			}
			return cmp.Compare(a, b)
		})
		largest[park] = area(list[0])
	}
	return x, geo.NewParcelAreas(largest)
}

// ParcelAreas returns each zone's largest available parcel, found at load.
func (s *Store) ParcelAreas(ctx context.Context) (*geo.ParcelAreas, error) { return s.areas, nil }

// AvailableParcels returns the available parcels of at least minAreaHa in
// the zones, ordered by id, from the lists built at load.
func (s *Store) AvailableParcels(ctx context.Context, zones []string, minAreaHa float64) ([]geo.Parcel, error) {
	c, err := s.collection(geo.Parcels)
	if err != nil {
		return nil, err
	}
	out := []geo.Parcel{}
	for _, z := range zones {
		for _, i := range s.available[z] {
			p := geo.ParcelFromRecord(c.items[i].Record)
			if p.AreaHa < minAreaHa {
				break
			}
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b geo.Parcel) int { return strings.Compare(a.ID, b.ID) })
	return out, ctx.Err()
}
