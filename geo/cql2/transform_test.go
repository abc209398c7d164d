package cql2

import (
	"errors"
	"testing"

	"github.com/paulmach/orb"
)

// swap turns lat/lon into lon/lat, as for filter-crs EPSG:4326.
func swap(g orb.Geometry) (orb.Geometry, error) {
	switch g := g.(type) {
	case orb.Point:
		return orb.Point{g[1], g[0]}, nil
	case orb.Bound:
		return orb.Bound{Min: orb.Point{g.Min[1], g.Min[0]}, Max: orb.Point{g.Max[1], g.Max[0]}}, nil
	case orb.LineString:
		out := make(orb.LineString, len(g))
		for i, p := range g {
			out[i] = orb.Point{p[1], p[0]}
		}
		return out, nil
	}
	return nil, errors.New("unsupported")
}

func TestTransformGeometries(t *testing.T) {
	tests := []struct{ in, want string }{
		{"S_INTERSECTS(geom, POINT(24.3 102.5)) AND NOT S_WITHIN(geom, BBOX(24, 102, 25, 103))",
			"S_INTERSECTS(geom, POINT(102.5 24.3)) AND NOT S_WITHIN(geom, BBOX(102, 24, 103, 25))"},
		{"a = 1 OR S_CROSSES(LINESTRING(1 2, 3 4), geom)", "a = 1 OR S_CROSSES(LINESTRING(2 1, 4 3), geom)"},
		{"T_AFTER(d, INTERVAL('2020-01-01', '..')) AND A_CONTAINS(s, ('x'))", "T_AFTER(d, INTERVAL('2020-01-01', '..')) AND A_CONTAINS(s, ('x'))"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			e, err := ParseText(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			before := e.String()
			got, err := TransformGeometries(e, swap)
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if e.String() != before {
				t.Errorf("the input changed to %s", e)
			}
		})
	}
	e, _ := ParseText("S_INTERSECTS(geom, POLYGON((0 0, 1 0, 1 1, 0 0)))")
	if _, err := TransformGeometries(e, swap); err == nil || err.Error() != "unsupported" {
		t.Errorf("error %v, want fn's", err)
	}
}
