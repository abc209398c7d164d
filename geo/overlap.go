package geo

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// overlaps reports whether two multipolygons share a point, in lon/lat:
// an edge of one meets an edge of the other (found with the sweep and the
// exact segment test Validate uses), or, when no edges meet, one lies
// inside the other, which a single vertex then tells.
func overlaps(a, b orb.MultiPolygon) bool {
	if len(a) == 0 || len(b) == 0 || !a.Bound().Intersects(b.Bound()) {
		return false
	}
	var ea, eb []edge
	for _, poly := range a {
		for _, r := range poly {
			ea = append(ea, ringEdges(r)...)
		}
	}
	for _, poly := range b {
		for _, r := range poly {
			eb = append(eb, ringEdges(r)...)
		}
	}
	es := append(ea[:len(ea):len(ea)], eb...)
	if sweep(es, func(i, j int) bool {
		return i < len(ea) && j >= len(ea) && intersects(es[i].a, es[i].b, es[j].a, es[j].b)
	}) {
		return true
	}
	return containsVertex(a, b) || containsVertex(b, a)
}

// containsVertex reports whether a vertex of b lies inside a.
func containsVertex(a, b orb.MultiPolygon) bool {
	for _, poly := range b {
		if len(poly) > 0 && len(poly[0]) > 0 && planar.MultiPolygonContains(a, poly[0][0]) {
			return true
		}
	}
	return false
}

// ringEdges returns the edges of a ring, closed or not.
func ringEdges(r orb.Ring) []edge {
	if len(r) < 2 {
		return nil
	}
	pts := []orb.Point(r)
	if r[0] != r[len(r)-1] {
		pts = append(pts[:len(pts):len(pts)], r[0])
	}
	return edges(pts)
}
