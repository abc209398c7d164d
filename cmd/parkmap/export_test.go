package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/protomaps/go-pmtiles/pmtiles"

	"github.com/parkmap/parkmap/geo"
)

// TestExportPMTiles writes the zones' tiles to a PMTiles archive and reads
// it back with go-pmtiles' own server: it holds every tile the API serves
// over the zones, byte for byte, and none the API answers 204 for.
func TestExportPMTiles(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "parks.pmtiles")
	var out strings.Builder
	if err := run(context.Background(), []string{"export", "--pmtiles", file, "--collection", "parks", "--maxzoom", "12"},
		func(string) string { return "" }, &out, testWriter{t}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "wrote ") {
		t.Errorf("export said %q", out.String())
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	h, err := pmtiles.DeserializeHeader(raw[:pmtiles.HeaderV3LenBytes])
	if err != nil {
		t.Fatal(err)
	}
	if h.TileType != pmtiles.Mvt || h.MinZoom != 0 || h.MaxZoom != 12 || h.AddressedTilesCount == 0 {
		t.Errorf("header %+v", h)
	}

	archive, err := pmtiles.NewServer("file://"+dir, "", log.New(io.Discard, "", 0), 16, "")
	if err != nil {
		t.Fatal(err)
	}
	archive.Start() // its requests go through a goroutine of its own
	base := startServer(t)
	ctx := context.Background()
	// Every tile over the zones from zoom 8 to 12, as the API serves it.
	b := orbBound(t, base)
	served := 0
	for z := 8; z <= 12; z++ {
		minX, minY, maxX, maxY := geo.TileRange(b, z)
		for x := minX; x <= maxX; x++ {
			for y := minY; y <= maxY; y++ {
				path := strconv.Itoa(z) + "/" + strconv.Itoa(y) + "/" + strconv.Itoa(x)
				api := get(t, "GET", base+"/api/collections/parks/tiles/WebMercatorQuad/"+path, nil)
				status, headers, data := archive.Get(ctx, "/parks/"+strconv.Itoa(z)+"/"+strconv.Itoa(x)+"/"+strconv.Itoa(y)+".mvt")
				switch {
				case api.status == 204 && status == 204:
				case api.status == 200 && status == 200:
					served++
					if headers["Content-Encoding"] == "gzip" {
						data = gunzip(t, data)
					}
					if !bytes.Equal(data, api.body) {
						t.Errorf("tile %s: the archive's %d bytes differ from the API's %d", path, len(data), len(api.body))
					}
				default:
					t.Errorf("tile %s: the API answers %d, the archive %d", path, api.status, status)
				}
			}
		}
	}
	if served == 0 {
		t.Error("no tile compared: the API served none over the zones")
	}
}

// orbBound is the extent of the zones as the API describes it.
func orbBound(t *testing.T, base string) (b orb.Bound) {
	t.Helper()
	r := get(t, "GET", base+"/api/collections/parks/tiles/WebMercatorQuad/tilejson.json", nil)
	var tj struct{ Bounds []float64 }
	if err := json.Unmarshal(r.body, &tj); err != nil || len(tj.Bounds) != 4 {
		t.Fatalf("tilejson bounds: %v %s", err, r.body)
	}
	b.Min = orb.Point{tj.Bounds[0], tj.Bounds[1]}
	b.Max = orb.Point{tj.Bounds[2], tj.Bounds[3]}
	return b
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

// TestExportBadInput: export refuses what it cannot do, with a message.
func TestExportBadInput(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no file", []string{"export"}, "needs --pmtiles"},
		{"zooms backwards", []string{"export", "--pmtiles", filepath.Join(dir, "a.pmtiles"), "--minzoom", "5", "--maxzoom", "3"}, "the first no deeper"},
		{"too deep", []string{"export", "--pmtiles", filepath.Join(dir, "a.pmtiles"), "--maxzoom", "31"}, "from 0 to 30"},
		{"unknown collection", []string{"export", "--pmtiles", filepath.Join(dir, "a.pmtiles"), "--collection", "factories"}, "the collections are"},
		{"too many tiles", []string{"export", "--pmtiles", filepath.Join(dir, "a.pmtiles"), "--collection", "counties", "--maxzoom", "30"}, "lower --maxzoom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(context.Background(), tt.args, func(string) string { return "" }, io.Discard, testWriter{t})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a refused export left %d files behind", len(entries))
	}
}
