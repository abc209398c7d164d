package geo

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"slices"

	"github.com/paulmach/orb"
	"github.com/peterstace/simplefeatures/geom"
)

// Validate returns an *Error with code EInvalid when mp is not a valid
// RFC 7946 MultiPolygon in lon/lat: when it is empty; when a ring has fewer
// than 4 points, is not closed, has a coordinate that is not finite or
// outside lon −180..180, lat −90..90, or intersects itself (two edges that
// cross or touch other than at the vertex they share, or adjacent edges that
// double back along each other); when an exterior ring is not
// counter-clockwise or a hole not clockwise; or when a hole reaches outside
// its exterior ring or shares a stretch of it. Consecutive repeated points
// are allowed, and a hole may touch its exterior ring at points.
//
// Beyond each ring alone and each hole against its exterior ring, checked
// here with exact predicates and messages that name the ring, the OGC
// simple-features rules that ST_IsValid (and so PostGIS's CHECK on every
// geometry column) also applies are left to simplefeatures' validation: two
// polygons of the multipolygon overlapping or touching along an edge, two
// holes of a polygon doing so, or a hole touching its exterior ring at two
// points and cutting the interior in two. A zone the embedded store accepted
// could otherwise not be seeded into PostGIS.
//
// Orientation and containment are planar in lon/lat, which is what RFC 7946
// means for rings that do not cross the antimeridian. The predicates are
// exact, so Validate agrees with GEOS (PostGIS's ST_IsValid) on degenerate
// cases such as a vertex lying exactly on another edge.
func Validate(mp orb.MultiPolygon) error {
	if len(mp) == 0 {
		return Errorf(EInvalid, "empty multipolygon")
	}
	for i, poly := range mp {
		if len(poly) == 0 {
			return Errorf(EInvalid, "polygon %d has no rings", i)
		}
		rings := make([][]orb.Point, len(poly))
		for j, r := range poly {
			pts, err := checkRing(r)
			if err != nil {
				return Errorf(EInvalid, "polygon %d, ring %d: %v", i, j, err)
			}
			o := orientation(pts)
			switch {
			case j == 0 && o <= 0:
				return Errorf(EInvalid, "polygon %d: exterior ring is not counter-clockwise", i)
			case j > 0 && o >= 0:
				return Errorf(EInvalid, "polygon %d, ring %d: hole is not clockwise", i, j)
			}
			rings[j] = pts
		}
		for j := 1; j < len(rings); j++ {
			if err := checkHole(rings[0], rings[j]); err != nil {
				return Errorf(EInvalid, "polygon %d, ring %d: %v", i, j, err)
			}
		}
	}
	// What simplefeatures adds concerns two polygons or a hole: a lone
	// ring, every parcel's case, is checked whole above, and converting a
	// million of them at start was a tenth of a data folder's load.
	if len(mp) == 1 && len(mp[0]) == 1 {
		return nil
	}
	if err := simpleFeatures(mp).Validate(); err != nil {
		return Errorf(EInvalid, "not a valid multipolygon: %v", err)
	}
	return nil
}

// simpleFeatures converts mp to simplefeatures' type, which validates it.
func simpleFeatures(mp orb.MultiPolygon) geom.MultiPolygon {
	polys := make([]geom.Polygon, len(mp))
	for i, p := range mp {
		rings := make([]geom.LineString, len(p))
		for j, r := range p {
			xy := make([]float64, 0, 2*len(r))
			for _, pt := range r {
				xy = append(xy, pt[0], pt[1])
			}
			rings[j] = geom.NewLineString(geom.NewSequence(xy, geom.DimXY))
		}
		polys[i] = geom.NewPolygon(rings)
	}
	return geom.NewMultiPolygon(polys)
}

// Orient reverses, in place, the rings of mp that wind the wrong way for
// RFC 7946: exterior rings become counter-clockwise and holes clockwise. It
// repairs nothing else; rings whose winding cannot be told (not closed,
// fewer than three distinct points, a spike at the lowest vertex) are left
// as they are.
func Orient(mp orb.MultiPolygon) {
	for _, poly := range mp {
		for j, r := range poly {
			o := orientation(dedup(r))
			if (j == 0 && o < 0) || (j > 0 && o > 0) {
				r.Reverse()
			}
		}
	}
}

// ValidatePoint returns an *Error with code EInvalid when p is not a finite
// lon/lat position within lon −180..180, lat −90..90.
func ValidatePoint(p orb.Point) error {
	if math.IsNaN(p[0]) || math.IsInf(p[0], 0) || math.IsNaN(p[1]) || math.IsInf(p[1], 0) {
		return Errorf(EInvalid, "(%g, %g) is not finite", p[0], p[1])
	}
	if p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90 {
		return Errorf(EInvalid, "(%g, %g) is outside lon -180..180, lat -90..90", p[0], p[1])
	}
	return nil
}

// checkRing checks one ring on its own and returns its points without
// consecutive repeats, still closed.
func checkRing(r orb.Ring) ([]orb.Point, error) {
	if len(r) < 4 {
		return nil, fmt.Errorf("has %d points, fewer than 4", len(r))
	}
	for k, p := range r {
		if math.IsNaN(p[0]) || math.IsInf(p[0], 0) || math.IsNaN(p[1]) || math.IsInf(p[1], 0) {
			return nil, fmt.Errorf("point %d is not finite: (%g, %g)", k, p[0], p[1])
		}
		if p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90 {
			return nil, fmt.Errorf("point %d (%g, %g) is outside lon -180..180, lat -90..90", k, p[0], p[1])
		}
	}
	if r[0] != r[len(r)-1] {
		return nil, errors.New("is not closed: first and last points differ")
	}
	pts := dedup(r)
	if len(pts) < 4 {
		return nil, fmt.Errorf("has %d distinct points, fewer than 3", len(pts)-1)
	}
	if a, b, ok := selfIntersection(pts); ok {
		return nil, fmt.Errorf("self-intersects: edge %s meets edge %s", a, b)
	}
	return pts, nil
}

// dedup drops consecutive repeated points, which RFC 7946 allows but which
// would make an edge of zero length and confuse which edges are adjacent.
func dedup(r orb.Ring) []orb.Point {
	out := make([]orb.Point, 0, len(r))
	for _, p := range r {
		if len(out) == 0 || out[len(out)-1] != p {
			out = append(out, p)
		}
	}
	return out
}

// edge is the segment from a to b with its bounding box, for the sweep.
type edge struct {
	a, b       orb.Point
	minX, maxX float64
	minY, maxY float64
}

func (e edge) String() string {
	return fmt.Sprintf("(%g %g)-(%g %g)", e.a[0], e.a[1], e.b[0], e.b[1])
}

func edges(pts []orb.Point) []edge {
	es := make([]edge, len(pts)-1)
	for k := range es {
		a, b := pts[k], pts[k+1]
		es[k] = edge{a: a, b: b,
			minX: min(a[0], b[0]), maxX: max(a[0], b[0]),
			minY: min(a[1], b[1]), maxY: max(a[1], b[1])}
	}
	return es
}

// sweep calls f for each pair of edges, i < j in es's order, whose bounding
// boxes overlap, and stops when f returns true. Sorting by the boxes' west
// sides keeps county rings of thousands of points at a few milliseconds
// instead of the millions of pairs of the plain O(n²) loop.
func sweep(es []edge, f func(i, j int) bool) bool {
	order := make([]int, len(es))
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(i, j int) int {
		if es[i].minX < es[j].minX {
			return -1
		}
		if es[i].minX > es[j].minX {
			return 1
		}
		return 0
	})
	for x, i := range order {
		for _, j := range order[x+1:] {
			if es[j].minX > es[i].maxX {
				break
			}
			if es[j].minY > es[i].maxY || es[j].maxY < es[i].minY {
				continue
			}
			if f(min(i, j), max(i, j)) {
				return true
			}
		}
	}
	return false
}

// selfIntersection finds two edges of the closed ring pts (no consecutive
// repeats) that meet where they should not.
func selfIntersection(pts []orb.Point) (edge, edge, bool) {
	es := edges(pts)
	n := len(es)
	var ei, ej edge
	found := sweep(es, func(i, j int) bool {
		var bad bool
		switch {
		case j == i+1: // share pts[j]
			bad = doublesBack(pts[i], pts[j], pts[j+1])
		case i == 0 && j == n-1: // share pts[0], the closing point
			bad = doublesBack(pts[1], pts[0], pts[n-1])
		default:
			bad = intersects(es[i].a, es[i].b, es[j].a, es[j].b)
		}
		if bad {
			ei, ej = es[i], es[j]
		}
		return bad
	})
	return ei, ej, found
}

// doublesBack reports whether the edges p–s and s–q, which share s, overlap
// along a stretch: p, s and q are collinear and p and q lie on the same side
// of s.
func doublesBack(p, s, q orb.Point) bool {
	if orient(p, s, q) != 0 {
		return false
	}
	return sameSide(p[0]-s[0], q[0]-s[0]) || sameSide(p[1]-s[1], q[1]-s[1])
}

func sameSide(a, b float64) bool { return (a > 0 && b > 0) || (a < 0 && b < 0) }

// intersects reports whether the closed segments ab and cd share a point.
func intersects(a, b, c, d orb.Point) bool {
	o1, o2 := orient(a, b, c), orient(a, b, d)
	o3, o4 := orient(c, d, a), orient(c, d, b)
	if o1*o2 < 0 && o3*o4 < 0 {
		return true
	}
	return (o1 == 0 && within(c, a, b)) || (o2 == 0 && within(d, a, b)) ||
		(o3 == 0 && within(a, c, d)) || (o4 == 0 && within(b, c, d))
}

// crosses reports whether the segments ab and cd, neither of zero length,
// cross at a point interior to both or run along each other for a stretch:
// what a hole may not do with its exterior ring, which it may only touch.
func crosses(a, b, c, d orb.Point) bool {
	o1, o2 := orient(a, b, c), orient(a, b, d)
	if o1 == 0 && o2 == 0 {
		k := 0 // compare along x unless the segments are vertical
		if a[0] == b[0] {
			k = 1
		}
		return max(min(a[k], b[k]), min(c[k], d[k])) < min(max(a[k], b[k]), max(c[k], d[k]))
	}
	return o1*o2 < 0 && orient(c, d, a)*orient(c, d, b) < 0
}

// within reports whether p, known to be collinear with a and b, lies on the
// closed segment ab.
func within(p, a, b orb.Point) bool {
	return min(a[0], b[0]) <= p[0] && p[0] <= max(a[0], b[0]) &&
		min(a[1], b[1]) <= p[1] && p[1] <= max(a[1], b[1])
}

// orientation returns +1 when the closed ring pts (no consecutive repeats)
// winds counter-clockwise, -1 clockwise, 0 when it cannot be told. For a
// simple ring the turn at its lowest (then westernmost) vertex is the turn of
// the whole ring; unlike the sign of the shoelace area it is exact.
func orientation(pts []orb.Point) int {
	n := len(pts) - 1 // pts[n] closes the ring
	if n < 3 || pts[0] != pts[n] {
		return 0
	}
	m := 0
	for k := 1; k < n; k++ {
		if pts[k][1] < pts[m][1] || (pts[k][1] == pts[m][1] && pts[k][0] < pts[m][0]) {
			m = k
		}
	}
	return orient(pts[(m+n-1)%n], pts[m], pts[m+1])
}

// checkHole checks that hole lies inside exterior, touching it at most. It
// needs every vertex and edge midpoint of the hole inside or on the exterior
// ring and no edge of the one crossing an edge of the other. That misses
// only a hole edge that passes outside between two exterior vertices it
// touches, with no hole vertex or midpoint outside: a hole touching its
// exterior ring at two points, which Validate does not claim to catch.
func checkHole(exterior, hole []orb.Point) error {
	for k := 0; k+1 < len(hole); k++ {
		a, b := hole[k], hole[k+1]
		mid := orb.Point{a[0] + (b[0]-a[0])/2, a[1] + (b[1]-a[1])/2}
		for _, p := range [2]orb.Point{a, mid} {
			if locate(p, exterior) < 0 {
				return fmt.Errorf("hole reaches outside the exterior ring at (%g, %g)", p[0], p[1])
			}
		}
	}
	ex, ho := edges(exterior), edges(hole)
	es := append(ex[:len(ex):len(ex)], ho...)
	var bad edge
	if sweep(es, func(i, j int) bool {
		if i < len(ex) && j >= len(ex) && crosses(es[i].a, es[i].b, es[j].a, es[j].b) {
			bad = es[j]
			return true
		}
		return false
	}) {
		return fmt.Errorf("hole edge %s crosses or runs along the exterior ring", bad)
	}
	return nil
}

// locate returns +1 when p lies inside the closed ring pts, 0 on it, -1
// outside, by counting the edges that a ray east of p crosses.
func locate(p orb.Point, pts []orb.Point) int {
	in := false
	for k := 0; k+1 < len(pts); k++ {
		a, b := pts[k], pts[k+1]
		if (a[1] > p[1]) == (b[1] > p[1]) {
			// The edge does not span p's latitude; it can still hold p.
			if a[1] == p[1] && b[1] == p[1] && within(p, a, b) {
				return 0
			}
			continue
		}
		switch o := orient(a, b, p); {
		case o == 0:
			return 0
		case (o > 0) == (b[1] > a[1]): // p is left of an upward edge or right of a downward one
			in = !in
		}
	}
	// A vertex exactly at p on an edge not spanning p's latitude (a local
	// extremum) was skipped above.
	for _, q := range pts {
		if q == p {
			return 0
		}
	}
	if in {
		return 1
	}
	return -1
}

// orient returns +1 when c lies left of the line through a and b, -1 when
// right, 0 when on it. The float determinant decides when it is clear of
// its rounding error (Shewchuk's bound); exact rationals decide the rest.
func orient(a, b, c orb.Point) int {
	dx1, dy1 := b[0]-a[0], b[1]-a[1]
	dx2, dy2 := c[0]-a[0], c[1]-a[1]
	if (dx1 == 0 || dy2 == 0) && (dy1 == 0 || dx2 == 0) {
		return 0 // both products are exactly zero: no rounding happened
	}
	l, r := dx1*dy2, dy1*dx2
	det := l - r
	bound := 3.3306690738754716e-16 * (math.Abs(l) + math.Abs(r))
	if math.Abs(det) > bound && math.Abs(det) > 1e-250 { // the bound fails for subnormals
		if det > 0 {
			return 1
		}
		return -1
	}
	return orientExact(a, b, c)
}

func orientExact(a, b, c orb.Point) int {
	for _, p := range [3]orb.Point{a, b, c} {
		if math.IsNaN(p[0]) || math.IsInf(p[0], 0) || math.IsNaN(p[1]) || math.IsInf(p[1], 0) {
			return 0 // big.Rat cannot hold them; Validate rejects them first
		}
	}
	rat := func(f float64) *big.Rat { return new(big.Rat).SetFloat64(f) }
	sub := func(x, y float64) *big.Rat { return new(big.Rat).Sub(rat(x), rat(y)) }
	l := new(big.Rat).Mul(sub(b[0], a[0]), sub(c[1], a[1]))
	r := new(big.Rat).Mul(sub(b[1], a[1]), sub(c[0], a[0]))
	return l.Cmp(r)
}
