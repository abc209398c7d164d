package memory_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/geo"
)

// TestTileCache: an unfiltered tile is built once and served again from
// memory, the same bytes; a filtered one is built each time; with no
// cache every tile is built; a collection added again drops its tiles.
func TestTileCache(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	x, y, _, _ := geo.TileRange(orb.Bound{Min: orb.Point{102.53, 24.38}, Max: orb.Point{102.53, 24.38}}, 12)
	tile := func(f geo.TileFilter) []byte {
		t.Helper()
		b, err := s.Tile(ctx, geo.Parks, 12, x, y, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) == 0 {
			t.Fatal("Hongta's tile is empty")
		}
		return b
	}
	same := func(a, b []byte) bool { return &a[0] == &b[0] }

	first := tile(geo.TileFilter{})
	if again := tile(geo.TileFilter{}); !same(first, again) {
		t.Error("the tile was built again, not served from the cache")
	}
	operating := geo.TileFilter{Where: []geo.Condition{{Property: "status", AnyOf: []any{string(geo.StatusOperating)}}}}
	if a, b := tile(operating), tile(operating); same(a, b) {
		t.Error("a filtered tile was kept")
	}

	// Added again, the zones' tiles are built again, from what was added.
	parks, err := s.Parks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var records []geo.Record
	for _, p := range parks {
		if p.ID != "hongta" {
			continue
		}
		records = append(records, geo.Record{ID: p.ID, Geometry: p.Geometry, Values: make([]any, len(geo.Parks.Properties))})
	}
	if err := s.Add(geo.Parks, records); err != nil {
		t.Fatal(err)
	}
	if after := tile(geo.TileFilter{}); same(after, first) || bytes.Equal(after, first) {
		t.Error("after Add the zones' tile is the one built before")
	}

	s.SetTileCache(0)
	if a, b := tile(geo.TileFilter{}), tile(geo.TileFilter{}); same(a, b) {
		t.Error("with no cache a tile was kept")
	}
}
