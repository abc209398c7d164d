package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/data/pmtiles"
	"github.com/parkmap/parkmap/geo"
)

// maxExportTiles bounds the tiles an export looks at, so that a --maxzoom
// too deep for the data's extent is refused rather than run for hours.
const maxExportTiles = 4 << 20

func (e environment) export(ctx context.Context, args []string) error {
	fs := e.flags("export", "export --pmtiles FILE writes the collections' vector tiles, as the API serves them, to a PMTiles\narchive that any static host or CDN serves (each collection a layer). export DIR writes the dataset\nas a data folder (docs/data-format.md) that seed --data DIR loads back. From PostGIS when\nDATABASE_URL is set, else from the embedded store.")
	file := fs.String("pmtiles", "", "the PMTiles archive to write (required)")
	collection := fs.String("collection", "", "only this collection (default: every built-in one)")
	minZoom := fs.Int("minzoom", 0, "the first zoom to write")
	maxZoom := fs.Int("maxzoom", 14, "the last zoom to write")
	dataDir := fs.String("data", "", "export this data folder instead of the bundled Yuxi data (embedded store only)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case *file == "" && fs.NArg() == 1:
		return e.exportFolder(ctx, fs.Arg(0), *dataDir)
	case *file == "":
		return errors.New("export needs --pmtiles FILE or a data folder DIR")
	case fs.NArg() > 0:
		return fmt.Errorf("export takes no arguments; got %q", fs.Args())
	case *minZoom < 0 || *maxZoom > geo.MaxTileZoom || *minZoom > *maxZoom:
		return fmt.Errorf("--minzoom %d --maxzoom %d: give zooms from 0 to %d, the first no deeper than the last", *minZoom, *maxZoom, geo.MaxTileZoom)
	}
	catalog := geo.Builtin()
	if *collection != "" {
		def, ok := catalog.Find(*collection)
		if !ok {
			return catalog.NotFound(*collection)
		}
		catalog = geo.Catalog{def}
	}
	cfg := DefaultConfig()
	cfg.DataDir = *dataDir
	cfg.PageCache = 0 // each tile is read once
	store, closeStore, err := e.openStore(ctx, cfg, e.logger())
	if err != nil {
		return err
	}
	defer closeStore()
	tiles, ok := store.(geo.TileReader)
	if !ok {
		return errors.New("this store serves no tiles")
	}
	x := exporter{store: store, tiles: tiles, catalog: catalog, minZoom: *minZoom, maxZoom: *maxZoom}
	n, err := x.write(ctx, *file)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %d tiles of %s, zooms %d to %d, to %s\n", n, catalog.IDs(), *minZoom, *maxZoom, *file)
	return nil
}

// exporter writes collections' tiles to a PMTiles archive.
type exporter struct {
	store            geo.FeatureReader
	tiles            geo.TileReader
	catalog          geo.Catalog
	minZoom, maxZoom int
}

// write writes the archive to file, through a temporary file renamed into
// place, and returns how many tiles it holds. Tiles go in in the archive's
// order (the Hilbert curve of each zoom), so that it is clustered.
func (x exporter) write(ctx context.Context, file string) (int, error) {
	bound, ok, err := x.extent(ctx)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, errors.New("the collections have no geometry: no tiles to write")
	}
	type tileID struct {
		id      uint64
		z, x, y int
	}
	var ids []tileID
	for z := x.minZoom; z <= x.maxZoom; z++ {
		minX, minY, maxX, maxY := geo.TileRange(bound, z)
		if len(ids)+(maxX-minX+1)*(maxY-minY+1) > maxExportTiles {
			return 0, fmt.Errorf("zoom %d would take the export past %d tiles over the data's extent: lower --maxzoom", z, maxExportTiles)
		}
		for tx := minX; tx <= maxX; tx++ {
			for ty := minY; ty <= maxY; ty++ {
				ids = append(ids, tileID{pmtiles.TileID(z, tx, ty), z, tx, ty})
			}
		}
	}
	slices.SortFunc(ids, func(p, q tileID) int { return cmp.Compare(p.id, q.id) })
	archive := &pmtiles.Archive{Bounds: bound, MinZoom: x.minZoom, MaxZoom: x.maxZoom, Metadata: x.metadata()}
	for _, t := range ids {
		tile, err := x.tile(ctx, t.z, t.x, t.y)
		if err != nil {
			return 0, err
		}
		if err := archive.Add(t.z, t.x, t.y, tile); err != nil {
			return 0, err
		}
	}
	if archive.Tiles() == 0 {
		return 0, errors.New("every tile is empty: nothing to write")
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), ".parkmap-*.pmtiles")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name())
	if _, err := archive.WriteTo(tmp); err != nil {
		tmp.Close()
		return 0, err
	}
	if err := tmp.Close(); err != nil {
		return 0, err
	}
	return archive.Tiles(), os.Rename(tmp.Name(), file)
}

// tile is the tile of every collection, each its own layer: MVT layers are
// fields of one repeated message, so tiles of one layer each concatenate
// into a tile of all of them.
func (x exporter) tile(ctx context.Context, z, tx, ty int) ([]byte, error) {
	var out []byte
	for _, def := range x.catalog {
		t, err := x.tiles.Tile(ctx, def, z, tx, ty, geo.TileFilter{})
		if err != nil {
			return nil, fmt.Errorf("tile %d/%d/%d of %s: %w", z, tx, ty, def.ID, err)
		}
		out = append(out, t...)
	}
	return out, nil
}

// extent is the union of the collections' extents.
func (x exporter) extent(ctx context.Context) (orb.Bound, bool, error) {
	var out orb.Bound
	found := false
	for _, def := range x.catalog {
		b, ok, err := x.store.Extent(ctx, def)
		if err != nil {
			return out, false, err
		}
		if ok && !found {
			out, found = b, true
		} else if ok {
			out = out.Union(b)
		}
	}
	return out, found, nil
}

// metadata is the archive's JSON metadata: its layers, as TileJSON's
// vector_layers.
func (x exporter) metadata() map[string]any {
	var layers []map[string]any
	for _, def := range x.catalog {
		layers = append(layers, map[string]any{"id": def.ID, "description": def.Title.Bilingual(), "minzoom": x.minZoom, "maxzoom": x.maxZoom})
	}
	return map[string]any{
		"name":          "parkmap",
		"description":   fmt.Sprintf("Vector tiles of %v, written by parkmap export --pmtiles", x.catalog.IDs()),
		"version":       version,
		"type":          "overlay",
		"format":        "pbf",
		"vector_layers": layers,
	}
}
