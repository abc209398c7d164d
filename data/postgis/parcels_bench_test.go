package postgis

import (
	"context"
	"testing"

	"github.com/parkmap/parkmap/geo"
)

// BenchmarkReplaceSyntheticParcels writes 100,000 generated parcels in
// Yuxi's zones as gen does (COPY), deleting the previous ones: what the
// statement triggers' transition tables add to a bulk write.
func BenchmarkReplaceSyntheticParcels(b *testing.B) {
	s, d := newSeeded(b)
	parcels, err := geo.GenerateParcels(d.Parks, 100_000, 1)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := s.ReplaceSyntheticParcels(ctx, parcels); err != nil {
			b.Fatal(err)
		}
	}
}
