package geo

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Area returns the area of g in square metres on the WGS 84 ellipsoid, with
// edges along geodesics: each polygon's exterior ring less its holes, by
// Karney's method, as PostGIS's ST_Area on geography (to within
// millimetres² on a zone). Points and lines have no area.
func Area(g orb.Geometry) float64 {
	switch g := g.(type) {
	case orb.Ring:
		return math.Abs(wgs84.ringArea(g))
	case orb.Polygon:
		return polygonArea(g)
	case orb.MultiPolygon:
		sum := 0.0
		for _, p := range g {
			sum += polygonArea(p)
		}
		return sum
	case orb.Collection:
		sum := 0.0
		for _, c := range g {
			sum += Area(c)
		}
		return sum
	case orb.Bound:
		return Area(g.ToPolygon())
	}
	return 0
}

func polygonArea(p orb.Polygon) float64 {
	sum := 0.0
	for i, r := range p {
		a := math.Abs(wgs84.ringArea(r))
		if i > 0 {
			a = -a
		}
		sum += a
	}
	return sum
}

// DistanceTo returns the distance in metres from p to the nearest point of
// the multipolygon, 0 when p lies inside it or on its boundary.
func DistanceTo(p orb.Point, mp orb.MultiPolygon) float64 {
	if planar.MultiPolygonContains(mp, p) {
		return 0
	}
	return distanceToEdges(p, mp, math.Inf(1))
}

// DistanceBetween returns the distance in metres between the nearest points
// of two multipolygons, 0 when they touch or overlap. Apart, the nearest
// points are a vertex of one and a point on an edge of the other; but two
// polygons can cross with every vertex of each outside the other (a cross
// of two bars), so overlap is tested first.
func DistanceBetween(a, b orb.MultiPolygon) float64 {
	if overlaps(a, b) {
		return 0
	}
	best := math.Inf(1)
	for _, mp := range [2][2]orb.MultiPolygon{{a, b}, {b, a}} {
		to := mp[1].Bound()
		for _, poly := range mp[0] {
			for _, ring := range poly {
				for _, p := range ring {
					if boundGap(orb.Bound{Min: p, Max: p}, to) < best {
						best = distanceToEdges(p, mp[1], best)
					}
				}
			}
		}
	}
	return best
}

// distanceToEdges returns the distance from p to the nearest edge of mp if
// it is less than best, else best. An edge whose box is, by boundGap, no
// nearer than best is not measured: the geodesic costs twenty times the
// bound, and siting measures between zones many times.
func distanceToEdges(p orb.Point, mp orb.MultiPolygon, best float64) float64 {
	pb := orb.Bound{Min: p, Max: p}
	for _, poly := range mp {
		for _, ring := range poly {
			for i := 0; i+1 < len(ring); i++ {
				a, b := ring[i], ring[i+1]
				if !math.IsInf(best, 1) {
					eb := orb.Bound{Min: orb.Point{min(a[0], b[0]), min(a[1], b[1])}, Max: orb.Point{max(a[0], b[0]), max(a[1], b[1])}}
					if boundGap(pb, eb) >= best {
						continue
					}
				}
				if d := distanceToSegment(p, a, b); d < best {
					best = d
				}
			}
		}
	}
	return best
}

// distanceToSegment finds the nearest point of ab to p on a local
// equirectangular plane around p, which places it well within 0.1% over the
// tens of kilometres between Yuxi's zones, and measures to it geodesically.
// Longitudes are taken the short way round, so that a point across the
// antimeridian from a segment is not sent to its far end.
func distanceToSegment(p, a, b orb.Point) float64 {
	k := math.Cos(p[1] * math.Pi / 180)
	ax, ay := math.Remainder(a[0]-p[0], 360)*k, a[1]-p[1]
	bx, by := math.Remainder(b[0]-p[0], 360)*k, b[1]-p[1]
	dx, dy := bx-ax, by-ay
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/l))
	}
	foot := orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}
	return Distance(p, foot)
}
