package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// Projector carries coordinates between CRS84 and the other CRSs offered.
// It lives outside geo (data/proj, on PROJ) because a transformation is
// read from disk, PROJ's proj.db, and PROJ needs cgo; geo keeps what is
// pure around it: walking a geometry, rounding to a CRS's decimals, the
// round trip that finds a position a CRS cannot describe, and boxes.
// An implementation is safe for concurrent use and leaves CRS84 as it is.
type Projector interface {
	// Forward maps a run of CRS84 points, in place, into c, in c's axis
	// order, unrounded; a run it cannot map becomes NaNs. A whole ring
	// at once, as PROJ takes it: one call per point was 20 times slower.
	Forward(c *CRS, ps []orb.Point)
	// Inverse maps a run of points given in c, in c's axis order, to
	// CRS84, in place; a run it cannot map becomes NaNs.
	Inverse(c *CRS, ps []orb.Point)
}

// FromCRS84 maps a CRS84 point into c, in its axis order, rounded to its
// decimals; NaNs for a point pj cannot map.
func (c *CRS) FromCRS84(pj Projector, p orb.Point) orb.Point {
	ps := []orb.Point{p}
	c.ringFromCRS84(pj, ps)
	return ps[0]
}

// ToCRS84 maps a point given in c, in its axis order, to CRS84; NaNs for a
// point c cannot describe.
func (c *CRS) ToCRS84(pj Projector, p orb.Point) orb.Point {
	if c.IsCRS84() {
		return p
	}
	q := []orb.Point{p}
	pj.Inverse(c, q)
	// PROJ wraps longitudes: a position beyond the projection's range
	// comes back somewhere else, so it must go there and back again.
	r := []orb.Point{q[0]}
	pj.Forward(c, r)
	if !(math.Abs(r[0][0]-p[0]) <= 0.01 && math.Abs(r[0][1]-p[1]) <= 0.01) {
		return orb.Point{math.NaN(), math.NaN()}
	}
	return q[0]
}

// Transform returns a copy of a CRS84 geometry in c, in its axis order,
// rounded to its decimals.
func (c *CRS) Transform(pj Projector, g orb.Geometry) orb.Geometry {
	if g == nil {
		return nil
	}
	if p, ok := g.(orb.Point); ok {
		return c.FromCRS84(pj, p)
	}
	g = orb.Clone(g)
	apply(g, func(ps []orb.Point) { c.ringFromCRS84(pj, ps) })
	return g
}

// ringFromCRS84 maps a run of CRS84 points into c in place, in one call to
// pj, rounded to c's decimals.
func (c *CRS) ringFromCRS84(pj Projector, ps []orb.Point) {
	if c == nil {
		c = CRS84
	}
	if !c.IsCRS84() {
		pj.Forward(c, ps)
	}
	scale := math.Pow10(c.Decimals)
	for i, p := range ps {
		ps[i] = orb.Point{math.Round(p[0]*scale) / scale, math.Round(p[1]*scale) / scale}
	}
}

// apply calls ring on each run of points of g, in place.
func apply(g orb.Geometry, ring func([]orb.Point)) {
	switch g := g.(type) {
	case orb.MultiPoint:
		ring(g)
	case orb.LineString:
		ring(g)
	case orb.Ring:
		ring(g)
	case orb.MultiLineString:
		for _, l := range g {
			ring(l)
		}
	case orb.Polygon:
		for _, r := range g {
			ring(r)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			for _, r := range p {
				ring(r)
			}
		}
	case orb.Collection:
		for i, h := range g {
			if p, ok := h.(orb.Point); ok {
				ps := []orb.Point{p}
				ring(ps)
				g[i] = ps[0]
				continue
			}
			apply(h, ring)
		}
	}
}

// BoundToCRS84 converts a box given in c (its corners in its axis order)
// to the CRS84 box that holds it: for a projected CRS the edges are
// densified, as their images are curves. A box with a position c cannot
// describe is NaNs.
func (c *CRS) BoundToCRS84(pj Projector, b orb.Bound) orb.Bound {
	if c.IsCRS84() {
		return b
	}
	lo, hi := b.Min, b.Max
	const n = 16
	var out orb.Bound
	first := true
	for i := 0; i <= n; i++ {
		t := float64(i) / n
		for _, p := range []orb.Point{
			{lo[0] + t*(hi[0]-lo[0]), lo[1]}, {lo[0] + t*(hi[0]-lo[0]), hi[1]},
			{lo[0], lo[1] + t*(hi[1]-lo[1])}, {hi[0], lo[1] + t*(hi[1]-lo[1])},
		} {
			q := c.ToCRS84(pj, p)
			if !finite(q) {
				// orb's Extend skips a NaN, which would shrink the
				// box to the part PROJ can map back.
				return orb.Bound{Min: q, Max: q}
			}
			if first {
				out, first = orb.Bound{Min: q, Max: q}, false
				continue
			}
			out = out.Extend(q)
		}
	}
	return out
}

// GeometryToCRS84 returns a copy of a geometry given in c, in its axis
// order, in CRS84; an orb.Bound stays a box (BoundToCRS84). It is how a
// filter's literals in filter-crs are brought to the stores' CRS. A
// position pj cannot bring back to lon/lat is an EInvalid error.
func (c *CRS) GeometryToCRS84(pj Projector, g orb.Geometry) (orb.Geometry, error) {
	if c.IsCRS84() || g == nil {
		return g, nil
	}
	var out orb.Geometry
	switch g := g.(type) {
	case orb.Bound:
		out = c.BoundToCRS84(pj, g)
	case orb.Point:
		out = c.ToCRS84(pj, g)
	default:
		out = orb.Clone(g)
		apply(out, func(ps []orb.Point) {
			for i, p := range ps {
				ps[i] = c.ToCRS84(pj, p)
			}
		})
	}
	// Each position, not the bound: orb's bounds skip NaNs.
	ok := true
	switch o := out.(type) {
	case orb.Bound:
		ok = finite(o.Min) && finite(o.Max)
	case orb.Point:
		ok = finite(o)
	default:
		apply(out, func(ps []orb.Point) {
			for _, p := range ps {
				ok = ok && finite(p)
			}
		})
	}
	if !ok {
		return nil, Errorf(EInvalid, "a geometry lies outside the area %s can describe", c.URI)
	}
	b := out.Bound()
	if b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90 {
		return nil, Errorf(EInvalid, "a geometry lies outside the area %s can describe", c.URI)
	}
	return out, nil
}

// finite reports whether both of p's numbers are.
func finite(p orb.Point) bool {
	return !math.IsNaN(p[0]) && !math.IsNaN(p[1]) && !math.IsInf(p[0], 0) && !math.IsInf(p[1], 0)
}
