package api

import (
	"math"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/geo"
)

// crsConformance is OGC API - Features Part 2's class: features are served
// in the CRSs geo.SupportedCRS lists, chosen with crs and bbox-crs.
const crsConformance = "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs"

// parseCRSParam reads a crs, bbox-crs or filter-crs parameter: absent is
// CRS84; anything else not offered is a 400 listing what is.
func parseCRSParam(c *gin.Context, name string) (*geo.CRS, error) {
	v, ok := c.GetQuery(name)
	if !ok {
		return geo.CRS84, nil
	}
	crs, err := geo.ParseCRS(v)
	if err != nil {
		return nil, invalid("%s: %s", name, strings.TrimPrefix(err.Error(), geo.EInvalid+": "))
	}
	return crs, nil
}

// parseBBoxIn parses a bbox given in crs, in its axis order, and returns
// the CRS84 box that holds it, which is what the stores filter by.
func parseBBoxIn(s string, crs *geo.CRS, pj geo.Projector) (orb.Bound, error) {
	if crs.IsCRS84() {
		return parseBBox(s)
	}
	n, err := bboxNumbers(s, "in "+crs.URI+"'s axis order")
	if err != nil {
		return orb.Bound{}, err
	}
	if n[0] > n[2] || n[1] > n[3] {
		return orb.Bound{}, invalid("bbox minimum %v,%v is beyond the maximum %v,%v", n[0], n[1], n[2], n[3])
	}
	b := crs.BoundToCRS84(pj, orb.Bound{Min: orb.Point{n[0], n[1]}, Max: orb.Point{n[2], n[3]}})
	for _, v := range []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return orb.Bound{}, invalid("bbox %s lies outside the area %s can describe", truncate(s), crs.URI)
		}
	}
	if b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90 {
		return orb.Bound{}, invalid("bbox %s lies outside the area %s can describe", truncate(s), crs.URI)
	}
	return b, nil
}

// setContentCRS tells the client which CRS the features' coordinates are
// in, as Part 2 asks of every response carrying features.
func setContentCRS(c *gin.Context, crs *geo.CRS) {
	if crs == nil {
		crs = geo.CRS84
	}
	c.Header("Content-Crs", "<"+crs.URI+">")
}
