package geo

import (
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"sync"

	"github.com/twpayne/go-proj/v11"
)

// CRS is a coordinate reference system features can be served in (OGC API
// - Features Part 2). Coordinates are written in the CRS's own axis order:
// latitude first for EPSG:4326 and EPSG:4490, northing first for the
// Gauss–Krüger ones, as EPSG defines them; CRS84 and EPSG:3857 are x first.
type CRS struct {
	URI   string
	EPSG  int  // the SRID PostGIS transforms to; 4326 for CRS84
	Swap  bool // axis order is lat/lon or northing/easting
	Title string
	// Decimals keeps about 1 cm: 7 for degrees, 3 for metres.
	Decimals int

	once sync.Once
	pj   *proj.PJ // from CRS84, nil for CRS84 itself
	err  error
}

// CRS84 is the default CRS: WGS 84 longitude, latitude.
var CRS84 = &CRS{URI: "http://www.opengis.net/def/crs/OGC/1.3/CRS84", EPSG: 4326, Title: "WGS 84 (lon, lat)", Decimals: 7}

// SupportedCRS lists the CRSs offered, CRS84 first.
var SupportedCRS = []*CRS{
	CRS84,
	{URI: epsgURI(4326), EPSG: 4326, Swap: true, Title: "WGS 84 (lat, lon)", Decimals: 7},
	{URI: epsgURI(3857), EPSG: 3857, Title: "WGS 84 / Pseudo-Mercator", Decimals: 3},
	{URI: epsgURI(4490), EPSG: 4490, Swap: true, Title: "CGCS2000 (lat, lon)", Decimals: 7},
	{URI: epsgURI(4543), EPSG: 4543, Swap: true, Title: "CGCS2000 / 3-degree Gauss-Kruger CM 102E", Decimals: 3},
	{URI: epsgURI(4522), EPSG: 4522, Swap: true, Title: "CGCS2000 / 3-degree Gauss-Kruger zone 34", Decimals: 3},
}

func epsgURI(code int) string { return "http://www.opengis.net/def/crs/EPSG/0/" + strconv.Itoa(code) }

// CRSURIs returns the URIs of the supported CRSs, CRS84 first.
func CRSURIs() []string {
	out := make([]string, len(SupportedCRS))
	for i, c := range SupportedCRS {
		out[i] = c.URI
	}
	return out
}

// ParseCRS finds a supported CRS by its URI, its safe CURIE
// ([EPSG:4490]) or its EPSG:NNNN form, which GDAL and QGIS users type.
func ParseCRS(s string) (*CRS, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimSuffix(strings.TrimPrefix(t, "["), "]")
	for _, c := range SupportedCRS {
		if t == c.URI || strings.TrimPrefix(t, "https") == strings.TrimPrefix(c.URI, "http") {
			return c, nil
		}
	}
	switch up := strings.ToUpper(t); {
	case up == "CRS84" || up == "OGC:CRS84":
		return CRS84, nil
	case strings.HasPrefix(up, "EPSG:"):
		if n, err := strconv.Atoi(up[len("EPSG:"):]); err == nil {
			for _, c := range SupportedCRS[1:] {
				if c.EPSG == n {
					return c, nil
				}
			}
		}
	}
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return nil, Errorf(EInvalid, "CRS %q is not offered; use one of %s", s, strings.Join(CRSURIs(), ", "))
}

// IsCRS84 reports whether the CRS is the default one, nil included.
func (c *CRS) IsCRS84() bool { return c == nil || c == CRS84 }

// transform builds, once, PROJ's transformation from CRS84. PROJ writes
// and reads coordinates in the CRS's own axis order; CGCS2000 and WGS 84
// are taken as the same frame, as PROJ does without a published shift.
func (c *CRS) transform() (*proj.PJ, error) {
	c.once.Do(func() {
		if c.URI != CRS84.URI {
			c.pj, c.err = proj.NewCRSToCRS("OGC:CRS84", "EPSG:"+strconv.Itoa(c.EPSG), nil)
		}
	})
	return c.pj, c.err
}

// FromCRS84 returns a function that maps a CRS84 point to this CRS, in its
// axis order, rounded to its decimals.
func (c *CRS) FromCRS84() func(orb.Point) orb.Point {
	scale := math.Pow10(c.Decimals)
	pj, err := c.transform()
	return func(p orb.Point) orb.Point {
		if pj != nil && err == nil {
			q, err := pj.Forward(proj.NewCoord(p[0], p[1], 0, 0))
			if err != nil {
				return orb.Point{math.NaN(), math.NaN()}
			}
			p = orb.Point{q.X(), q.Y()}
		}
		return orb.Point{math.Round(p[0]*scale) / scale, math.Round(p[1]*scale) / scale}
	}
}

// ToCRS84 maps a point given in this CRS, in its axis order, to CRS84;
// NaNs for a point the CRS cannot describe.
func (c *CRS) ToCRS84(p orb.Point) orb.Point {
	pj, err := c.transform()
	if pj == nil || err != nil {
		return p
	}
	nan := orb.Point{math.NaN(), math.NaN()}
	q, err := pj.Inverse(proj.NewCoord(p[0], p[1], 0, 0))
	if err != nil {
		return nan
	}
	// PROJ wraps longitudes: a position beyond the projection's range
	// comes back somewhere else, so it must go there and back again.
	r, err := pj.Forward(q)
	if err != nil || math.Abs(r.X()-p[0]) > 0.01 || math.Abs(r.Y()-p[1]) > 0.01 {
		return nan
	}
	return orb.Point{q.X(), q.Y()}
}

// Transform returns a copy of a CRS84 geometry in this CRS.
func (c *CRS) Transform(g orb.Geometry) orb.Geometry {
	if g == nil {
		return nil
	}
	if p, ok := g.(orb.Point); ok {
		return c.FromCRS84()(p)
	}
	g = orb.Clone(g)
	apply(g, c.ringFromCRS84())
	return g
}

// ringFromCRS84 returns a function that transforms a run of CRS84 points
// in place, in one call to PROJ (one per point was 20 times slower, a cgo
// call and a lock each), rounded to the CRS's decimals.
func (c *CRS) ringFromCRS84() func([]orb.Point) {
	scale := math.Pow10(c.Decimals)
	pj, err := c.transform()
	var coords []proj.Coord
	return func(ps []orb.Point) {
		if pj != nil {
			coords = coords[:0]
			for _, p := range ps {
				coords = append(coords, proj.NewCoord(p[0], p[1], 0, 0))
			}
			if err != nil || pj.ForwardArray(coords) != nil {
				for i := range ps {
					ps[i] = orb.Point{math.NaN(), math.NaN()}
				}
				return
			}
			for i, q := range coords {
				ps[i] = orb.Point{q.X(), q.Y()}
			}
		}
		for i, p := range ps {
			ps[i] = orb.Point{math.Round(p[0]*scale) / scale, math.Round(p[1]*scale) / scale}
		}
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

// BoundToCRS84 converts a box given in this CRS (its corners in its axis
// order) to the CRS84 box that holds it: for a projected CRS the edges are
// densified, as their images are curves.
func (c *CRS) BoundToCRS84(b orb.Bound) orb.Bound {
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
			q := c.ToCRS84(p)
			if first {
				out, first = orb.Bound{Min: q, Max: q}, false
				continue
			}
			out = out.Extend(q)
		}
	}
	return out
}

// GeometryToCRS84 returns a copy of a geometry given in this CRS, in its
// axis order, in CRS84; an orb.Bound stays a box (BoundToCRS84). It is how
// a filter's literals in filter-crs are brought to the stores' CRS. A
// position PROJ cannot bring back to lon/lat is an EInvalid error.
func (c *CRS) GeometryToCRS84(g orb.Geometry) (orb.Geometry, error) {
	if c.IsCRS84() || g == nil {
		return g, nil
	}
	var out orb.Geometry
	switch g := g.(type) {
	case orb.Bound:
		out = c.BoundToCRS84(g)
	case orb.Point:
		out = c.ToCRS84(g)
	default:
		out = orb.Clone(g)
		apply(out, func(ps []orb.Point) {
			for i, p := range ps {
				ps[i] = c.ToCRS84(p)
			}
		})
	}
	b := out.Bound()
	for _, v := range []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, Errorf(EInvalid, "a geometry lies outside the area %s can describe", c.URI)
		}
	}
	if b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90 {
		return nil, Errorf(EInvalid, "a geometry lies outside the area %s can describe", c.URI)
	}
	return out, nil
}
