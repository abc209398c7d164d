package geo

import (
	"encoding/binary"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// square returns the closed counter-clockwise ring of the square from
// (x, y) with side s.
func square(x, y, s float64) orb.Ring {
	return orb.Ring{{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}}
}

// reversed returns a reversed copy of r.
func reversed(r orb.Ring) orb.Ring {
	c := r.Clone()
	c.Reverse()
	return c
}

// circle returns a closed counter-clockwise ring of n points around Yuxi,
// about the size of a county.
func circle(n int) orb.Ring {
	r := make(orb.Ring, n+1)
	for k := range n {
		a := 2 * math.Pi * float64(k) / float64(n)
		r[k] = orb.Point{102.5 + 0.3*math.Cos(a), 24.3 + 0.3*math.Sin(a)}
	}
	r[n] = r[0]
	return r
}

func TestValidate(t *testing.T) {
	hole := reversed(square(102.2, 24.2, 0.2))
	tests := []struct {
		name    string
		input   orb.MultiPolygon
		wantErr string // a fragment of the message; "" for valid
	}{
		{"square", orb.MultiPolygon{{square(102, 24, 1)}}, ""},
		{"with hole", orb.MultiPolygon{{square(102, 24, 1), hole}}, ""},
		{"two polygons", orb.MultiPolygon{{square(102, 24, 1)}, {square(104, 24, 1), reversed(square(104.2, 24.2, 0.2))}}, ""},
		{"polygons touching at a corner", orb.MultiPolygon{{square(102, 24, 1)}, {square(103, 25, 1)}}, ""},
		{"triangle", orb.MultiPolygon{{{{0, 0}, {1, 0}, {0, 1}, {0, 0}}}}, ""},
		{"repeated points", orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 1}, {0, 0}, {0, 0}}}}, ""},
		{"collinear vertex", orb.MultiPolygon{{{{0, 0}, {1, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}}}}, ""},
		{"hole touching exterior at a point", orb.MultiPolygon{{square(0, 0, 4), {{0, 2}, {2, 3}, {2, 1}, {0, 2}}}}, ""},
		{"concave", orb.MultiPolygon{{{{0, 0}, {3, 0}, {3, 3}, {2, 3}, {2, 1}, {1, 1}, {1, 3}, {0, 3}, {0, 0}}}}, ""},
		{"world", orb.MultiPolygon{{{{-180, -90}, {180, -90}, {180, 90}, {-180, 90}, {-180, -90}}}}, ""},
		{"county-sized circle", orb.MultiPolygon{{circle(5000)}}, ""},

		{"nil", nil, "empty multipolygon"},
		{"no polygons", orb.MultiPolygon{}, "empty multipolygon"},
		{"polygon without rings", orb.MultiPolygon{{}}, "no rings"},
		{"empty ring", orb.MultiPolygon{{{}}}, "fewer than 4"},
		{"three points", orb.MultiPolygon{{{{0, 0}, {1, 0}, {0, 0}}}}, "fewer than 4"},
		{"not closed", orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}}, "not closed"},
		{"collapses to a line", orb.MultiPolygon{{{{0, 0}, {1, 1}, {1, 1}, {0, 0}}}}, "fewer than 3"},
		{"NaN", orb.MultiPolygon{{{{0, 0}, {math.NaN(), 0}, {1, 1}, {0, 0}}}}, "not finite"},
		{"Inf", orb.MultiPolygon{{{{0, 0}, {1, math.Inf(-1)}, {1, 1}, {0, 0}}}}, "not finite"},
		{"longitude out of range", orb.MultiPolygon{{square(180, 0, 1)}}, "outside lon"},
		{"latitude out of range", orb.MultiPolygon{{square(0, -91, 1)}}, "outside lon"},
		{"bow tie", orb.MultiPolygon{{{{0, 0}, {1, 1}, {1, 0}, {0, 1}, {0, 0}}}}, "self-intersects"},
		{"vertex on another edge", orb.MultiPolygon{{{{0, 0}, {4, 0}, {4, 4}, {2, 0}, {0, 4}, {0, 0}}}}, "self-intersects"},
		{"ring touching itself at a vertex", orb.MultiPolygon{{{{0, 0}, {2, 0}, {1, 1}, {2, 2}, {0, 2}, {1, 1}, {0, 0}}}}, "self-intersects"},
		{"spike", orb.MultiPolygon{{{{0, 0}, {2, 0}, {3, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}}}}, "self-intersects"},
		{"spike at the closing point", orb.MultiPolygon{{{{0, 0}, {2, 0}, {2, 2}, {1, 0}, {0, 0}}}}, "self-intersects"},
		{"collinear overlap of distant edges", orb.MultiPolygon{{{{0, 0}, {4, 0}, {4, 2}, {3, 2}, {3, 0}, {1, 0}, {1, 2}, {0, 2}, {0, 0}}}}, "self-intersects"},
		{"exterior clockwise", orb.MultiPolygon{{reversed(square(102, 24, 1))}}, "not counter-clockwise"},
		{"hole counter-clockwise", orb.MultiPolygon{{square(102, 24, 1), square(102.2, 24.2, 0.2)}}, "hole is not clockwise"},
		{"second polygon clockwise", orb.MultiPolygon{{square(102, 24, 1)}, {reversed(square(104, 24, 1))}}, "polygon 1: exterior"},
		{"hole outside", orb.MultiPolygon{{square(102, 24, 1), reversed(square(104, 24, 0.2))}}, "outside the exterior"},
		{"hole crossing exterior", orb.MultiPolygon{{square(102, 24, 1), reversed(square(102.9, 24.2, 0.2))}}, "outside the exterior"},
		{"hole edge crossing a notch", orb.MultiPolygon{{
			{{0, 0}, {4, 0}, {4, 4}, {2.1, 4}, {2, 1}, {1.9, 4}, {0, 4}, {0, 0}},
			{{1, 2}, {1, 3}, {3.5, 3}, {3.5, 2}, {1, 2}},
		}}, "crosses or runs along the exterior"},
		{"hole along the exterior", orb.MultiPolygon{{square(0, 0, 4), {{1, 0}, {2, 1}, {3, 0}, {1, 0}}}}, "runs along the exterior"},
		{"hole along a vertical stretch of the exterior", orb.MultiPolygon{{square(0, 0, 4), {{0, 1}, {0, 3}, {1, 2}, {0, 1}}}}, "runs along the exterior"},
		{"hole spanning a notch between exterior vertices", orb.MultiPolygon{{
			{{0, 0}, {3, 0}, {3, 3}, {2, 3}, {2, 1}, {1, 1}, {1, 3}, {0, 3}, {0, 0}},
			{{0.5, 0.5}, {0.5, 2}, {2.5, 2}, {2.5, 0.5}, {0.5, 0.5}},
		}}, "outside the exterior"},
		// What ST_IsValid rejects beyond single rings and holes (simplefeatures).
		{"polygons overlapping", orb.MultiPolygon{{square(102, 24, 1)}, {square(102.5, 24.5, 1)}}, "not a valid multipolygon"},
		{"polygon inside another", orb.MultiPolygon{{square(102, 24, 1)}, {square(102.2, 24.2, 0.2)}}, "not a valid multipolygon"},
		{"polygons sharing an edge", orb.MultiPolygon{{square(102, 24, 1)}, {square(103, 24, 1)}}, "not a valid multipolygon"},
		{"holes overlapping", orb.MultiPolygon{{square(0, 0, 4), reversed(square(1, 1, 1)), reversed(square(1.5, 1.5, 1))}}, "not a valid multipolygon"},
		{"hole cutting the interior in two", orb.MultiPolygon{{square(0, 0, 4), {{0, 2}, {2, 3}, {4, 2}, {2, 1}, {0, 2}}}}, "not a valid multipolygon"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(tt.input)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil, want an error containing %q", tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Validate() = %v, want an error containing %q", err, tt.wantErr)
			}
			if got := ErrorCode(err); got != EInvalid {
				t.Errorf("ErrorCode(Validate()) = %q, want %q", got, EInvalid)
			}
		})
	}
}

func TestOrient(t *testing.T) {
	tests := []struct {
		name  string
		input orb.MultiPolygon
		want  orb.MultiPolygon
	}{
		{"already right",
			orb.MultiPolygon{{square(0, 0, 4), reversed(square(1, 1, 1))}},
			orb.MultiPolygon{{square(0, 0, 4), reversed(square(1, 1, 1))}}},
		{"all wrong",
			orb.MultiPolygon{{reversed(square(0, 0, 4)), square(1, 1, 1)}, {reversed(square(5, 0, 1))}},
			orb.MultiPolygon{{square(0, 0, 4), reversed(square(1, 1, 1))}, {square(5, 0, 1)}}},
		{"degenerate left alone",
			orb.MultiPolygon{{{{0, 0}, {1, 0}, {0, 0}}}},
			orb.MultiPolygon{{{{0, 0}, {1, 0}, {0, 0}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			Orient(tt.input)
			if !tt.input.Equal(tt.want) {
				t.Errorf("Orient() = %v, want %v", tt.input, tt.want)
			}
		})
	}
}

func TestOrientNearlyCollinear(t *testing.T) {
	// Kettner et al.'s example: a point a few ulps from the line through
	// (12, 12) and (24, 24), where the float determinant gets the sign wrong.
	q, r := orb.Point{12, 12}, orb.Point{24, 24}
	wrong := 0
	for i := range 64 {
		for j := range 64 {
			p := orb.Point{0.5 + float64(i)*0x1p-53, 0.5 + float64(j)*0x1p-53}
			want := orientExact(p, q, r)
			if got := orient(p, q, r); got != want {
				t.Fatalf("orient(%v, %v, %v) = %d, want %d", p, q, r, got, want)
			}
			det := (q[0]-p[0])*(r[1]-p[1]) - (q[1]-p[1])*(r[0]-p[0])
			if (det > 0 && want <= 0) || (det < 0 && want >= 0) || (det == 0 && want != 0) {
				wrong++
			}
		}
	}
	if wrong == 0 {
		t.Error("the float determinant was right everywhere: the test does not reach the exact fallback")
	}
}

// FuzzValidate checks that Validate never panics, that its errors are
// EInvalid, and that Orient leaves a valid multipolygon unchanged.
func FuzzValidate(f *testing.F) {
	enc := func(ps ...float64) []byte {
		b := make([]byte, 0, 8*len(ps))
		for _, p := range ps {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(p))
		}
		return b
	}
	f.Add(enc(0, 0, 1, 0, 1, 1, 0, 1, 0, 0), uint8(0), true)
	f.Add(enc(0, 0, 4, 0, 4, 4, 0, 4, 0, 0, 1, 1, 1, 2, 2, 2, 2, 1, 1, 1), uint8(5), false)
	f.Add(enc(0, 0, 1, 1, 1, 0, 0, 1, 0, 0), uint8(0), false)
	f.Add(enc(math.NaN(), 0, math.Inf(1), 1, 1e-320, -1e-320, 5e-324, 0), uint8(2), true)
	f.Fuzz(func(t *testing.T, data []byte, split uint8, closeRings bool) {
		var pts []orb.Point
		for len(data) >= 16 && len(pts) < 64 {
			x := math.Float64frombits(binary.LittleEndian.Uint64(data))
			y := math.Float64frombits(binary.LittleEndian.Uint64(data[8:]))
			pts = append(pts, orb.Point{x, y})
			data = data[16:]
		}
		// Up to two rings: the exterior and, when split falls inside, a hole.
		var poly orb.Polygon
		for _, r := range [][]orb.Point{pts[:min(int(split), len(pts))], pts[min(int(split), len(pts)):]} {
			if len(r) == 0 {
				continue
			}
			ring := orb.Ring(r)
			if closeRings {
				ring = append(ring, r[0])
			}
			poly = append(poly, ring)
		}
		mp := orb.MultiPolygon{poly}
		err := Validate(mp)
		if err != nil {
			if got := ErrorCode(err); got != EInvalid {
				t.Fatalf("ErrorCode(%v) = %q, want %q", err, got, EInvalid)
			}
			Orient(mp)
			return
		}
		before := mp.Clone()
		Orient(mp)
		if !mp.Equal(before) {
			t.Fatalf("Orient changed the valid %v to %v", before, mp)
		}
	})
}

func BenchmarkValidate(b *testing.B) {
	mp := orb.MultiPolygon{{circle(10000)}}
	b.ReportAllocs()
	for b.Loop() {
		if err := Validate(mp); err != nil {
			b.Fatal(err)
		}
	}
}
