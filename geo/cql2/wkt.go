package cql2

import (
	"strings"

	"github.com/paulmach/orb"
)

// parseGeometry parses a WKT geometry literal or BBOX(...), in 2D lon/lat.
// Z and M coordinates and EMPTY geometries are refused: the stores hold 2D
// geometries only.
func (p *parser) parseGeometry() (Expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	t := p.take()
	up := strings.ToUpper(t.text)
	if up == "BBOX" {
		return p.parseBBox()
	}
	if n := p.peek(); n.isKeyword("Z") || n.isKeyword("M") || n.isKeyword("ZM") || n.isKeyword("EMPTY") {
		return nil, p.errAt(n, "%s %s is not supported: geometries are 2D and not empty", up, strings.ToUpper(n.text))
	}
	var g orb.Geometry
	var err error
	switch up {
	case "POINT":
		var pt orb.Point
		if err = p.expectPunct("(", "'(' after POINT"); err == nil {
			if pt, err = p.coord(); err == nil {
				err = p.expectPunct(")", "')' after the point's coordinates")
			}
		}
		g = pt
	case "LINESTRING":
		var ls orb.LineString
		ls, err = p.coordList(2)
		g = ls
	case "POLYGON":
		g, err = p.polygon()
	case "MULTIPOINT":
		g, err = p.multiPoint()
	case "MULTILINESTRING":
		var mls orb.MultiLineString
		err = p.list(func() error {
			ls, err := p.coordList(2)
			mls = append(mls, ls)
			return err
		})
		g = mls
	case "MULTIPOLYGON":
		var mp orb.MultiPolygon
		err = p.list(func() error {
			poly, err := p.polygon()
			mp = append(mp, poly)
			return err
		})
		g = mp
	case "GEOMETRYCOLLECTION":
		var gc orb.Collection
		err = p.list(func() error {
			n := p.peek()
			if n.kind != tIdent || !isGeometryWord(n.text) || strings.EqualFold(n.text, "BBOX") {
				return p.expected("a geometry (POINT, LINESTRING, POLYGON, …)")
			}
			e, err := p.parseGeometry()
			if err != nil {
				return err
			}
			gc = append(gc, e.(Geometry).Geom)
			return nil
		})
		g = gc
	}
	if err != nil {
		return nil, err
	}
	if err := validGeometry(g); err != nil {
		return nil, p.errAt(t, "invalid %s: %v", up, err)
	}
	return Geometry{Geom: g}, nil
}

func isGeometryWord(s string) bool {
	switch strings.ToUpper(s) {
	case "BBOX", "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION":
		return true
	}
	return false
}

// list parses ( item {, item} ).
func (p *parser) list(item func() error) error {
	if err := p.expectPunct("(", "'('"); err != nil {
		return err
	}
	for {
		if err := item(); err != nil {
			return err
		}
		if p.peek().isPunct(",") {
			p.take()
			continue
		}
		return p.expectPunct(")", "',' or ')'")
	}
}

// signed parses a number with an optional minus sign.
func (p *parser) signed(what string) (float64, error) {
	neg := false
	if p.peek().isPunct("-") {
		p.take()
		neg = true
	}
	t := p.peek()
	if t.kind != tNumber {
		return 0, p.expected(what)
	}
	p.take()
	v, err := p.number(t)
	if neg {
		v = -v
	}
	return v, err
}

// coord parses "x y".
func (p *parser) coord() (orb.Point, error) {
	x, err := p.signed("a longitude")
	if err != nil {
		return orb.Point{}, err
	}
	y, err := p.signed("a latitude after the longitude")
	if err != nil {
		return orb.Point{}, err
	}
	if n := p.peek(); n.kind == tNumber || n.isPunct("-") {
		return orb.Point{}, p.errAt(n, "a third coordinate is not supported: geometries are 2D")
	}
	return orb.Point{x, y}, nil
}

// coordList parses ( x y {, x y} ) with at least min points.
func (p *parser) coordList(min int) ([]orb.Point, error) {
	open := p.peek()
	var pts []orb.Point
	err := p.list(func() error {
		pt, err := p.coord()
		pts = append(pts, pt)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(pts) < min {
		return nil, p.errAt(open, "expected at least %d points, found %d", min, len(pts))
	}
	return pts, nil
}

func (p *parser) polygon() (orb.Polygon, error) {
	var poly orb.Polygon
	err := p.list(func() error {
		open := p.peek()
		ring, err := p.coordList(4)
		if err != nil {
			return err
		}
		if ring[0] != ring[len(ring)-1] {
			return p.errAt(open, "a polygon's ring must end where it starts")
		}
		poly = append(poly, ring)
		return nil
	})
	return poly, err
}

// multiPoint accepts both MULTIPOINT(1 2, 3 4) and MULTIPOINT((1 2), (3 4)).
func (p *parser) multiPoint() (orb.MultiPoint, error) {
	var mp orb.MultiPoint
	err := p.list(func() error {
		paren := p.peek().isPunct("(")
		if paren {
			p.take()
		}
		pt, err := p.coord()
		if err != nil {
			return err
		}
		mp = append(mp, pt)
		if paren {
			return p.expectPunct(")", "')'")
		}
		return nil
	})
	return mp, err
}

// parseBBox parses BBOX(minx, miny, maxx, maxy), or the six numbers of a
// 3D box whose heights are dropped.
func (p *parser) parseBBox() (Expr, error) {
	open := p.peek()
	var v []float64
	err := p.list(func() error {
		x, err := p.signed("a number")
		v = append(v, x)
		return err
	})
	if err != nil {
		return nil, err
	}
	b, msg := bbox(v)
	if msg != "" {
		return nil, p.errAt(open, "%s", msg)
	}
	return Geometry{Geom: b, BBox: true}, nil
}

// bbox makes a bound of 4 or 6 numbers, or says what is wrong.
func bbox(v []float64) (orb.Bound, string) {
	switch len(v) {
	case 4:
	case 6:
		v = []float64{v[0], v[1], v[3], v[4]}
	default:
		return orb.Bound{}, "BBOX takes 4 numbers (minx, miny, maxx, maxy), or 6 in 3D"
	}
	if v[0] > v[2] || v[1] > v[3] {
		return orb.Bound{}, "BBOX's minimum is above its maximum (a box across the antimeridian must be split in two)"
	}
	return orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}, ""
}
