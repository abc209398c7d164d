package geo

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// boundIndex finds, among many lon/lat boxes, those nearest a box, nearest
// first by a lower bound in metres (boundGap), so that a search can stop
// as soon as the bound passes the best exact distance found: the answers
// are the same as a scan of every box, at a cost of log n plus the few
// exact distances measured.
type boundIndex struct {
	tree rtree.RTreeG[int]
}

// newBoundIndex indexes the boxes by their position in the slice.
func newBoundIndex(bounds []orb.Bound) *boundIndex {
	x := &boundIndex{}
	for i, b := range bounds {
		x.tree.Insert(b.Min, b.Max, i)
	}
	return x
}

// nearby calls visit with the position of each box and the lower bound of
// its distance from q, smallest bound first, until visit returns false.
func (x *boundIndex) nearby(q orb.Bound, visit func(i int, bound float64) bool) {
	from := newGapFrom(q)
	x.tree.Nearby(
		func(min, max [2]float64, _ int, _ bool) float64 {
			return from.gap(orb.Bound{Min: min, Max: max})
		},
		func(_, _ [2]float64, i int, bound float64) bool { return visit(i, bound) },
	)
}

// gapRadius is the smallest radius of curvature of WGS 84, a(1-e²), the
// meridional one at the equator: the ellipsoid's metric, M²dφ² + N²cos²φdλ²
// with M >= a(1-e²) and N >= a, is nowhere shorter than a sphere's of this
// radius in the same coordinates, so no geodesic is shorter than the great
// circle between the same latitudes and longitudes on that sphere.
const gapRadius = wgs84A * (1 - wgs84F*(2-wgs84F))

// boundGap returns a lower bound in metres of the geodesic distance between
// any point of box a and any point of box b: the great-circle distance on
// the sphere of radius gapRadius between points whose latitudes and
// longitudes are as close as the boxes allow, with cos φ₁ cos φ₂ at its
// least (haversine: hav d = hav Δφ + cos φ₁ cos φ₂ hav Δλ, each term at its
// least). Longitudes are compared the short way round. It is 0 when the
// boxes meet, and grows as either box shrinks, as an R-tree search needs.
// A margin of 1e-9 keeps rounding from lifting it above the true distance.
func boundGap(a, b orb.Bound) float64 { return newGapFrom(a).gap(b) }

// gapFrom is boundGap from one box, with what depends on it alone computed
// once, for a search that measures it to every box it visits.
type gapFrom struct {
	a    orb.Bound
	cosA float64
}

func newGapFrom(a orb.Bound) gapFrom { return gapFrom{a: a, cosA: math.Cos(maxAbsLat(a) * degree)} }

func (g gapFrom) gap(b orb.Bound) float64 {
	a := g.a
	dLat := math.Max(0, math.Max(b.Min[1]-a.Max[1], a.Min[1]-b.Max[1]))
	dLon := 0.0
	if a.Max[0] < b.Min[0] || b.Max[0] < a.Min[0] {
		dLon = math.Min(math.Min(mod360(b.Min[0]-a.Max[0]), mod360(a.Min[0]-b.Max[0])), 180)
	}
	if dLat == 0 && dLon == 0 {
		return 0
	}
	cosProduct := math.Max(0, g.cosA*math.Cos(maxAbsLat(b)*degree))
	h := hav(dLat*degree) + cosProduct*hav(dLon*degree)
	return 2 * gapRadius * math.Asin(math.Sqrt(math.Min(1, h))) * (1 - 1e-9)
}

func maxAbsLat(b orb.Bound) float64 { return math.Max(math.Abs(b.Min[1]), math.Abs(b.Max[1])) }

func hav(x float64) float64 { return sq(math.Sin(x / 2)) }

// mod360 reduces x, a difference of two longitudes in [-360, 360], to
// [0, 360].
func mod360(x float64) float64 {
	if x < 0 {
		return x + 360
	}
	return x
}
