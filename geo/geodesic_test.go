package geo

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
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
		// Half the equator's geodesic: over a pole, since the ellipsoid is
		// flattened (GeodSolve33); Vincenty's iteration came out 100 km short.
		{"antipodal on the equator", orb.Point{0, 0}, orb.Point{180, 0}, 20003931.4586},
		// Yuxi's antipode, where /api/locate may be asked about.
		{"yuxi to its antipode", orb.Point{102.72, 24.31}, orb.Point{-77.28, -24.31}, 20003931.4586 - 0},
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

// TestDistanceMonotonic walks a point towards the antipode of another:
// the distance must grow all the way (Vincenty's did not, and stopped
// short), up to half a meridian, the longest geodesic on WGS 84.
func TestDistanceMonotonic(t *testing.T) {
	for _, from := range []orb.Point{{0, 0}, {102.72, 24.31}, {0, 60}} {
		anti := orb.Point{from[0] - 180, -from[1]}
		if anti[0] < -180 {
			anti[0] += 360
		}
		prev := 0.0
		for i := 0; i <= 2000; i++ {
			// From 1° to 0 away from the antipode, along its parallel.
			off := 1 - float64(i)/2000
			p := orb.Point{anti[0] - off, anti[1]}
			d := Distance(from, p)
			if d < prev-1e-6 {
				t.Fatalf("from %v: Distance to %v = %.6f m, less than %.6f m one step before", from, p, d, prev)
			}
			prev = d
		}
		if half := 20003931.4586; prev > half+1e-3 || prev < 19_900_000 {
			t.Errorf("from %v: Distance to the antipode = %.4f m, want at most %.4f m", from, prev, half)
		}
	}
}

// fields reads a whitespace-separated test table, skipping comments.
func fields(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, strings.Fields(line))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	if n, d, ok := strings.Cut(s, "/"); ok {
		return num(t, n) / num(t, d)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("bad number %q in test data", s)
	}
	return v
}

// angleDiff is got - want in degrees, modulo 360.
func angleDiff(got, want float64) float64 {
	return math.Abs(math.Remainder(got-want, 360))
}

// TestGeodTest checks every output of the inverse problem against the
// sample of GeodTest that GeographicLib's C tests use, to their tolerances.
func TestGeodTest(t *testing.T) {
	rows := fields(t, "testdata/geodtest-inverse.txt")
	if len(rows) != 20 {
		t.Fatalf("%d rows, want 20", len(rows))
	}
	for _, r := range rows {
		v := make([]float64, len(r))
		for i := range r {
			v[i] = num(t, r[i])
		}
		lat1, lon1, azi1, lat2, lon2, azi2 := v[0], v[1], v[2], v[3], v[4], v[5]
		s12, a12, m12, M12, M21, S12 := v[6], v[7], v[8], v[9], v[10], v[11]
		got := wgs84.inverse(lat1, lon1, lat2, lon2, outDistance|outReducedLength|outGeodesicScale|outArea)
		gazi1, gazi2 := got.azimuths()
		for _, c := range []struct {
			name           string
			got, want, tol float64
		}{
			{"azi1", gazi1, azi1, 1e-13}, {"azi2", gazi2, azi2, 1e-13},
			{"s12", got.s12, s12, 1e-8}, {"a12", got.a12, a12, 1e-13},
			{"m12", got.m12, m12, 1e-8}, {"M12", got.M12, M12, 1e-15},
			{"M21", got.M21, M21, 1e-15}, {"S12", got.S12, S12, 0.1},
		} {
			if !(math.Abs(c.got-c.want) <= c.tol) {
				t.Errorf("%v %v %v %v: %s = %.17g, want %.17g ± %g", lat1, lon1, lat2, lon2, c.name, c.got, c.want, c.tol)
			}
		}
	}
}

// TestGeodSolve runs GeographicLib's regression cases for the inverse
// problem, on WGS 84 and on the other ellipsoids they name.
func TestGeodSolve(t *testing.T) {
	for _, r := range fields(t, "testdata/geodsolve-inverse.txt") {
		name := r[0]
		var g *ellipsoid
		if r[1] == "wgs84" {
			g = wgs84
			r = append([]string{name, "6378137", "1/298.257223563"}, r[2:]...)
		} else {
			g = newEllipsoid(num(t, r[1]), num(t, r[2]))
		}
		if len(r) != 12 {
			t.Fatalf("%s: %d fields, want 12: %v", name, len(r), r)
		}
		lat1, lon1, lat2, lon2 := num(t, r[3]), num(t, r[4]), num(t, r[5]), num(t, r[6])
		t.Run(name, func(t *testing.T) {
			got := g.inverse(lat1, lon1, lat2, lon2, outDistance)
			azi1, azi2 := got.azimuths()
			tolAzi, tolS := num(t, r[10]), num(t, r[11])
			if r[7] != "-" && !(angleDiff(azi1, num(t, r[7])) <= tolAzi) {
				t.Errorf("%s %s %s %s: azi1 = %.15g, want %s ± %g", r[3], r[4], r[5], r[6], azi1, r[7], tolAzi)
			}
			if r[8] != "-" && !(angleDiff(azi2, num(t, r[8])) <= tolAzi) {
				t.Errorf("%s %s %s %s: azi2 = %.15g, want %s ± %g", r[3], r[4], r[5], r[6], azi2, r[8], tolAzi)
			}
			if want := num(t, r[9]); !(math.Abs(got.s12-want) <= tolS) {
				t.Errorf("%s %s %s %s: s12 = %.9f, want %s ± %g", r[3], r[4], r[5], r[6], got.s12, r[9], tolS)
			}
			if math.Signbit(got.s12) || math.Signbit(got.a12) {
				t.Errorf("s12 %v, a12 %v: want no negative zero", got.s12, got.a12)
			}
		})
	}
}

// TestGeodSolveNaN: a NaN in gives NaNs out rather than a distance
// (GeodSolve14, 55, 94).
func TestGeodSolveNaN(t *testing.T) {
	nan := math.NaN()
	for _, c := range [][4]float64{{0, 0, 1, nan}, {nan, 0, 0, 90}, {nan, 0, 90, 9}, {0, 0, nan, 90}} {
		got := wgs84.inverse(c[0], c[1], c[2], c[3], outDistance)
		azi1, azi2 := got.azimuths()
		if !math.IsNaN(got.s12) || !math.IsNaN(azi1) || !math.IsNaN(azi2) {
			t.Errorf("inverse%v = s12 %v azi1 %v azi2 %v, want NaNs", c, got.s12, azi1, azi2)
		}
	}
}

// TestGeodesicArea checks the area under single geodesics: GeodSolve26
// (sphere), 74 (short), 80 (pole to pole), 96 (another ellipsoid).
func TestGeodesicArea(t *testing.T) {
	for _, c := range []struct {
		name                   string
		g                      *ellipsoid
		lat1, lon1, lat2, lon2 float64
		want, tol              float64
	}{
		{"GeodSolve26", newEllipsoid(6.4e6, 0), 1, 2, 3, 4, 49911046115.0, 0.5},
		{"GeodSolve74", wgs84, 54.1589, 15.3872, 54.1591, 15.3877, 286698586.30197, 5e-4},
		{"GeodSolve80", wgs84, 90, 0, 90, 180, 127516405431022.0, 0.5},
		{"GeodSolve80 zero length", wgs84, 20.001, 0, 20.001, 0, 0, 1e-10},
		{"GeodSolve96", newEllipsoid(6378137, 1/298.257222101), 0, 0, 60.0832522871723, 89.8492185074635, 42426932221845, 0.5},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := c.g.inverse(c.lat1, c.lon1, c.lat2, c.lon2, outArea).S12
			if !(math.Abs(got-c.want) <= c.tol) {
				t.Errorf("S12 = %.5f, want %.5f ± %g", got, c.want, c.tol)
			}
		})
	}
}

// TestPlanimeter runs GeographicLib's polygon-area regression cases.
func TestPlanimeter(t *testing.T) {
	for _, r := range fields(t, "testdata/planimeter.txt") {
		t.Run(r[0], func(t *testing.T) {
			want, tol := num(t, r[1]), num(t, r[2])
			var ring orb.Ring
			for _, p := range r[3:] {
				lat, lon, ok := strings.Cut(p, ",")
				if !ok {
					t.Fatalf("bad point %q", p)
				}
				ring = append(ring, orb.Point{num(t, lon), num(t, lat)})
			}
			if got := wgs84.ringArea(ring); !(math.Abs(got-want) <= tol) {
				t.Errorf("area = %.4f m², want %.4f ± %g", got, want, tol)
			}
		})
	}
}

func TestArea(t *testing.T) {
	// Planimeter15's triangle, closed as GeoJSON closes rings, either way round.
	tri := orb.Ring{{1, 2}, {2, 1}, {3, 3}, {1, 2}}
	const triArea = 18454562325.45119
	rev := orb.Ring{{1, 2}, {3, 3}, {2, 1}, {1, 2}}
	big := orb.Ring{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}
	bigArea := Area(big)
	hole := orb.Ring{{1, 2}, {3, 3}, {2, 1}, {1, 2}}
	tests := []struct {
		name string
		g    orb.Geometry
		want float64
	}{
		{"ring", tri, triArea},
		{"clockwise ring", rev, triArea},
		{"polygon", orb.Polygon{tri}, triArea},
		{"polygon with a hole", orb.Polygon{big, hole}, bigArea - triArea},
		{"multipolygon", orb.MultiPolygon{{tri}, {big}}, triArea + bigArea},
		{"point", orb.Point{1, 2}, 0},
		{"line", orb.LineString{{1, 2}, {3, 4}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Area(tt.g); math.Abs(got-tt.want) > 0.5 {
				t.Errorf("Area = %.3f, want %.3f", got, tt.want)
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
	// Across the antimeridian from a square at its edge: 0.2° of longitude
	// at 24°, not the 359.8° the other way round.
	edge := orb.MultiPolygon{{{{179.9, 24}, {180, 24}, {180, 24.1}, {179.9, 24.1}, {179.9, 24}}}}
	want = Distance(orb.Point{180, 24.05}, orb.Point{-179.8, 24.05})
	if d := DistanceTo(orb.Point{-179.8, 24.05}, edge); math.Abs(d-want) > want*1e-3 {
		t.Errorf("across the antimeridian: %v, want %v", d, want)
	}
}

func TestDistanceBetween(t *testing.T) {
	square := orb.MultiPolygon{{{{102, 24}, {102.1, 24}, {102.1, 24.1}, {102, 24.1}, {102, 24}}}}
	// Two bars crossing as a plus sign: no vertex of either lies in the other.
	bar := func(w, s, e, n float64) orb.MultiPolygon {
		return orb.MultiPolygon{{{{w, s}, {e, s}, {e, n}, {w, n}, {w, s}}}}
	}
	tests := []struct {
		name string
		a, b orb.MultiPolygon
		want float64
	}{
		{"apart", square, bar(102.2, 24, 102.3, 24.1), Distance(orb.Point{102.1, 24}, orb.Point{102.2, 24})},
		{"crossing bars", bar(102, 24.04, 102.1, 24.06), bar(102.04, 24, 102.06, 24.1), 0},
		{"edges crossing", square, bar(102.05, 23.95, 102.15, 24.05), 0},
		{"touching along an edge", square, bar(102.1, 24, 102.2, 24.1), 0},
		{"touching at a corner", square, bar(102.1, 24.1, 102.2, 24.2), 0},
		{"one inside the other", square, bar(102.04, 24.04, 102.06, 24.06), 0},
		{"the other inside the one", bar(102.04, 24.04, 102.06, 24.06), square, 0},
		{"in a hole", orb.MultiPolygon{{square[0][0], {{102.02, 24.02}, {102.02, 24.08}, {102.08, 24.08}, {102.08, 24.02}, {102.02, 24.02}}}},
			bar(102.04, 24.04, 102.06, 24.06), Distance(orb.Point{102.04, 24.05}, orb.Point{102.02, 24.05})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DistanceBetween(tt.a, tt.b)
			if math.Abs(got-tt.want) > 1+tt.want*1e-3 {
				t.Errorf("DistanceBetween = %.1f m, want %.1f", got, tt.want)
			}
		})
	}
}
