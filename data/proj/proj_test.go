package proj_test

import (
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/data/proj"
	"github.com/parkmap/parkmap/data/proj/projtest"
	"github.com/parkmap/parkmap/geo"
)

var updateCRS = flag.Bool("update", false, "rewrite data/proj/testdata/cs2cs.txt with PROJ's cs2cs")

// crsPoints are CRS84 points over Yuxi and the edges of the 3° zone.
var crsPoints = []orb.Point{
	{102.5, 24.35}, {102.54321, 24.3512345}, {101.0, 23.2}, {103.49, 25.1}, {102.0, 24.0},
	{100.51, 22.0}, {103.49, 26.5}, {102.9876543, 23.5432109},
}

var cs2csGolden = projtest.File()

// TestCRSAgreesWithPROJ holds the embedded store's transforms to PROJ's
// cs2cs to 1 mm (1e-8° for degrees). -update reruns cs2cs (apt proj-bin).
func TestCRSAgreesWithPROJ(t *testing.T) {
	if *updateCRS {
		var b strings.Builder
		for _, c := range geo.SupportedCRS[1:] {
			for _, p := range crsPoints {
				cmd := exec.Command("cs2cs", "-d", "9", "OGC:CRS84", fmt.Sprintf("EPSG:%d", c.EPSG))
				cmd.Stdin = strings.NewReader(fmt.Sprintf("%.9f %.9f\n", p[0], p[1]))
				out, err := cmd.Output()
				if err != nil {
					t.Fatal(err)
				}
				f := strings.Fields(string(out))
				fmt.Fprintf(&b, "%d %.9f %.9f %s %s\n", c.EPSG, p[0], p[1], f[0], f[1])
			}
		}
		if err := os.WriteFile(cs2csGolden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pj := projector(t)
	points := projtest.CS2CS(t)
	for _, p := range points {
		c := p.CRS
		tol := 1e-3
		if c.Decimals == 7 {
			tol = 1e-7 // rounded to 7 decimals; the transform is exact
		}
		got := c.FromCRS84(pj, p.CRS84)
		if math.Abs(got[0]-p.Want[0]) > tol || math.Abs(got[1]-p.Want[1]) > tol {
			t.Errorf("EPSG:%d %v: got %v, cs2cs %v", c.EPSG, p.CRS84, got, p.Want)
		}
		back := c.ToCRS84(pj, p.Want)
		if math.Abs(back[0]-p.CRS84[0]) > 1e-6 || math.Abs(back[1]-p.CRS84[1]) > 1e-6 {
			t.Errorf("EPSG:%d back %v: got %v", c.EPSG, p.Want, back)
		}
	}
	n := len(points)
	if n != len(crsPoints)*(len(geo.SupportedCRS)-1) {
		t.Errorf("%d points in %s", n, cs2csGolden)
	}
}

func TestBoundToCRS84(t *testing.T) {
	pj := projector(t)
	gk, _ := geo.ParseCRS("EPSG:4543")
	lo, hi := gk.FromCRS84(pj, orb.Point{102.4, 24.2}), gk.FromCRS84(pj, orb.Point{102.6, 24.4})
	// northing first: the box's axes are (northing, easting).
	b := gk.BoundToCRS84(pj, orb.Bound{Min: orb.Point{lo[0], lo[1]}, Max: orb.Point{hi[0], hi[1]}})
	if !b.Contains(orb.Point{102.5, 24.3}) || b.Min[0] < 102.39 || b.Max[0] > 102.61 || b.Min[1] < 24.19 || b.Max[1] > 24.41 {
		t.Errorf("got %v", b)
	}
}

func projector(t testing.TB) *proj.Projector {
	t.Helper()
	pj, err := proj.Shared()
	if err != nil {
		t.Fatal(err)
	}
	return pj
}

// TestNew: a Projector maps to each CRS offered, and leaves CRS84 and a
// CRS it does not know (NaNs) alone rather than guess.
func TestNew(t *testing.T) {
	pj, err := proj.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range geo.SupportedCRS {
		t.Run(c.URI, func(t *testing.T) {
			ps := []orb.Point{{102.5, 24.35}}
			pj.Forward(c, ps)
			if c.IsCRS84() && ps[0] != (orb.Point{102.5, 24.35}) || math.IsNaN(ps[0][0]) {
				t.Errorf("got %v", ps[0])
			}
			pj.Inverse(c, ps)
			if math.Abs(ps[0][0]-102.5) > 1e-9 || math.Abs(ps[0][1]-24.35) > 1e-9 {
				t.Errorf("back: got %v", ps[0])
			}
		})
	}
	unknown := &geo.CRS{URI: "http://www.opengis.net/def/crs/EPSG/0/4547", EPSG: 4547, Decimals: 3}
	ps := []orb.Point{{102.5, 24.35}}
	if pj.Forward(unknown, ps); !math.IsNaN(ps[0][0]) || !math.IsNaN(ps[0][1]) {
		t.Errorf("a CRS not offered: got %v", ps[0])
	}
}
