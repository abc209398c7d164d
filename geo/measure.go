package geo

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/planar"
)

// Area returns the area of g in square metres on the sphere (orb's geo.Area),
// within a few tenths of a percent of the WGS 84 ellipsoid at Yuxi's latitude.
func Area(g orb.Geometry) float64 { return math.Abs(geo.Area(g)) }

// DistanceTo returns the distance in metres from p to the nearest point of
// the multipolygon, 0 when p lies inside it.
func DistanceTo(p orb.Point, mp orb.MultiPolygon) float64 {
	if planar.MultiPolygonContains(mp, p) {
		return 0
	}
	best := math.Inf(1)
	for _, poly := range mp {
		for _, ring := range poly {
			for i := 0; i+1 < len(ring); i++ {
				if d := distanceToSegment(p, ring[i], ring[i+1]); d < best {
					best = d
				}
			}
		}
	}
	return best
}

// DistanceBetween returns the distance in metres between the nearest points
// of two multipolygons, 0 when they touch or overlap.
func DistanceBetween(a, b orb.MultiPolygon) float64 {
	best := math.Inf(1)
	for _, mp := range [2][2]orb.MultiPolygon{{a, b}, {b, a}} {
		for _, poly := range mp[0] {
			for _, ring := range poly {
				for _, p := range ring {
					if d := DistanceTo(p, mp[1]); d < best {
						best = d
					}
				}
			}
		}
	}
	return best
}

// distanceToSegment finds the nearest point of ab to p on a local
// equirectangular plane around p, which places it well within 0.1% over the
// tens of kilometres between Yuxi's zones, and measures to it geodesically.
func distanceToSegment(p, a, b orb.Point) float64 {
	k := math.Cos(p[1] * math.Pi / 180)
	ax, ay := (a[0]-p[0])*k, a[1]-p[1]
	bx, by := (b[0]-p[0])*k, b[1]-p[1]
	dx, dy := bx-ax, by-ay
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/l))
	}
	foot := orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}
	return Distance(p, foot)
}
