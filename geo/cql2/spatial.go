package cql2

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	sf "github.com/peterstace/simplefeatures/geom"
)

// toSF converts an orb geometry to simplefeatures', whose predicates are
// exact DE-9IM ones, as GEOS computes them for PostGIS. validate checks the
// OGC validity rules (rings that do not self-intersect, and so on).
func toSF(g orb.Geometry, validate bool) (sf.Geometry, error) {
	if b, ok := g.(orb.Bound); ok {
		g = b.ToPolygon()
	}
	buf, err := wkb.Marshal(g)
	if err != nil {
		return sf.Geometry{}, err
	}
	if validate {
		return sf.UnmarshalWKB(buf)
	}
	return sf.UnmarshalWKB(buf, sf.NoValidate{})
}

// validGeometry says why a geometry literal is unusable, or returns nil.
func validGeometry(g orb.Geometry) error {
	bad := false
	forEachPoint(g, func(p orb.Point) {
		if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
			bad = true
		}
	})
	if bad {
		return fmt.Errorf("coordinates must be finite numbers")
	}
	_, err := toSF(g, true)
	return err
}

func forEachPoint(g orb.Geometry, fn func(orb.Point)) {
	switch g := g.(type) {
	case orb.Point:
		fn(g)
	case orb.MultiPoint:
		for _, p := range g {
			fn(p)
		}
	case orb.LineString:
		for _, p := range g {
			fn(p)
		}
	case orb.Ring:
		for _, p := range g {
			fn(p)
		}
	case orb.MultiLineString:
		for _, l := range g {
			forEachPoint(l, fn)
		}
	case orb.Polygon:
		for _, r := range g {
			forEachPoint(r, fn)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			forEachPoint(p, fn)
		}
	case orb.Collection:
		for _, c := range g {
			forEachPoint(c, fn)
		}
	case orb.Bound:
		fn(g.Min)
		fn(g.Max)
	}
}

// spatial decides the spatial predicate name between a and b.
func spatial(name string, a, b sf.Geometry) (bool, error) {
	switch name {
	case SIntersects:
		return sf.Intersects(a, b), nil
	case SDisjoint:
		return !sf.Intersects(a, b), nil
	case SWithin:
		return sf.Within(a, b)
	case SContains:
		return sf.Contains(a, b)
	case SEquals:
		return sf.Equals(a, b)
	case STouches:
		return sf.Touches(a, b)
	case SCrosses:
		return sf.Crosses(a, b)
	case SOverlaps:
		return sf.Overlaps(a, b)
	}
	return false, fmt.Errorf("unknown spatial function %s", name)
}
