package memory

import (
	"cmp"
	"context"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/parkmap/parkmap/geo"
)

// Locate finds the county and zone containing p with orb, and measures the
// geodesic distance to every zone: there are few, so no index is needed.
func (s *Store) Locate(ctx context.Context, p orb.Point, n int) (geo.Location, error) {
	loc := geo.Location{Nearest: []geo.ParkDistance{}}
	for _, c := range s.data.Counties {
		if c.Geometry.Bound().Contains(p) && planar.MultiPolygonContains(c.Geometry, p) {
			loc.County = &geo.CountyRef{Code: c.Code, NameZH: c.NameZH, NameEN: c.NameEN}
			break
		}
	}
	for _, z := range s.data.Parks {
		d := geo.DistanceTo(p, z.Geometry)
		loc.Nearest = append(loc.Nearest, geo.ParkDistance{Park: z.ID, NameZH: z.NameZH, NameEN: z.NameEN, DistanceM: d})
	}
	slices.SortFunc(loc.Nearest, func(a, b geo.ParkDistance) int {
		if c := cmp.Compare(a.DistanceM, b.DistanceM); c != 0 {
			return c
		}
		return cmp.Compare(a.Park, b.Park)
	})
	if len(loc.Nearest) > 0 && loc.Nearest[0].DistanceM == 0 {
		id := loc.Nearest[0].Park
		loc.Park = &id
	}
	loc.Nearest = loc.Nearest[:max(0, min(n, len(loc.Nearest)))]
	return loc, nil
}
