package geo

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/geo/cql2"
)

// TileReader serves a collection's features as Mapbox Vector Tiles in the
// WebMercatorQuad tile matrix set (EPSG:3857, the XYZ scheme of web maps).
// A store that can implements it; the API offers tiles only then. Both
// stores hold to one contract, checked by data/postgis's tests against the
// embedded store: the same features in each tile, geometries within one
// unit of TileExtent.
type TileReader interface {
	// Tile returns tile z/x/y (y counted from the north, as XYZ and
	// WebMercatorQuad count it) of collection c: one layer named c.ID, of
	// extent TileExtent, holding the features whose geometry meets the tile
	// and TileBuffer units around it, clipped to that buffer and snapped to
	// the tile's grid. Properties are the definition's (see TileValue) plus
	// the id under c.IDProperty. The tile is uncompressed MVT; a tile
	// without features is empty (len 0). The caller checks z/x/y with
	// CheckTile. Only the features that f keeps are written: the page's
	// filters apply to its tiles as to its pages of items. Called by the
	// tiles handler and by export --pmtiles. Errors are *Error: EInvalid
	// for a filter the collection cannot answer, EUnavailable when the
	// database cannot be reached.
	Tile(ctx context.Context, c *Collection, z, x, y int, f TileFilter) ([]byte, error)
}

// TileFilter selects the features a tile holds, with the items endpoint's
// meaning for each field (see FeatureQuery); the zero value keeps every
// feature. The API checks every name in it against the collection's
// definition before a store sees it.
type TileFilter struct {
	Where    []Condition
	Filter   cql2.Expr
	Datetime *Interval
}

// IsZero reports whether f keeps every feature.
func (f TileFilter) IsZero() bool {
	return len(f.Where) == 0 && f.Filter == nil && f.Datetime == nil
}

// The tile grid: 4096 units a side, as PostGIS and Mapbox write, and a
// buffer of 64 units kept around the tile so that lines and outlines do not
// end at its edge.
const (
	TileExtent = 4096
	TileBuffer = 64
	// MaxTileZoom is the deepest zoom a tile may be asked at: 2^30 tiles a
	// side still fit PostgreSQL's integer, and a tile is then 4 cm wide.
	MaxTileZoom = 30
)

// earthRadius is the sphere of EPSG:3857, in metres.
const earthRadius = 6378137.0

// MercatorMax is the half-width of the EPSG:3857 square in metres: the
// origin of WebMercatorQuad is at (-MercatorMax, MercatorMax).
const MercatorMax = math.Pi * earthRadius

// CheckTile reports whether z/x/y is a tile of WebMercatorQuad no deeper
// than maxZoom: ENotFound otherwise, as OGC API - Tiles answers for a tile
// outside the tile matrix set's limits.
func CheckTile(z, x, y, maxZoom int) error {
	maxZoom = min(maxZoom, MaxTileZoom)
	switch {
	case z < 0 || x < 0 || y < 0:
		return Errorf(EInvalid, "tile %d/%d/%d: zoom, row and column are not negative", z, y, x)
	case z > maxZoom:
		return Errorf(ENotFound, "no tile at zoom %d: the tile matrices go from 0 to %d", z, maxZoom)
	case x >= 1<<z || y >= 1<<z:
		return Errorf(ENotFound, "no tile %d/%d/%d: at zoom %d rows and columns go from 0 to %d", z, y, x, z, 1<<z-1)
	}
	return nil
}

// TileBound returns the bounds of tile z/x/y in EPSG:3857 metres, as
// PostGIS's ST_TileEnvelope(z, x, y) computes them.
func TileBound(z, x, y int) orb.Bound {
	size := 2 * MercatorMax / float64(uint64(1)<<z)
	return orb.Bound{
		Min: orb.Point{-MercatorMax + float64(x)*size, MercatorMax - float64(y+1)*size},
		Max: orb.Point{-MercatorMax + float64(x+1)*size, MercatorMax - float64(y)*size},
	}
}

// TileLonLatBound returns the bounds of tile z/x/y with a margin (a
// fraction of the tile's width, TileBuffer/TileExtent for the buffer) in
// lon/lat WGS 84.
func TileLonLatBound(z, x, y int, margin float64) orb.Bound {
	b := TileBound(z, x, y)
	m := margin * (b.Max[0] - b.Min[0])
	b.Min = orb.Point{max(b.Min[0]-m, -MercatorMax), max(b.Min[1]-m, -MercatorMax)}
	b.Max = orb.Point{min(b.Max[0]+m, MercatorMax), min(b.Max[1]+m, MercatorMax)}
	return orb.Bound{Min: FromMercator(b.Min), Max: FromMercator(b.Max)}
}

// Mercator projects a lon/lat WGS 84 point to EPSG:3857 metres (the
// spherical Web Mercator of PROJ); latitudes beyond ±85.0511° project
// beyond the square.
func Mercator(p orb.Point) orb.Point {
	lat := math.Max(-89.9999999, math.Min(89.9999999, p[1]))
	return orb.Point{
		earthRadius * p[0] * math.Pi / 180,
		earthRadius * math.Log(math.Tan(math.Pi/4+lat*math.Pi/360)),
	}
}

// FromMercator is the inverse of Mercator.
func FromMercator(p orb.Point) orb.Point {
	return orb.Point{
		p[0] / earthRadius * 180 / math.Pi,
		(2*math.Atan(math.Exp(p[1]/earthRadius)) - math.Pi/2) * 180 / math.Pi,
	}
}

// TileRange returns the columns and rows of the tiles at zoom z that meet
// b, a lon/lat bound: from min to max, both included.
func TileRange(b orb.Bound, z int) (minX, minY, maxX, maxY int) {
	n := float64(uint64(1) << z)
	size := 2 * MercatorMax / n
	clamp := func(v float64) int { return int(math.Max(0, math.Min(n-1, math.Floor(v)))) }
	lo, hi := Mercator(b.Min), Mercator(b.Max)
	return clamp((lo[0] + MercatorMax) / size), clamp((MercatorMax - hi[1]) / size),
		clamp((hi[0] + MercatorMax) / size), clamp((MercatorMax - lo[1]) / size)
}

// TileValue returns a property's value as a tile carries it, and false for
// a null, which a tile leaves out (MVT has no null). MVT has no lists
// either: a list is its JSON text (["cathode","anode"]), as tippecanoe
// writes arrays, since a list such as the citations holds commas; integers
// are int64, times RFC 3339 text in UTC as PostgreSQL's to_json writes
// them, other values as they are. data/postgis writes the same in SQL.
func TileValue(p Property, v any) (any, bool) {
	switch v := v.(type) {
	case nil:
		return nil, false
	case []string:
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false) // as PostgreSQL writes <, > and &
		if v == nil {
			v = []string{}
		}
		if err := enc.Encode(v); err != nil {
			return nil, false
		}
		return strings.TrimSuffix(b.String(), "\n"), true
	case float64:
		if p.Type == TypeInteger {
			return int64(v), true
		}
		return v, true
	case time.Time:
		if p.Type == TypeDate {
			return v.UTC().Format(time.DateOnly), true
		}
		return v.UTC().Format("2006-01-02T15:04:05.999999-07:00"), true
	}
	return v, true
}
