package geo

import (
	"strconv"
	"strings"
)

// CRS is a coordinate reference system features can be served in (OGC API
// - Features Part 2). Coordinates are written in the CRS's own axis order:
// latitude first for EPSG:4326 and EPSG:4490, northing first for the
// Gauss–Krüger ones, as EPSG defines them; CRS84 and EPSG:3857 are x first.
// A CRS is data only: a Projector maps coordinates into it and back.
type CRS struct {
	URI   string
	EPSG  int  // the SRID PostGIS transforms to; 4326 for CRS84
	Swap  bool // axis order is lat/lon or northing/easting
	Title string
	// Decimals keeps about 1 cm: 7 for degrees, 3 for metres.
	Decimals int
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
