package postgis

import (
	"encoding/binary"
	"fmt"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/ewkb"
)

// srid is WGS 84 lon/lat, the only reference system stored.
const srid = 4326

// Geometries cross into PostGIS as EWKB (with the SRID, so that the typed
// columns accept them) and come back as EWKB; go-geom encodes and decodes
// them, and these functions convert between its types and orb's.

func encodeMultiPolygon(mp orb.MultiPolygon) ([]byte, error) {
	g := geom.NewMultiPolygon(geom.XY)
	for _, poly := range mp {
		rings := make([][]geom.Coord, len(poly))
		for i, ring := range poly {
			rings[i] = make([]geom.Coord, len(ring))
			for j, p := range ring {
				rings[i][j] = geom.Coord{p[0], p[1]}
			}
		}
		gp, err := geom.NewPolygon(geom.XY).SetCoords(rings)
		if err != nil {
			return nil, err
		}
		if err := g.Push(gp); err != nil {
			return nil, err
		}
	}
	return ewkb.Marshal(g.SetSRID(srid), binary.LittleEndian)
}

// encodePoint returns nil for a nil point: a NULL geometry.
func encodePoint(p *orb.Point) ([]byte, error) {
	if p == nil {
		return nil, nil
	}
	g, err := geom.NewPoint(geom.XY).SetCoords(geom.Coord{p[0], p[1]})
	if err != nil {
		return nil, err
	}
	return ewkb.Marshal(g.SetSRID(srid), binary.LittleEndian)
}

func decodeMultiPolygon(b []byte) (orb.MultiPolygon, error) {
	g, err := ewkb.Unmarshal(b)
	if err != nil {
		return nil, err
	}
	gmp, ok := g.(*geom.MultiPolygon)
	if !ok {
		return nil, fmt.Errorf("geometry is %T, want MultiPolygon", g)
	}
	mp := make(orb.MultiPolygon, 0, gmp.NumPolygons())
	for _, poly := range gmp.Coords() {
		op := make(orb.Polygon, 0, len(poly))
		for _, ring := range poly {
			or := make(orb.Ring, len(ring))
			for i, c := range ring {
				or[i] = orb.Point{c.X(), c.Y()}
			}
			op = append(op, or)
		}
		mp = append(mp, op)
	}
	return mp, nil
}

func decodePoint(b []byte) (orb.Point, error) {
	g, err := ewkb.Unmarshal(b)
	if err != nil {
		return orb.Point{}, err
	}
	p, ok := g.(*geom.Point)
	if !ok {
		return orb.Point{}, fmt.Errorf("geometry is %T, want Point", g)
	}
	return orb.Point{p.X(), p.Y()}, nil
}
