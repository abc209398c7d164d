package pmtiles_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"testing"

	gopmtiles "github.com/protomaps/go-pmtiles/pmtiles"

	"github.com/parkmap/parkmap/data/pmtiles"
)

// TestTileID holds the Hilbert ids to go-pmtiles' on every tile to zoom 6
// and on some deep ones.
func TestTileID(t *testing.T) {
	for z := 0; z <= 6; z++ {
		for x := 0; x < 1<<z; x++ {
			for y := 0; y < 1<<z; y++ {
				if got, want := pmtiles.TileID(z, x, y), gopmtiles.ZxyToID(uint8(z), uint32(x), uint32(y)); got != want {
					t.Fatalf("TileID(%d, %d, %d) = %d, want %d", z, x, y, got, want)
				}
			}
		}
	}
	for _, c := range [][3]int{{14, 13000, 7000}, {22, 3300000, 1800000}, {30, 1<<30 - 1, 0}} {
		if got, want := pmtiles.TileID(c[0], c[1], c[2]), gopmtiles.ZxyToID(uint8(c[0]), uint32(c[1]), uint32(c[2])); got != want {
			t.Errorf("TileID%v = %d, want %d", c, got, want)
		}
	}
}

// TestArchive writes archives of a few tiles and of many (past one root
// directory, into leaves) and reads every tile back with go-pmtiles.
func TestArchive(t *testing.T) {
	tests := []struct {
		name string
		zoom int
	}{
		{"a few tiles, a root directory", 3},
		{"many tiles, leaf directories", 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &pmtiles.Archive{MinZoom: 0, MaxZoom: tt.zoom, Metadata: map[string]any{"name": "test"}}
			want := map[uint64][]byte{}
			for z := 0; z <= tt.zoom; z++ {
				for x := 0; x < 1<<z; x++ {
					for y := 0; y < 1<<z; y++ {
						// Every third tile repeats: stored once, in runs.
						tile := []byte{byte(z), byte(x), byte(y), 1}
						if (x+y)%3 == 0 {
							tile = []byte("same")
						}
						if err := a.Add(z, x, y, tile); err != nil {
							t.Fatal(err)
						}
						want[gopmtiles.ZxyToID(uint8(z), uint32(x), uint32(y))] = tile
					}
				}
			}
			var buf bytes.Buffer
			if _, err := a.WriteTo(&buf); err != nil {
				t.Fatal(err)
			}
			raw := buf.Bytes()
			h, err := gopmtiles.DeserializeHeader(raw[:gopmtiles.HeaderV3LenBytes])
			if err != nil {
				t.Fatal(err)
			}
			if h.AddressedTilesCount != uint64(len(want)) || h.MaxZoom != uint8(tt.zoom) || h.TileType != gopmtiles.Mvt {
				t.Errorf("header %+v", h)
			}
			if tt.zoom == 8 && h.LeafDirectoryLength == 0 {
				t.Error("no leaf directories for 87,381 tiles")
			}
			got := map[uint64][]byte{}
			err = gopmtiles.IterateEntries(h, func(offset, length uint64) ([]byte, error) {
				return raw[offset : offset+length], nil
			}, func(e gopmtiles.EntryV3) {
				start := h.TileDataOffset + e.Offset
				tile := gunzip(t, raw[start:start+uint64(e.Length)])
				for i := uint64(0); i < uint64(e.RunLength); i++ {
					got[e.TileID+i] = tile
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%d tiles read back, want %d", len(got), len(want))
			}
			for id, tile := range want {
				if !bytes.Equal(got[id], tile) {
					t.Fatalf("tile %d: read %q, want %q", id, got[id], tile)
				}
			}
		})
	}
	if err := (&pmtiles.Archive{}).Add(3, 8, 0, []byte("x")); err == nil {
		t.Error("tile 3/8/0 added: want an error")
	}
	if _, err := (&pmtiles.Archive{}).WriteTo(io.Discard); err == nil {
		t.Error("an empty archive written: want an error")
	}
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
