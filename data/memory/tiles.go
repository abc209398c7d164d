package memory

import (
	"context"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/planar"

	"github.com/parkmap/parkmap/geo"
)

var _ geo.TileReader = (*Store)(nil)

// simplifyUnits is the distance, in tile units, under which a vertex is
// dropped for being too near the last one kept, before the rest are
// snapped to the grid and those on a straight line dropped: a tile at any
// zoom keeps the vertices that zoom can show, and what is left stays
// within a unit of what PostGIS's ST_AsMVTGeom draws (snap, then drop the
// vertices on straight lines).
const simplifyUnits = 0.5

// Tile returns tile z/x/y of a collection as MVT, built as ST_AsMVTGeom
// builds it in PostGIS: each geometry projected to the tile's grid, snapped
// to whole units, simplified, clipped to the tile and its buffer. The
// features are in id order; the tile is uncompressed. Only the features
// f keeps are written.
func (s *Store) Tile(ctx context.Context, def *geo.Collection, z, x, y int, f geo.TileFilter) ([]byte, error) {
	c, err := s.collection(def)
	if err != nil {
		return nil, err
	}
	keep, err := c.matcher(f)
	if err != nil {
		return nil, err
	}
	if err := geo.CheckTile(z, x, y, geo.MaxTileZoom); err != nil {
		return nil, err
	}
	key := ""
	if f.IsZero() {
		key = tileKey(def, z, x, y)
		if tile, ok := s.tileCache.get(key); ok {
			return tile, nil
		}
	}
	tile, err := s.buildTile(c, def, z, x, y, keep)
	if err == nil && key != "" {
		s.tileCache.put(key, tile)
	}
	return tile, err
}

// buildTile builds tile z/x/y of a collection of the features keep keeps.
func (s *Store) buildTile(c *collection, def *geo.Collection, z, x, y int, keep func(*item) (bool, error)) ([]byte, error) {
	// The search box is the tile with its buffer, as the PostGIS query's.
	search := geo.TileLonLatBound(z, x, y, float64(geo.TileBuffer)/geo.TileExtent)
	var found []int
	c.index.Search(search.Min, search.Max, func(_, _ [2]float64, i int) bool {
		found = append(found, i)
		return true
	})
	if len(found) == 0 {
		return []byte{}, nil
	}
	slices.Sort(found)
	p := newTileProjection(z, x, y)
	layer := newLayerEncoder(def.ID, c.tiles)
	for _, i := range found {
		it := &c.items[i]
		ok, err := keep(it)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		p.points = p.points[:0] // the last feature's are written
		if g := p.geometry(c.tiles.items[i].mercator); g != nil {
			layer.add(c.tiles.items[i].tags, g)
		}
	}
	return layer.marshal(), nil
}

// tileProjection maps EPSG:3857 to one tile's grid of units, y down.
type tileProjection struct {
	minX, maxY, scale float64
	clip              orb.Bound
	// The vertices, rings and polygons of the feature being projected,
	// reused from one feature to the next.
	points     []orb.Point
	rings      []orb.Ring
	polygonBuf orb.MultiPolygon
}

func newTileProjection(z, x, y int) *tileProjection {
	b := geo.TileBound(z, x, y)
	return &tileProjection{
		minX: b.Min[0], maxY: b.Max[1], scale: geo.TileExtent / (b.Max[0] - b.Min[0]),
		clip: orb.Bound{Min: orb.Point{-geo.TileBuffer, -geo.TileBuffer}, Max: orb.Point{geo.TileExtent + geo.TileBuffer, geo.TileExtent + geo.TileBuffer}},
	}
}

// point puts a point in EPSG:3857 on the grid, rounding half to even as
// PostGIS's grid does (rint).
func (p *tileProjection) point(m orb.Point) orb.Point {
	return orb.Point{math.RoundToEven((m[0] - p.minX) * p.scale), math.RoundToEven((p.maxY - m[1]) * p.scale)}
}

// geometry returns g, in EPSG:3857, on the tile's grid, clipped, or nil
// when nothing of it is left in the tile and its buffer. Its vertices are
// in p.points until the next feature's.
func (p *tileProjection) geometry(g orb.Geometry) orb.Geometry {
	switch g := g.(type) {
	case orb.Point:
		q := p.point(g)
		if !p.clip.Contains(q) {
			return nil
		}
		return q
	case orb.MultiPoint:
		var out orb.MultiPoint
		for _, q := range g {
			if q = p.point(q); p.clip.Contains(q) && !slices.Contains(out, q) {
				out = append(out, q)
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case orb.LineString:
		return p.lines(orb.MultiLineString{g})
	case orb.MultiLineString:
		return p.lines(g)
	case orb.Polygon:
		return p.polygons(orb.MultiPolygon{g})
	case orb.MultiPolygon:
		return p.polygons(g)
	}
	return nil // a collection: nothing parkmap stores
}

// line projects a line onto the grid without the vertices within
// simplifyUnits of the last one kept (the last vertex of a ring is kept,
// so that it stays closed) and snaps it. The vertices on straight lines
// are dropped after clipping, which leaves fewer to look at.
func (p *tileProjection) line(ls orb.LineString) orb.LineString {
	start := len(p.points)
	for i, q := range ls {
		out := orb.LineString(p.points[start:])
		q = orb.Point{(q[0] - p.minX) * p.scale, (p.maxY - q[1]) * p.scale}
		n := len(out)
		if n > 0 && planar.DistanceSquared(out[n-1], q) <= simplifyUnits*simplifyUnits {
			if i < len(ls)-1 {
				continue
			}
			if n > 1 {
				p.points = p.points[:start+n-1] // the closing vertex replaces the one next to it
			}
		}
		p.points = append(p.points, q)
	}
	return snapLine(p.points[start:len(p.points):len(p.points)])
}

func (p *tileProjection) lines(mls orb.MultiLineString) orb.Geometry {
	var out orb.MultiLineString
	for _, ls := range mls {
		ls = p.line(ls)
		if len(ls) < 2 {
			continue
		}
		parts := orb.MultiLineString{ls}
		if !p.inside(ls) {
			parts = clip.MultiLineString(p.clip, parts)
		}
		for _, part := range parts {
			if part = dropCollinear(snapLine(part)); len(part) >= 2 {
				out = append(out, part)
			}
		}
	}
	switch len(out) {
	case 0:
		return nil
	case 1:
		return out[0]
	}
	return out
}

func (p *tileProjection) polygons(mp orb.MultiPolygon) orb.Geometry {
	out := p.polygonBuf[:0]
	p.rings = p.rings[:0]
	for _, poly := range mp {
		start := len(p.rings)
		for k, r := range poly {
			r = orb.Ring(p.line(orb.LineString(r)))
			if len(r) >= 4 {
				// Most features lie wholly inside: clipping would leave
				// them as they are.
				if !p.inside(orb.LineString(r)) {
					r = orb.Ring(snapLine(orb.LineString(clip.Ring(p.clip, r))))
				}
				r = orb.Ring(dropCollinear(orb.LineString(r)))
			}
			if len(r) < 4 || planar.Area(r) == 0 {
				if k == 0 {
					break // the outer ring collapsed: so did the polygon
				}
				continue
			}
			// MVT: outer rings wind with a positive area in tile units
			// (clockwise on screen, y down), holes the other way.
			if (k == 0) != (r.Orientation() == orb.CCW) {
				r.Reverse()
			}
			p.rings = append(p.rings, r)
		}
		if len(p.rings) > start {
			out = append(out, orb.Polygon(p.rings[start:len(p.rings):len(p.rings)]))
		}
	}
	p.polygonBuf = out
	switch len(out) {
	case 0:
		return nil
	case 1:
		return out[0]
	}
	return out
}

// inside reports whether ls lies wholly in the tile and its buffer.
func (p *tileProjection) inside(ls orb.LineString) bool {
	for _, q := range ls {
		if q[0] < p.clip.Min[0] || q[0] > p.clip.Max[0] || q[1] < p.clip.Min[1] || q[1] > p.clip.Max[1] {
			return false
		}
	}
	return true
}

// snapLine snaps points that clipping put between units back onto the
// grid, dropping repeats.
func snapLine(ls orb.LineString) orb.LineString {
	out := ls[:0]
	for _, q := range ls {
		q = orb.Point{math.RoundToEven(q[0]), math.RoundToEven(q[1])}
		if n := len(out); n == 0 || out[n-1] != q {
			out = append(out, q)
		}
	}
	return out
}

// dropCollinear drops the vertices that lie on the straight line between
// their neighbours, as PostGIS's simplification at tolerance 0 does, in one
// pass.
func dropCollinear(ls orb.LineString) orb.LineString {
	if len(ls) < 3 {
		return ls
	}
	out := ls[:1]
	for i := 1; i < len(ls)-1; i++ {
		a, b, c := out[len(out)-1], ls[i], ls[i+1]
		if (b[0]-a[0])*(c[1]-a[1])-(b[1]-a[1])*(c[0]-a[0]) != 0 {
			out = append(out, b)
		}
	}
	return append(out, ls[len(ls)-1])
}
