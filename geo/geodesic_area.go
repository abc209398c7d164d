// The polygon area below is ported from GeographicLib's C library
// (src/geodesic.c: geod_polygon_*, transit, the accumulator, areareduceA);
// see geodesic.go for the copyright and the MIT/X11 licence.

package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// ringArea returns the area in m² of the ring of lon/lat points on the
// ellipsoid, bounded by geodesics: positive when it winds counter-clockwise,
// in (-area0/2, area0/2] where area0 is the ellipsoid's total area. It is
// geod_polygonarea (reverse false, sign true), which PostGIS's ST_Area on
// geography calls; a closing point equal to the first is left out, as it
// adds an edge of length 0.
func (g *ellipsoid) ringArea(ring orb.Ring) float64 {
	n := len(ring)
	if n > 1 && ring[0] == ring[n-1] {
		n--
	}
	if n < 2 {
		return 0
	}
	var area accumulator
	crossings := 0
	for i := range n {
		p, q := ring[i], ring[(i+1)%n]
		area.add(g.inverse(p[1], p[0], q[1], q[0], outArea).S12)
		crossings += transit(p[0], q[0])
	}
	return area.reduce(4*math.Pi*g.c2, crossings)
}

// transit returns 1 or -1 if the edge from lon1 to lon2 crosses the prime
// meridian going east or west, else 0; lon12 is computed the same way as
// in inverse.
func transit(lon1, lon2 float64) int {
	lon12, _ := angDiff(lon1, lon2)
	lon1 = angNormalize(lon1)
	lon2 = angNormalize(lon2)
	switch {
	case lon12 > 0 && ((lon1 < 0 && lon2 >= 0) || (lon1 > 0 && lon2 == 0)):
		return 1
	case lon12 < 0 && lon1 >= 0 && lon2 < 0:
		return -1
	}
	return 0
}

// accumulator sums with twice the precision of a float64: s[0] + s[1].
type accumulator [2]float64

func (s *accumulator) add(y float64) {
	z, u := sumx(y, s[1])
	s[0], s[1] = sumx(z, s[0])
	if s[0] == 0 {
		s[0] = u
	} else {
		s[1] += u
	}
}

// reduce is areareduceA with reverse false and sign true: it reduces the
// clockwise area s to the counter-clockwise one in (-area0/2, area0/2],
// taking a ring around a pole (an odd number of crossings) into account.
func (s accumulator) reduce(area0 float64, crossings int) float64 {
	s[0] = math.Remainder(s[0], area0)
	s.add(0)
	if crossings&1 != 0 {
		if s[0] < 0 {
			s.add(area0 / 2)
		} else {
			s.add(-area0 / 2)
		}
	}
	// The area is in the clockwise sense; convert to counter-clockwise.
	s[0], s[1] = -s[0], -s[1]
	if s[0] > area0/2 {
		s.add(-area0)
	} else if s[0] <= -area0/2 {
		s.add(area0)
	}
	return 0 + s[0]
}
