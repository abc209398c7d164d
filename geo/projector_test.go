package geo_test

import (
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/geo"
)

// kiloProjector is a stand-in for PROJ that geo's own logic can be tested
// on without it: a CRS in metres-like units, 1,000 to a degree, whose
// inverse wraps longitudes into [-180, 180) as PROJ does, and which fails
// (NaNs) on latitudes beyond ±90. CRS84 must never reach it.
type kiloProjector struct{ t *testing.T }

func (k kiloProjector) Forward(c *geo.CRS, ps []orb.Point) {
	k.check(c)
	for i, p := range ps {
		if math.Abs(p[1]) > 90 {
			ps[i] = orb.Point{math.NaN(), math.NaN()}
			continue
		}
		ps[i] = orb.Point{p[0] * 1000, p[1] * 1000}
	}
}

func (k kiloProjector) Inverse(c *geo.CRS, ps []orb.Point) {
	k.check(c)
	for i, p := range ps {
		if math.Abs(p[1]) > 90_000 {
			ps[i] = orb.Point{math.NaN(), math.NaN()}
			continue
		}
		ps[i] = orb.Point{math.Mod(math.Mod(p[0]/1000+180, 360)+360, 360) - 180, p[1] / 1000}
	}
}

func (k kiloProjector) check(c *geo.CRS) {
	if c.IsCRS84() {
		k.t.Errorf("CRS84 was handed to the projector")
	}
}

var kilo = &geo.CRS{URI: "urn:test:kilo", EPSG: 99999, Title: "test", Decimals: 3}

func TestTransformRounds(t *testing.T) {
	pj := kiloProjector{t}
	for _, tc := range []struct {
		name string
		crs  *geo.CRS
		in   orb.Geometry
		want orb.Geometry
	}{
		{"point", kilo, orb.Point{102.1234567, 24.0000004}, orb.Point{102123.457, 24000}},
		{"polygon", kilo, orb.Polygon{{{1, 2}, {3.0000001, 4}, {1, 2}}}, orb.Polygon{{{1000, 2000}, {3000, 4000}, {1000, 2000}}}},
		{"collection", kilo, orb.Collection{orb.Point{1, 1}, orb.LineString{{2, 2}, {3, 3}}}, orb.Collection{orb.Point{1000, 1000}, orb.LineString{{2000, 2000}, {3000, 3000}}}},
		{"CRS84 rounds only", geo.CRS84, orb.LineString{{102.123456789, 24.1}}, orb.LineString{{102.1234568, 24.1}}},
		{"nil", kilo, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := orb.Clone(tc.in)
			got := tc.crs.Transform(pj, tc.in)
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
			if d := cmp.Diff(in, tc.in); d != "" {
				t.Errorf("the input changed:\n%s", d)
			}
		})
	}
}

// TestToCRS84RoundTrip: a position the CRS cannot describe comes back
// from the inverse somewhere else, and is NaNs, not that other place.
func TestToCRS84RoundTrip(t *testing.T) {
	pj := kiloProjector{t}
	for _, tc := range []struct {
		name string
		in   orb.Point
		nan  bool
	}{
		{"inside", orb.Point{102500, 24300}, false},
		{"wrapped", orb.Point{200_000, 24300}, true},
		{"failed", orb.Point{0, 100_000}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := kilo.ToCRS84(pj, tc.in)
			if nan := math.IsNaN(got[0]) && math.IsNaN(got[1]); nan != tc.nan {
				t.Errorf("got %v", got)
			}
			if !tc.nan && (got != orb.Point{102.5, 24.3}) {
				t.Errorf("got %v", got)
			}
		})
	}
	if got := geo.CRS84.ToCRS84(pj, orb.Point{500, 500}); got != (orb.Point{500, 500}) {
		t.Errorf("CRS84: got %v", got)
	}
}

func TestGeometryToCRS84(t *testing.T) {
	pj := kiloProjector{t}
	for _, tc := range []struct {
		name string
		in   orb.Geometry
		want orb.Geometry // nil: EInvalid
	}{
		{"bound stays a box", orb.Bound{Min: orb.Point{1000, 2000}, Max: orb.Point{3000, 4000}}, orb.Bound{Min: orb.Point{1, 2}, Max: orb.Point{3, 4}}},
		{"point", orb.Point{1000, 2000}, orb.Point{1, 2}},
		{"polygon", orb.Polygon{{{0, 0}, {1000, 0}, {0, 1000}, {0, 0}}}, orb.Polygon{{{0, 0}, {1, 0}, {0, 1}, {0, 0}}}},
		{"wrapped", orb.LineString{{200_000, 0}, {0, 0}}, nil},
		// Past the first position: a bound of points skips NaNs.
		{"wrapped later", orb.LineString{{0, 0}, {200_000, 0}}, nil},
		{"bound across what it cannot describe", orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{1000, 100_000}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := kilo.GeometryToCRS84(pj, tc.in)
			if tc.want == nil {
				var e *geo.Error
				if !errors.As(err, &e) || e.Code != geo.EInvalid {
					t.Fatalf("got %v, %v; want EInvalid", got, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}
