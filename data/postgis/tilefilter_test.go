package postgis

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/paulmach/orb/encoding/mvt"

	"github.com/parkmap/parkmap/data/memory"
	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/data/storetest"
	"github.com/parkmap/parkmap/geo"
	"github.com/parkmap/parkmap/geo/cql2"
)

// TestFilteredTilesMatchMemory holds both stores to the tile contract when
// a tile is filtered as the map filters parcels (status, segment, area as
// CQL2, a datetime) and a list property as the zones are: the same features
// in every tile over the collection, each one matching, and fewer than
// without the filter.
func TestFilteredTilesMatchMemory(t *testing.T) {
	city, err := storetest.City()
	if err != nil {
		t.Fatal(err)
	}
	// Some hundreds of parcels generated over the city's zones, so that
	// each filter keeps some parcels in a tile and drops others.
	generated, err := geo.GenerateParcels(city.Parks, 300, 7)
	if err != nil {
		t.Fatal(err)
	}
	d := withParcels(t, city, generated)
	s := seededWith(t, d)
	mem, err := memory.New(d)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	filter := func(text string) cql2.Expr {
		e, err := cql2.ParseText(text)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	tests := []struct {
		name  string
		def   *geo.Collection
		f     geo.TileFilter
		keeps func(props map[string]any) bool
		none  bool // the filter keeps no feature at all
	}{
		{"available", geo.Parcels, geo.TileFilter{Where: []geo.Condition{{Property: "status", AnyOf: []any{"available"}}}},
			func(p map[string]any) bool { return p["status"] == "available" }, false},
		{"segment", geo.Parcels, geo.TileFilter{Where: []geo.Condition{{Property: "segment", AnyOf: []any{"foil", "pack"}}}},
			func(p map[string]any) bool { return p["segment"] == "foil" || p["segment"] == "pack" }, false},
		{"available and large", geo.Parcels, geo.TileFilter{
			Where:  []geo.Condition{{Property: "status", AnyOf: []any{"available"}}},
			Filter: filter("area_ha >= 2 AND land_use IN ('M1', 'M2')"),
		}, func(p map[string]any) bool {
			a, _ := p["area_ha"].(float64)
			return p["status"] == "available" && a >= 2 && (p["land_use"] == "M1" || p["land_use"] == "M2")
		}, false},
		{"none", geo.Parcels, geo.TileFilter{Filter: filter("area_ha > 1e9")}, func(map[string]any) bool { return false }, true},
		{"zones hosting foil", geo.Parks, geo.TileFilter{Where: []geo.Condition{{Property: "segments", AnyOf: []any{"foil"}}}},
			func(p map[string]any) bool {
				s, _ := p["segments"].(string)
				return slices.Contains([]string{`["ore","foil","cell"]`, `["foil","pack"]`}, s)
			}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kept, all := 0, 0
			for _, tile := range tilesOver(ctx, t, mem, tt.def) {
				z, x, y := tile[0], tile[1], tile[2]
				want, err := mem.Tile(ctx, tt.def, z, x, y, tt.f)
				if err != nil {
					t.Fatal(err)
				}
				got, err := s.Tile(ctx, tt.def, z, x, y, tt.f)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := compareTiles(tt.def, want, got); err != nil {
					t.Errorf("tile %d/%d/%d (memory, then PostGIS): %v", z, x, y, err)
				}
				unfiltered, err := mem.Tile(ctx, tt.def, z, x, y, geo.TileFilter{})
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range tileProperties(t, want) {
					if !tt.keeps(f) {
						t.Errorf("tile %d/%d/%d holds %v, which the filter drops", z, x, y, f)
					}
					kept++
				}
				all += len(tileProperties(t, unfiltered))
			}
			if tt.none && kept != 0 || !tt.none && (kept == 0 || kept >= all) {
				t.Errorf("the filter kept %d of %d features in the tiles: it tests nothing", kept, all)
			}
		})
	}
}

// tileProperties decodes a tile's features' properties.
func tileProperties(t *testing.T, tile []byte) []map[string]any {
	t.Helper()
	if len(tile) == 0 {
		return nil
	}
	layers, err := mvt.Unmarshal(tile)
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for _, l := range layers {
		for _, f := range l.Features {
			out = append(out, f.Properties)
		}
	}
	return out
}

// withParcels returns the dataset with these parcels in place of its own,
// read back from a data folder as gen writes one.
func withParcels(t *testing.T, d *seed.Dataset, parcels []geo.Record) *seed.Dataset {
	t.Helper()
	dir := t.TempDir()
	out := *d
	out.Parcels = nil
	out.Sources = append(slices.Clone(d.Sources), geo.SyntheticSource)
	if err := seed.Write(dir, &out); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, seed.FileParcels))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	synthetic := []string{geo.SyntheticSource.ID}
	if err := seed.WriteRecords(f, map[string]any{"type": "FeatureCollection"}, geo.Parcels, parcels, func(int) []string { return synthetic }); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	loaded, err := seed.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	return loaded
}
