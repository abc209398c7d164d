package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func TestDistance(t *testing.T) {
	tests := []struct {
		name string
		a, b orb.Point
		want float64 // metres, from PostGIS 3.3's geography ST_Distance
	}{
		{"same point", orb.Point{102.72, 24.31}, orb.Point{102.72, 24.31}, 0},
		// One degree of latitude around 24° N (111,195 m on a mean-radius sphere).
		{"one degree north", orb.Point{102.5, 23.8}, orb.Point{102.5, 24.8}, 110762.59},
		{"longquan to huaning", orb.Point{102.72, 24.31}, orb.Point{102.91, 24.21}, 22247.08},
		{"equator", orb.Point{0, 0}, orb.Point{1, 0}, 111319.49},
		// Flinders Peak to Buninyong, Vincenty's own test case: 54,972.271 m.
		{"vincenty", orb.Point{144.42486788888889, -37.95103341666667}, orb.Point{143.92649552777778, -37.65282113888889}, 54972.271},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Distance(tt.a, tt.b)
			if math.Abs(got-tt.want) > 1+tt.want*1e-5 {
				t.Errorf("Distance = %.3f m, want %.3f", got, tt.want)
			}
		})
	}
}

func TestDistanceTo(t *testing.T) {
	square := orb.MultiPolygon{{{{102, 24}, {102.1, 24}, {102.1, 24.1}, {102, 24.1}, {102, 24}}}}
	if d := DistanceTo(orb.Point{102.05, 24.05}, square); d != 0 {
		t.Errorf("inside: %v, want 0", d)
	}
	// Due east of the square's east side, on the same latitude.
	want := Distance(orb.Point{102.1, 24.05}, orb.Point{102.2, 24.05})
	if d := DistanceTo(orb.Point{102.2, 24.05}, square); math.Abs(d-want) > want*1e-3 {
		t.Errorf("east: %v, want %v", d, want)
	}
	other := orb.MultiPolygon{{{{102.2, 24}, {102.3, 24}, {102.3, 24.1}, {102.2, 24.1}, {102.2, 24}}}}
	if d := DistanceBetween(square, other); math.Abs(d-Distance(orb.Point{102.1, 24}, orb.Point{102.2, 24})) > 20 {
		t.Errorf("between: %v", d)
	}
}
