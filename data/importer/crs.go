package importer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// crsForms are the ways files and people write an EPSG code.
var crsForms = []*regexp.Regexp{
	regexp.MustCompile(`^(?i:epsg):{1,2}(\d{1,6})$`),
	regexp.MustCompile(`^(\d{1,6})$`),
	regexp.MustCompile(`^(?i:urn:ogc:def:crs:epsg:[0-9.]*:)(\d{1,6})$`),
	regexp.MustCompile(`^(?i:https?://www\.opengis\.net/def/crs/epsg/0/)(\d{1,6})$`),
}

// ParseCRS returns the EPSG code of a CRS as files and people write it:
// EPSG:4543, 4543, urn:ogc:def:crs:EPSG::4543, the OGC http URI, and
// CRS84 (WGS 84 lon/lat, 4326). Whether PostGIS knows the code is the
// store's to say.
func ParseCRS(s string) (int, error) {
	s = strings.TrimSpace(s)
	switch strings.ToUpper(s) {
	case "CRS84", "OGC:CRS84", "URN:OGC:DEF:CRS:OGC:1.3:CRS84", "URN:OGC:DEF:CRS:OGC::CRS84",
		"HTTP://WWW.OPENGIS.NET/DEF/CRS/OGC/1.3/CRS84", "WGS84", "WGS 84":
		return 4326, nil
	}
	for _, re := range crsForms {
		if m := re.FindStringSubmatch(s); m != nil {
			n, err := strconv.Atoi(m[1])
			if err == nil && n > 0 {
				return n, nil
			}
		}
	}
	return 0, fmt.Errorf("unknown CRS %q: give an EPSG code, e.g. --crs EPSG:4490 (CGCS2000) or EPSG:4543 (CGCS2000 / 3-degree Gauss-Kruger CM 102E)", s)
}
