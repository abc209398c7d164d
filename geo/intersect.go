package geo

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Intersects reports whether g shares any point with the box b, in lon/lat:
// the exact test behind a bbox query, after an index has matched bounds.
func Intersects(g orb.Geometry, b orb.Bound) bool {
	switch g := g.(type) {
	case orb.Point:
		return b.Contains(g)
	case orb.MultiPolygon:
		return multiPolygonIntersects(g, b)
	case orb.Polygon:
		return multiPolygonIntersects(orb.MultiPolygon{g}, b)
	}
	return g != nil && g.Bound().Intersects(b)
}

func multiPolygonIntersects(mp orb.MultiPolygon, b orb.Bound) bool {
	if !mp.Bound().Intersects(b) {
		return false
	}
	// The box inside the polygon.
	if planar.MultiPolygonContains(mp, b.Center()) {
		return true
	}
	box := b.ToRing()
	for _, poly := range mp {
		for _, ring := range poly {
			for i := 0; i+1 < len(ring); i++ {
				// A vertex inside the box, or an edge crossing one of its sides.
				if b.Contains(ring[i]) {
					return true
				}
				for j := 0; j+1 < len(box); j++ {
					if intersects(ring[i], ring[i+1], box[j], box[j+1]) {
						return true
					}
				}
			}
		}
	}
	return false
}
