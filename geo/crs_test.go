package geo_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/parkmap/parkmap/geo"
)

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
