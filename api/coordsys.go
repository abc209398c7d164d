package api

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb/geojson"

	"github.com/parkmap/parkmap/geo"
)

// coordsys=gcj02 offsets the coordinates of items, a feature or a tile to
// GCJ-02, so that they sit on Gaode (AMap) and Tencent base maps, which
// are drawn offset by China's rules. GCJ-02 is no CRS (no EPSG code, no
// definition): it is never the default, the response says so in its
// Coordsys header and carries no Content-Crs, and it is refused with a
// crs other than WGS 84's.

const (
	coordsysGCJ02 = "gcj02"
	// coordsysHeader labels a response whose coordinates are offset.
	coordsysHeader = "Coordsys"
	coordsysLabel  = "GCJ-02; non-standard: WGS 84 offset for Gaode and Tencent base maps, not a CRS; not for measurement or GIS analysis"
	// coordsysDescription is the parameter's text in the OpenAPI document.
	coordsysDescription = "Opt-in, non-standard: gcj02 offsets the coordinates to GCJ-02 (火星坐标), for overlays on Gaode (AMap) and Tencent base maps, which are drawn offset. GCJ-02 is not a CRS: the response has no Content-Crs and says so in its Coordsys header. Only with crs CRS84 or EPSG:4326; never the default; not for measurement."
)

// coordsysParam is the coordsys parameter in the OpenAPI document.
func coordsysParam() *openapi3.ParameterRef {
	return queryParam("coordsys", coordsysDescription, stringSchema().WithEnum(coordsysGCJ02))
}

// offset is a request's coordsys=gcj02: features offset to GCJ-02, then
// written in crs's axis order (CRS84 or EPSG:4326) by pj.
type offset struct {
	crs *geo.CRS
	pj  geo.Projector
}

// parseCoordsys reads coordsys: absent is none (nil); gcj02 with crs
// CRS84 or EPSG:4326 (written by pj); anything else is a 400.
func parseCoordsys(c *gin.Context, crs *geo.CRS, pj geo.Projector) (*offset, error) {
	v, ok := c.GetQuery("coordsys")
	if !ok {
		return nil, nil
	}
	if !strings.EqualFold(strings.TrimSpace(v), coordsysGCJ02) {
		return nil, invalid("coordsys %q is not offered: gcj02 (for Gaode and Tencent base maps), or leave it out for WGS 84", truncate(v))
	}
	if !crs.IsCRS84() && crs.EPSG != 4326 {
		return nil, invalid("coordsys=gcj02 offsets WGS 84 coordinates; it takes crs CRS84 or EPSG:4326, not %s", crs.URI)
	}
	return &offset{crs: crs, pj: pj}, nil
}

// itemsOffset reads coordsys for a page of items: with an offset the store
// is asked for CRS84, which the offset then moves and writes in the crs
// asked for.
func itemsOffset(c *gin.Context, q *geo.FeatureQuery, pj geo.Projector) (*offset, error) {
	off, err := parseCoordsys(c, q.CRS, pj)
	if off != nil {
		q.CRS = nil
	}
	return off, err
}

// label marks the response as offset, in place of a Content-Crs that
// would claim a CRS the coordinates are not in.
func (o *offset) label(c *gin.Context) {
	c.Writer.Header().Del("Content-Crs")
	c.Header(coordsysHeader, coordsysLabel)
}

// features offsets each encoded CRS84 feature in place.
func (o *offset) features(fs []json.RawMessage) ([]json.RawMessage, error) {
	out := make([]json.RawMessage, len(fs))
	for i, f := range fs {
		g, err := o.feature(f)
		if err != nil {
			return nil, err
		}
		out[i] = g
	}
	return out, nil
}

// feature offsets an encoded CRS84 feature's geometry, keeping the rest of
// its text as it is.
func (o *offset) feature(f json.RawMessage) (json.RawMessage, error) {
	var feature struct {
		Geometry json.RawMessage `json:"geometry"`
	}
	if err := json.Unmarshal(f, &feature); err != nil {
		return nil, err
	}
	raw := feature.Geometry
	if len(raw) == 0 || string(raw) == "null" {
		return f, nil
	}
	g, err := geojson.UnmarshalGeometry(raw)
	if err != nil {
		return nil, err
	}
	moved := geo.ToGCJ02(g.Geometry())
	if !o.crs.IsCRS84() {
		moved = o.crs.Transform(o.pj, moved) // EPSG:4326: latitude first
	}
	out, err := json.Marshal(geojson.NewGeometry(moved))
	if err != nil {
		return nil, err
	}
	// The geometry's text is found where the feature's member is, so that
	// a property's value that happens to look the same is not touched.
	key := []byte(`"geometry":`)
	i := bytes.Index(f, key)
	if i < 0 || !bytes.HasPrefix(bytes.TrimLeft(f[i+len(key):], " "), raw) {
		return nil, geo.Errorf(geo.EInternal, "a feature's geometry member is not where it was decoded from")
	}
	start := i + len(key) + (len(f[i+len(key):]) - len(bytes.TrimLeft(f[i+len(key):], " ")))
	body := make([]byte, 0, len(f)+len(out))
	body = append(body, f[:start]...)
	body = append(body, out...)
	body = append(body, f[start+len(raw):]...)
	return body, nil
}
