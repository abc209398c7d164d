// Package projtest reads the table of points PROJ's cs2cs transformed
// (data/proj/testdata/cs2cs.txt), which both the projector and PostGIS's
// ST_Transform are held to.
package projtest

import (
	"bufio"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/geo"
)

// Point is one row of the table: a CRS84 position and what cs2cs made of
// it in the CRS, in the CRS's own axis order.
type Point struct {
	CRS   *geo.CRS
	CRS84 orb.Point
	Want  orb.Point
}

// File is the table's path, for a test that rewrites it.
func File() string {
	_, here, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(here), "..", "testdata", "cs2cs.txt")
}

// CS2CS reads the table; a malformed line or an unknown CRS fails t.
func CS2CS(t testing.TB) []Point {
	t.Helper()
	f, err := os.Open(File())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	byCode := map[int]*geo.CRS{}
	for _, c := range geo.SupportedCRS[1:] {
		byCode[c.EPSG] = c
	}
	var out []Point
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 5 {
			t.Fatalf("%s: %q: want EPSG code, lon, lat and the two transformed numbers", File(), sc.Text())
		}
		var v [5]float64
		for i, s := range fields {
			if v[i], err = strconv.ParseFloat(s, 64); err != nil {
				t.Fatalf("%s: %v", File(), err)
			}
		}
		c, ok := byCode[int(v[0])]
		if !ok {
			t.Fatalf("%s: EPSG:%v is not offered", File(), v[0])
		}
		out = append(out, Point{CRS: c, CRS84: orb.Point{v[1], v[2]}, Want: orb.Point{v[3], v[4]}})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
