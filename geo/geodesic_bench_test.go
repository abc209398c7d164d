package geo

import (
	"testing"

	"github.com/paulmach/orb"
)

// BenchmarkDistance measures the geodesic between two of Yuxi's zones.
func BenchmarkDistance(b *testing.B) {
	p, q := orb.Point{102.72, 24.31}, orb.Point{102.91, 24.21}
	b.ReportAllocs()
	for b.Loop() {
		Distance(p, q)
	}
}

// BenchmarkDistanceBetween measures between two neighbouring square zones.
func BenchmarkDistanceBetween(b *testing.B) {
	sq := func(lon, lat float64) orb.MultiPolygon {
		return orb.MultiPolygon{{{{lon, lat}, {lon + 0.01, lat}, {lon + 0.01, lat + 0.01}, {lon, lat + 0.01}, {lon, lat}}}}
	}
	a, c := sq(102.7, 24.3), sq(102.75, 24.32)
	b.ReportAllocs()
	for b.Loop() {
		DistanceBetween(a, c)
	}
}
