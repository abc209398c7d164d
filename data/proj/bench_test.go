package proj_test

import (
	"testing"

	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/geo"
)

// BenchmarkTransformCounties maps the bundled counties (12,551 vertices)
// to Gauss–Krüger, one ring to PROJ at a time, as the embedded store does
// the first time a page asks for them in EPSG:4543.
func BenchmarkTransformCounties(b *testing.B) {
	d, err := seed.Bundled()
	if err != nil {
		b.Fatal(err)
	}
	pj := projector(b)
	gk, _ := geo.ParseCRS("EPSG:4543")
	gk.Transform(pj, d.Counties[0].Geometry)
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range d.Counties {
			gk.Transform(pj, c.Geometry)
		}
	}
}
