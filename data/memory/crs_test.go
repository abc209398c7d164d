package memory_test

import (
	"context"
	"testing"

	"github.com/parkmap/parkmap/geo"
)

// BenchmarkFeaturesCRS is a page of the counties (the largest geometries)
// as encoded at load (CRS84) and re-encoded through PROJ per request.
func BenchmarkFeaturesCRS(b *testing.B) {
	s := newStore(b)
	ctx := context.Background()
	for _, uri := range []string{"http://www.opengis.net/def/crs/OGC/1.3/CRS84", "http://www.opengis.net/def/crs/EPSG/0/4490", "http://www.opengis.net/def/crs/EPSG/0/4543"} {
		crs, err := geo.ParseCRS(uri)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(uri[len("http://www.opengis.net/def/crs/"):], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Features(ctx, geo.Counties, geo.FeatureQuery{Limit: 100, CRS: crs}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
