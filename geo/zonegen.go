package geo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// MaxGeneratedZones bounds GenerateZones: more would not fit in a city's
// counties at the sizes it draws.
const MaxGeneratedZones = 100_000

// Sides of a generated zone, in metres: a sub-area of an industrial park,
// from a block of a few factories to a district of them.
const (
	minZoneSide = 400.0
	maxZoneSide = 1200.0
)

// SyntheticZonePrefix starts the id of every generated zone, so that a
// second run replaces them and nothing else.
const SyntheticZonePrefix = "synthetic-z"

// GenerateZones places n synthetic zones in the counties, for testing and
// measuring at a scale the real data does not reach: rectangles of 400 to
// 1,200 m a side, each wholly inside one county (counties get zones in
// proportion to their area) and apart from every other zone, those given
// to avoid included. Each is allocated to the chain: most operate and host one to
// three of its segments, some are planned, a few reserved with none. They
// say geometry_accuracy "synthetic", cite SyntheticSource and are named
// for what they are. The same seed gives the same zones.
func GenerateZones(counties []County, avoid []Park, chain Chain, n int, seed uint64) ([]Park, error) {
	if n < 0 || n > MaxGeneratedZones {
		return nil, Errorf(EInvalid, "the number of zones must be from 0 to %d; got %d", MaxGeneratedZones, n)
	}
	if n == 0 {
		return []Park{}, nil
	}
	// Zones are drawn within cells of a grid that lie wholly inside a
	// county, so that a draw needs no test against the county's boundary
	// (thousands of vertices) and counties get zones in proportion to area.
	var cells []countyCell
	for _, c := range counties {
		cells = append(cells, insideCells(c)...)
	}
	if len(cells) == 0 {
		return nil, Errorf(EInvalid, "there are no counties to place zones in")
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x7a6f6e6573))
	taken := newBoundGrid(0.02)
	for _, p := range avoid {
		taken.add(p.Geometry.Bound())
	}
	out := make([]Park, 0, n)
	// Rejection sampling: a draw fails when it meets a zone; past 50 draws a
	// zone the counties are too full.
	for tries := 0; len(out) < n; tries++ {
		if tries > 50*n {
			return nil, Errorf(EInvalid, "only %d zones fit in the counties; ask for fewer", len(out))
		}
		c := cells[rng.IntN(len(cells))]
		mx := 111_320 * math.Cos(c.Min[1]*math.Pi/180) // metres per degree of longitude
		w := (minZoneSide + (maxZoneSide-minZoneSide)*rng.Float64()) / mx
		h := (minZoneSide + (maxZoneSide-minZoneSide)*rng.Float64()) / 111_320
		lon := c.Min[0] + (c.Max[0]-c.Min[0]-w)*rng.Float64()
		lat := c.Min[1] + (c.Max[1]-c.Min[1]-h)*rng.Float64()
		ring := orb.Ring{{lon, lat}, {lon + w, lat}, {lon + w, lat + h}, {lon, lat + h}, {lon, lat}}
		// A margin of a tenth of the zone keeps neighbours from touching.
		zb := ring.Bound().Pad(w / 10)
		if taken.meets(zb) {
			continue
		}
		taken.add(zb)
		out = append(out, syntheticZone(len(out)+1, c.county, orb.Round(orb.MultiPolygon{{ring}}, 1e7).(orb.MultiPolygon), chain, rng))
	}
	return out, nil
}

// countyCell is a cell of zoneCell metres a side wholly inside a county.
type countyCell struct {
	orb.Bound
	county string
}

// zoneCell is the side of the cells zones are drawn in: a little more than
// the largest zone.
const zoneCell = 1.25 * maxZoneSide

// insideCells returns the grid's cells wholly inside the county, a row at
// a time: a cell is inside when its four corners are (by the parity of the
// boundary's crossings of the row's two lines left of each corner) and no
// vertex of the boundary falls in it.
func insideCells(c County) []countyCell {
	b := c.Geometry.Bound()
	dy := zoneCell / 111_320
	dx := dy / math.Cos((b.Min[1]+b.Max[1])/2*math.Pi/180)
	var rings []orb.Ring
	for _, poly := range c.Geometry {
		rings = append(rings, poly...)
	}
	var out []countyCell
	below := crossings(rings, b.Min[1])
	for y := b.Min[1]; y+dy <= b.Max[1]; y += dy {
		above := crossings(rings, y+dy)
		var band []float64 // the longitudes of the vertices in the row
		for _, r := range rings {
			for _, v := range r {
				if v[1] >= y && v[1] <= y+dy {
					band = append(band, v[0])
				}
			}
		}
		slices.Sort(band)
		for x := b.Min[0]; x+dx <= b.Max[0]; x += dx {
			if !insideAt(below, x) || !insideAt(below, x+dx) || !insideAt(above, x) || !insideAt(above, x+dx) {
				continue
			}
			if i, _ := slices.BinarySearch(band, x); i < len(band) && band[i] <= x+dx {
				continue
			}
			out = append(out, countyCell{orb.Bound{Min: orb.Point{x, y}, Max: orb.Point{x + dx, y + dy}}, c.Code})
		}
		below = above
	}
	return out
}

// crossings returns the sorted longitudes where the rings' edges cross the
// parallel at lat.
func crossings(rings []orb.Ring, lat float64) []float64 {
	var xs []float64
	for _, r := range rings {
		for i := 1; i < len(r); i++ {
			a, b := r[i-1], r[i]
			if (a[1] > lat) != (b[1] > lat) {
				xs = append(xs, a[0]+(lat-a[1])*(b[0]-a[0])/(b[1]-a[1]))
			}
		}
	}
	slices.Sort(xs)
	return xs
}

// insideAt reports whether the point at lon on the parallel whose
// crossings are xs lies inside: an odd number of crossings west of it.
func insideAt(xs []float64, lon float64) bool {
	i, _ := slices.BinarySearch(xs, lon)
	return i%2 == 1
}

func syntheticZone(k int, county string, g orb.MultiPolygon, chain Chain, rng *rand.Rand) Park {
	p := Park{
		ID:       fmt.Sprintf("%s%06d", SyntheticZonePrefix, k),
		NameZH:   fmt.Sprintf("合成园区 %06d", k),
		NameEN:   fmt.Sprintf("Synthetic zone %06d", k),
		Status:   pick(rng, []Status{StatusOperating, StatusPlanned, StatusReserved}, []float64{0.75, 0.2, 0.05}),
		Chain:    chain.Slug,
		Segments: []string{},
		Geometry: g,
		Accuracy: AccuracySynthetic,
		NoteZH:   "合成数据：parkmap gen 生成的园区，非真实园区。",
		NoteEN:   "Synthetic: a zone generated by parkmap gen, standing for no real zone.",
		Sources:  []string{SyntheticSource.ID},
	}
	p.CountyCode = county
	if p.Status != StatusReserved && len(chain.Segments) > 0 {
		// Segments in chain order, as a zone lists them.
		hosts := map[int]bool{}
		for range 1 + rng.IntN(3) {
			hosts[rng.IntN(len(chain.Segments))] = true
		}
		for i, s := range chain.Segments {
			if hosts[i] {
				p.Segments = append(p.Segments, s.Slug)
			}
		}
	}
	return p
}

// ringInside reports whether the ring lies inside one polygon of mp: its
// corners inside and no vertex of mp within its bound (which a concave
// boundary could push in between the corners).
func ringInside(mp orb.MultiPolygon, ring orb.Ring) bool {
	cb := ring.Bound()
	for _, poly := range mp {
		if pb := poly.Bound(); !pb.Contains(cb.Min) || !pb.Contains(cb.Max) {
			continue
		}
		inside := true
		for _, c := range ring[:len(ring)-1] {
			if !planar.PolygonContains(poly, c) {
				inside = false
				break
			}
		}
		if !inside {
			continue
		}
		for _, r := range poly {
			for _, v := range r {
				if cb.Contains(v) {
					return false
				}
			}
		}
		return true
	}
	return false
}

// boundGrid finds whether a box meets any box added: each box is listed in
// the grid cells it covers.
type boundGrid struct {
	cell  float64
	cells map[[2]int][]orb.Bound
}

func newBoundGrid(cell float64) *boundGrid {
	return &boundGrid{cell: cell, cells: map[[2]int][]orb.Bound{}}
}

func (g *boundGrid) span(b orb.Bound) (x0, y0, x1, y1 int) {
	return int(math.Floor(b.Min[0] / g.cell)), int(math.Floor(b.Min[1] / g.cell)),
		int(math.Floor(b.Max[0] / g.cell)), int(math.Floor(b.Max[1] / g.cell))
}

func (g *boundGrid) add(b orb.Bound) {
	x0, y0, x1, y1 := g.span(b)
	for x := x0; x <= x1; x++ {
		for y := y0; y <= y1; y++ {
			g.cells[[2]int{x, y}] = append(g.cells[[2]int{x, y}], b)
		}
	}
}

func (g *boundGrid) meets(b orb.Bound) bool {
	x0, y0, x1, y1 := g.span(b)
	for x := x0; x <= x1; x++ {
		for y := y0; y <= y1; y++ {
			for _, o := range g.cells[[2]int{x, y}] {
				if o.Intersects(b) {
					return true
				}
			}
		}
	}
	return false
}
