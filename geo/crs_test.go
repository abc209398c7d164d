package geo_test

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/geo"
)

var updateCRS = flag.Bool("update", false, "rewrite geo/testdata/cs2cs.txt with PROJ's cs2cs")

// crsPoints are CRS84 points over Yuxi and the edges of the 3° zone.
var crsPoints = []orb.Point{
	{102.5, 24.35}, {102.54321, 24.3512345}, {101.0, 23.2}, {103.49, 25.1}, {102.0, 24.0},
	{100.51, 22.0}, {103.49, 26.5}, {102.9876543, 23.5432109},
}

const cs2csGolden = "testdata/cs2cs.txt"

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
	f, err := os.Open(cs2csGolden)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	byCode := map[int]*geo.CRS{}
	for _, c := range geo.SupportedCRS[1:] {
		byCode[c.EPSG] = c
	}
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		var v [5]float64
		for i, s := range strings.Fields(sc.Text()) {
			if v[i], err = strconv.ParseFloat(s, 64); err != nil {
				t.Fatal(err)
			}
		}
		c := byCode[int(v[0])]
		tol := 1e-3
		if c.Decimals == 7 {
			tol = 1e-7 // rounded to 7 decimals; the transform is exact
		}
		got := c.FromCRS84()(orb.Point{v[1], v[2]})
		if math.Abs(got[0]-v[3]) > tol || math.Abs(got[1]-v[4]) > tol {
			t.Errorf("EPSG:%d %v: got %v, cs2cs %v %v", c.EPSG, orb.Point{v[1], v[2]}, got, v[3], v[4])
		}
		back := c.ToCRS84(orb.Point{v[3], v[4]})
		if math.Abs(back[0]-v[1]) > 1e-6 || math.Abs(back[1]-v[2]) > 1e-6 {
			t.Errorf("EPSG:%d back %v: got %v", c.EPSG, orb.Point{v[3], v[4]}, back)
		}
		n++
	}
	if n != len(crsPoints)*(len(geo.SupportedCRS)-1) {
		t.Errorf("%d points in %s", n, cs2csGolden)
	}
}

func TestParseCRS(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		swap bool
		err  bool
	}{
		{"http://www.opengis.net/def/crs/OGC/1.3/CRS84", 4326, false, false},
		{"http://www.opengis.net/def/crs/EPSG/0/4326", 4326, true, false},
		{"[EPSG:4490]", 4490, true, false},
		{"EPSG:4543", 4543, true, false},
		{"epsg:3857", 3857, false, false},
		{"http://www.opengis.net/def/crs/EPSG/0/4522", 4522, true, false},
		{"EPSG:2000", 0, false, true},
		{"http://www.opengis.net/def/crs/EPSG/0/4547", 0, false, true},
		{"", 0, false, true},
	} {
		t.Run(tc.in, func(t *testing.T) {
			c, err := geo.ParseCRS(tc.in)
			if tc.err {
				var e *geo.Error
				if !errors.As(err, &e) || e.Code != geo.EInvalid || !strings.Contains(err.Error(), "EPSG/0/4490") {
					t.Fatalf("err %v, want EInvalid listing the CRSs", err)
				}
				return
			}
			if err != nil || c.EPSG != tc.want || c.Swap != tc.swap {
				t.Fatalf("got %+v %v", c, err)
			}
		})
	}
}

func FuzzParseCRS(f *testing.F) {
	for _, s := range append(geo.CRSURIs(), "EPSG:4490", "[EPSG:4543]", "EPSG:", "x") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := geo.ParseCRS(s)
		if (c == nil) == (err == nil) {
			t.Fatalf("%q: %v %v", s, c, err)
		}
	})
}

func TestBoundToCRS84(t *testing.T) {
	gk, _ := geo.ParseCRS("EPSG:4543")
	f := gk.FromCRS84()
	lo, hi := f(orb.Point{102.4, 24.2}), f(orb.Point{102.6, 24.4})
	// northing first: the box's axes are (northing, easting).
	b := gk.BoundToCRS84(orb.Bound{Min: orb.Point{lo[0], lo[1]}, Max: orb.Point{hi[0], hi[1]}})
	if !b.Contains(orb.Point{102.5, 24.3}) || b.Min[0] < 102.39 || b.Max[0] > 102.61 || b.Min[1] < 24.19 || b.Max[1] > 24.41 {
		t.Errorf("got %v", b)
	}
}
