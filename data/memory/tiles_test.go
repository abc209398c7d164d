package memory_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"

	"github.com/parkmap/parkmap/data/memory"
	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/geo"
)

func newStore(tb testing.TB) *memory.Store {
	tb.Helper()
	d, err := seed.Bundled()
	if err != nil {
		tb.Fatal(err)
	}
	s, err := memory.New(d)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// TestTile checks what the embedded store's tiles hold on their own; the
// contract with PostGIS is data/postgis's TestTilesMatchMemory.
func TestTile(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	// The Hongta zone lies at about 102.53°E 24.38°N, in Hongta district.
	x, y, _, _ := geo.TileRange(orb.Bound{Min: orb.Point{102.53, 24.38}, Max: orb.Point{102.53, 24.38}}, 12)
	tests := []struct {
		name       string
		collection *geo.Collection
		z, x, y    int
		want       []string // ids, in order; nil for an empty tile
	}{
		{"zones at zoom 12", geo.Parks, 12, x, y, []string{"hongta"}},
		{"counties at zoom 12", geo.Counties, 12, x, y, []string{"530402"}},
		{"nothing in the Atlantic", geo.Parks, 10, 400, 400, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tile, err := s.Tile(ctx, tt.collection, tt.z, tt.x, tt.y, geo.TileFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == nil {
				if len(tile) != 0 {
					t.Errorf("%d bytes, want an empty tile", len(tile))
				}
				return
			}
			layers, err := mvt.Unmarshal(tile)
			if err != nil {
				t.Fatal(err)
			}
			if len(layers) != 1 || layers[0].Name != tt.collection.ID || layers[0].Extent != geo.TileExtent {
				t.Fatalf("layers %v", layers)
			}
			var ids []string
			for _, f := range layers[0].Features {
				ids = append(ids, f.Properties[tt.collection.IDProperty].(string))
				b := f.Geometry.Bound()
				if b.Min[0] < -geo.TileBuffer || b.Min[1] < -geo.TileBuffer || b.Max[0] > geo.TileExtent+geo.TileBuffer || b.Max[1] > geo.TileExtent+geo.TileBuffer {
					t.Errorf("%v: bounds %v beyond the buffer", f.Properties[tt.collection.IDProperty], b)
				}
				// Decoding sorts rings by their winding: an outer ring
				// wound the wrong way would come back as a hole, or none.
				if p, ok := f.Geometry.(orb.Polygon); ok && p[0].Orientation() != orb.CCW {
					t.Errorf("outer ring wound %v", p[0].Orientation())
				}
			}
			if len(ids) != len(tt.want) || ids[0] != tt.want[0] {
				t.Errorf("ids %v, want %v", ids, tt.want)
			}
		})
	}
	if _, err := s.Tile(ctx, geo.Parks, 3, 8, 0, geo.TileFilter{}); geo.ErrorCode(err) != geo.ENotFound {
		t.Errorf("column 8 at zoom 3: %v, want not found", err)
	}
}

// BenchmarkTile builds tiles of the counties (the densest outlines) at
// zoom 10 and 14 over Longquan, and of the parcels at zoom 10, 12 and 14
// over the zone with most parcels (hongta) in the data `parkmap gen --zones
// 400 --parcels 100000 --seed 1` writes, as `make bench` asks: each loop
// builds every tile over the zone in turn.
func BenchmarkTile(b *testing.B) {
	s := newStore(b)
	ctx := context.Background()
	for _, z := range []int{10, 14} {
		x, y, _, _ := geo.TileRange(orb.Bound{Min: orb.Point{102.53, 24.38}, Max: orb.Point{102.53, 24.38}}, z)
		b.Run(fmt.Sprintf("counties/z%d", z), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Tile(ctx, geo.Counties, z, x, y, geo.TileFilter{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	d, err := seed.Bundled()
	if err != nil {
		b.Fatal(err)
	}
	if err := d.Synthesize(400, 100_000, 1); err != nil {
		b.Fatal(err)
	}
	crowded := -1
	for i, p := range d.Parks {
		if p.ID == "hongta" {
			crowded = i
		}
	}
	if crowded < 0 {
		b.Fatal("no zone hongta")
	}
	zone := d.Parks[crowded].Geometry.Bound()
	parcels, err := memory.New(d)
	if err != nil {
		b.Fatal(err)
	}
	for _, z := range []int{10, 12, 14} {
		x0, y0, x1, y1 := geo.TileRange(zone, z)
		b.Run(fmt.Sprintf("parcels/z%d", z), func(b *testing.B) {
			b.ReportAllocs()
			n, bytes := 0, 0
			for b.Loop() {
				x, y := x0+n%(x1-x0+1), y0+n/(x1-x0+1)%(y1-y0+1)
				tile, err := parcels.Tile(ctx, geo.Parcels, z, x, y, geo.TileFilter{})
				if err != nil {
					b.Fatal(err)
				}
				n, bytes = n+1, bytes+len(tile)
			}
			b.ReportMetric(float64(bytes)/float64(n), "B/tile")
		})
	}
}
