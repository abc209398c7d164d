package geo

// GCJ-02 ("Mars coordinates", 火星坐标) is the offset China's national
// rules require of the base maps published there: Gaode (AMap), Tencent
// and Google's China tiles draw WGS 84 features several hundred metres
// off unless the features are offset the same way. It is not a CRS: no
// EPSG code, no PROJ definition, no documented parameters.
//
// The forward formula below is the one that leaked in the 2000s and that
// every open implementation shares (for example github.com/googollee/
// eviltransform, MIT licensed, and github.com/wandergis/coordtransform),
// written here from that public description because no Go module of it is
// reachable from this project's build (the module proxy refuses both
// eviltransform's and qichengzx/coordtransform's). Its constants are the
// Krasovsky 1940 ellipsoid's semi-major axis and squared eccentricity.
// The tests hold it to the pairs eviltransform publishes. The inverse has
// no closed form; GCJ02ToWGS84 iterates the forward formula.

import (
	"math"

	"github.com/paulmach/orb"
)

const (
	krasovskyA  = 6378245.0
	krasovskyE2 = 0.00669342162296594323
)

// InChina reports whether GCJ-02 offsets a lon/lat point: the formula is
// applied inside a rectangle around China and is the identity outside it,
// as every implementation does.
func InChina(p orb.Point) bool {
	return p[0] >= 72.004 && p[0] <= 137.8347 && p[1] >= 0.8293 && p[1] <= 55.8271
}

// gcjDelta is the offset, in degrees of longitude and latitude, that
// GCJ-02 adds at a WGS 84 point.
func gcjDelta(lon, lat float64) (dLon, dLat float64) {
	x, y := lon-105, lat-35
	xPi, yPi := x*math.Pi, y*math.Pi
	common := 20*math.Sin(6*xPi) + 20*math.Sin(2*xPi)
	dLat = -100 + 2*x + 3*y + 0.2*y*y + 0.1*x*y + 0.2*math.Sqrt(math.Abs(x)) +
		(common+20*math.Sin(yPi)+40*math.Sin(yPi/3)+160*math.Sin(yPi/12)+320*math.Sin(yPi/30))*2/3
	dLon = 300 + x + 2*y + 0.1*x*x + 0.1*x*y + 0.1*math.Sqrt(math.Abs(x)) +
		(common+20*math.Sin(xPi)+40*math.Sin(xPi/3)+150*math.Sin(xPi/12)+300*math.Sin(xPi/30))*2/3
	rad := lat * math.Pi / 180
	s := math.Sin(rad)
	magic := 1 - krasovskyE2*s*s
	sqrtMagic := math.Sqrt(magic)
	dLat = dLat * 180 / (krasovskyA * (1 - krasovskyE2) / (magic * sqrtMagic) * math.Pi)
	dLon = dLon * 180 / (krasovskyA / sqrtMagic * math.Cos(rad) * math.Pi)
	return dLon, dLat
}

// WGS84ToGCJ02 offsets a WGS 84 lon/lat point to GCJ-02; a point outside
// China is returned as it is.
func WGS84ToGCJ02(p orb.Point) orb.Point {
	if !InChina(p) {
		return p
	}
	dLon, dLat := gcjDelta(p[0], p[1])
	return orb.Point{p[0] + dLon, p[1] + dLat}
}

// GCJ02ToWGS84 finds the WGS 84 point that GCJ-02 offsets to p, by fixed-
// point iteration on the forward formula: the offset changes by well under
// 1 % over its own length, so each step gains about two decimal digits,
// and ten steps reach far below a millimetre.
func GCJ02ToWGS84(p orb.Point) orb.Point {
	if !InChina(p) {
		return p
	}
	w := p
	for range 10 {
		g := WGS84ToGCJ02(w)
		dLon, dLat := g[0]-p[0], g[1]-p[1]
		w = orb.Point{w[0] - dLon, w[1] - dLat}
		if math.Abs(dLon) < 1e-11 && math.Abs(dLat) < 1e-11 {
			break
		}
	}
	return w
}

// ToGCJ02 returns a copy of a CRS84 geometry offset to GCJ-02, rounded to
// 7 decimals as the API writes degrees.
func ToGCJ02(g orb.Geometry) orb.Geometry {
	if g == nil {
		return nil
	}
	const scale = 1e7
	offset := func(p orb.Point) orb.Point {
		q := WGS84ToGCJ02(p)
		return orb.Point{math.Round(q[0]*scale) / scale, math.Round(q[1]*scale) / scale}
	}
	if p, ok := g.(orb.Point); ok {
		return offset(p)
	}
	g = orb.Clone(g)
	apply(g, func(ps []orb.Point) {
		for i, p := range ps {
			ps[i] = offset(p)
		}
	})
	return g
}
