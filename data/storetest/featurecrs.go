package storetest

import (
	"context"
	"encoding/json"
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/parkmap/parkmap/data/proj"
	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/geo"
)

// testFeatureCRS reads single features in each CRS offered: the geometry is
// the one a page in that CRS carries, and within 1 mm (plus the rounding to
// the CRS's decimals) of PROJ's transform of the dataset's own coordinates,
// PROJ being held to cs2cs in geo's tests. Gauss–Krüger (CM 102°E) is
// checked within 10° of its meridian (the city lies at 100°E): far from it
// Transverse Mercator is not defined.
func testFeatureCRS(ctx context.Context, t *testing.T, s geo.Store, d *seed.Dataset) {
	type feature struct {
		c  *geo.Collection
		id string
		g  orb.MultiPolygon
	}
	pj, err := proj.Shared()
	if err != nil {
		t.Fatal(err)
	}
	var features []feature
	for _, p := range d.Parks {
		features = append(features, feature{geo.Parks, p.ID, p.Geometry})
	}
	for _, c := range d.Counties {
		features = append(features, feature{geo.Counties, c.Code, c.Geometry})
	}
	for _, crs := range geo.SupportedCRS {
		t.Run(crs.URI, func(t *testing.T) {
			// 1 mm, in degrees where the CRS is in degrees, and half the
			// last decimal written.
			tol := 1e-3 + 0.5*math.Pow10(-crs.Decimals)
			if crs.Decimals == 7 {
				tol = 1e-3/111_000 + 0.5e-7
			}
			pages := map[*geo.Collection]map[string]json.RawMessage{}
			for _, c := range []*geo.Collection{geo.Parks, geo.Counties} {
				page, err := s.Features(ctx, c, geo.FeatureQuery{Limit: 10000, CRS: crs})
				if err != nil {
					t.Fatalf("Features(%s): %v", c.ID, err)
				}
				pages[c] = map[string]json.RawMessage{}
				for _, f := range page.Features {
					var head struct{ ID string }
					if err := json.Unmarshal(f, &head); err != nil {
						t.Fatal(err)
					}
					pages[c][head.ID] = geometryOf(t, f)
				}
			}
			checked := 0
			for _, f := range features {
				if b := f.g.Bound(); crs.EPSG == 4543 || crs.EPSG == 4522 {
					if b.Min[0] < 92 || b.Max[0] > 112 {
						continue
					}
				}
				raw, err := s.Feature(ctx, f.c, f.id, crs)
				if err != nil {
					t.Fatalf("Feature(%s, %s): %v", f.c.ID, f.id, err)
				}
				one := geometryOf(t, raw)
				if inPage := pages[f.c][f.id]; string(inPage) != string(one) {
					t.Errorf("%s %s: the feature's geometry differs from the page's:\n%.300s\n%.300s", f.c.ID, f.id, one, inPage)
				}
				g, err := geojson.UnmarshalGeometry(one)
				if err != nil {
					t.Fatalf("%s %s: %v", f.c.ID, f.id, err)
				}
				got, want := positions(g.Geometry()), positions(crs.Transform(pj, f.g))
				if len(got) != len(want) {
					t.Fatalf("%s %s: %d positions, want %d", f.c.ID, f.id, len(got), len(want))
				}
				for i := range got {
					if math.Abs(got[i][0]-want[i][0]) > tol || math.Abs(got[i][1]-want[i][1]) > tol {
						t.Errorf("%s %s position %d: %v, PROJ %v", f.c.ID, f.id, i, got[i], want[i])
						break
					}
				}
				checked++
			}
			if checked == 0 {
				t.Fatal("no feature checked")
			}
		})
	}
}

// geometryOf is an encoded feature's geometry, as written.
func geometryOf(t *testing.T, raw json.RawMessage) json.RawMessage {
	t.Helper()
	var f struct{ Geometry json.RawMessage }
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatalf("%v: %.200s", err, raw)
	}
	return f.Geometry
}

// positions lists a geometry's positions in order.
func positions(g orb.Geometry) []orb.Point {
	var out []orb.Point
	switch g := g.(type) {
	case orb.Point:
		out = append(out, g)
	case orb.Ring:
		out = append(out, g...)
	case orb.Polygon:
		for _, r := range g {
			out = append(out, r...)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			out = append(out, positions(p)...)
		}
	}
	return out
}
