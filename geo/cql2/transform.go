package cql2

import "github.com/paulmach/orb"

// TransformGeometries returns e with fn applied to each geometry literal:
// how a caller honours filter-crs, by bringing the literals into lon/lat
// WGS 84 (CRS84) before checking, evaluating or translating. A BBOX stays a
// BBOX if fn returns an orb.Bound, and becomes the geometry fn returns
// otherwise. e itself is not changed.
func TransformGeometries(e Expr, fn func(orb.Geometry) (orb.Geometry, error)) (Expr, error) {
	var err error
	each := func(list []Expr) []Expr {
		out := make([]Expr, len(list))
		for i, x := range list {
			if err == nil {
				out[i], err = TransformGeometries(x, fn)
			}
		}
		return out
	}
	one := func(x Expr) Expr {
		if x == nil || err != nil {
			return x
		}
		var y Expr
		y, err = TransformGeometries(x, fn)
		return y
	}
	var out Expr
	switch e := e.(type) {
	case Geometry:
		g, ferr := fn(e.Geom)
		if ferr != nil {
			return nil, ferr
		}
		if ferr := validGeometry(g); ferr != nil {
			return nil, errorf("the geometry %s is invalid once transformed: %v", short(e), ferr)
		}
		_, isBound := g.(orb.Bound)
		return Geometry{Geom: g, BBox: isBound}, nil
	case Array:
		out = Array{Items: each(e.Items)}
	case Not:
		out = Not{X: one(e.X)}
	case And:
		out = And{Args: each(e.Args)}
	case Or:
		out = Or{Args: each(e.Args)}
	case Compare:
		out = Compare{Op: e.Op, L: one(e.L), R: one(e.R)}
	case Like:
		out = Like{X: one(e.X), Pattern: one(e.Pattern)}
	case Between:
		out = Between{X: one(e.X), Lo: one(e.Lo), Hi: one(e.Hi)}
	case In:
		out = In{X: one(e.X), List: each(e.List)}
	case IsNull:
		out = IsNull{X: one(e.X)}
	case Arith:
		out = Arith{Op: e.Op, L: one(e.L), R: one(e.R)}
	case Func:
		out = Func{Name: e.Name, Args: each(e.Args)}
	default:
		return e, nil // properties, scalar literals and intervals hold no geometry
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}
