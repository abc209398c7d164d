package memory

import (
	"context"
	"math"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/parkmap/parkmap/geo"
)

// zoneIndex is the store's index of zones for Locate, and its counties'
// bounds, built on the first call so that a store nobody asks to locate does not pay for it.
type zoneIndex struct {
	once     sync.Once
	index    *geo.ParkIndex
	counties []orb.Bound // of s.data.Counties, in order
}

// Locate finds the county and zone containing p with orb, and the n zones
// nearest to it, nearest first, ties by id, through an R-tree of the zones
// (geo.ParkIndex): the same answer as measuring to every zone, at the cost
// of a few. A point off the lon/lat range or not finite is EInvalid, as in
// the PostGIS store.
func (s *Store) Locate(ctx context.Context, p orb.Point, n int) (geo.Location, error) {
	if math.IsNaN(p[0]) || math.IsNaN(p[1]) || p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90 {
		return geo.Location{}, geo.Errorf(geo.EInvalid, "point (%g, %g) is outside lon -180..180, lat -90..90", p[0], p[1])
	}
	if err := ctx.Err(); err != nil {
		return geo.Location{}, err
	}
	s.zones.once.Do(func() {
		s.zones.index = geo.NewParkIndex(s.data.Parks)
		for _, c := range s.data.Counties {
			s.zones.counties = append(s.zones.counties, c.Geometry.Bound())
		}
	})
	loc := geo.Location{}
	for i, c := range s.data.Counties {
		if s.zones.counties[i].Contains(p) && planar.MultiPolygonContains(c.Geometry, p) {
			loc.County = &geo.CountyRef{Code: c.Code, NameZH: c.NameZH, NameEN: c.NameEN}
			break
		}
	}
	loc.Park, loc.Nearest = s.zones.index.Nearest(p, n)
	return loc, nil
}
