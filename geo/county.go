package geo

import "github.com/paulmach/orb"

// County is a county-level division (区, 县, 市) with its administrative code.
type County struct {
	Code     string
	NameZH   string
	NameEN   string
	Geometry orb.MultiPolygon
	Sources  []string
}

// AreaKM2 returns the county's geodesic area in square kilometres.
func (c County) AreaKM2() float64 { return Area(c.Geometry) / 1e6 }
