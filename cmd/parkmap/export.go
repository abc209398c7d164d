package main

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/paulmach/orb"
	"github.com/protomaps/go-pmtiles/pmtiles"

	"github.com/parkmap/parkmap/geo"
)

// maxExportTiles bounds an archive's tiles, so that a --maxzoom too deep
// for the data's extent is refused rather than run for hours.
const maxExportTiles = 4 << 20

func (e environment) export(ctx context.Context, args []string) error {
	fs := e.flags("export", "Writes the collections' vector tiles, as the API serves them, to a PMTiles archive that any\nstatic host or CDN serves (each collection a layer). From PostGIS when DATABASE_URL is set, else\nfrom the embedded store.")
	file := fs.String("pmtiles", "", "the PMTiles archive to write (required)")
	collection := fs.String("collection", "", "only this collection (default: every built-in one)")
	minZoom := fs.Int("minzoom", 0, "the first zoom to write")
	maxZoom := fs.Int("maxzoom", 14, "the last zoom to write")
	dataDir := fs.String("data", "", "export this data folder instead of the bundled Yuxi data (embedded store only)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case *file == "":
		return errors.New("export needs --pmtiles FILE")
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
	store, closeStore, err := e.openStore(ctx, cfg, e.logger())
	if err != nil {
		return err
	}
	defer closeStore()
	tiles, ok := store.(geo.TileReader)
	if !ok {
		return errors.New("this store serves no tiles")
	}
	a := archiver{store: store, tiles: tiles, catalog: catalog, minZoom: *minZoom, maxZoom: *maxZoom}
	n, err := a.write(ctx, *file)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %d tiles of %s, zooms %d to %d, to %s\n", n, catalog.IDs(), *minZoom, *maxZoom, *file)
	return nil
}

// archiver writes collections' tiles to a PMTiles (version 3) archive.
//
// go-pmtiles offers no writer, only a converter from MBTiles (SQLite) and
// the parts it is built of; the archive is assembled from those parts:
// ZxyToID orders the tiles on the Hilbert curve, BuildDirectories and
// SerializeMetadata write the directories and the metadata, SerializeHeader
// the header. Tiles are gzipped, as static hosts serve them as they are and
// clients (pmtiles.js, go-pmtiles) inflate them; identical tiles are stored
// once, and runs of them as one entry.
type archiver struct {
	store            geo.FeatureReader
	tiles            geo.TileReader
	catalog          geo.Catalog
	minZoom, maxZoom int
}

type tileID struct {
	id      uint64
	z, x, y int
}

// write writes the archive to file, through a temporary file renamed into
// place, and returns how many tiles it holds.
func (a archiver) write(ctx context.Context, file string) (int, error) {
	bound, ok, err := a.extent(ctx)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, errors.New("the collections have no geometry: no tiles to write")
	}
	var ids []tileID
	for z := a.minZoom; z <= a.maxZoom; z++ {
		minX, minY, maxX, maxY := geo.TileRange(bound, z)
		if len(ids)+(maxX-minX+1)*(maxY-minY+1) > maxExportTiles {
			return 0, fmt.Errorf("zoom %d would take the archive past %d tiles over the data's extent: lower --maxzoom", z, maxExportTiles)
		}
		for x := minX; x <= maxX; x++ {
			for y := minY; y <= maxY; y++ {
				ids = append(ids, tileID{pmtiles.ZxyToID(uint8(z), uint32(x), uint32(y)), z, x, y})
			}
		}
	}
	slices.SortFunc(ids, func(p, q tileID) int { return cmp.Compare(p.id, q.id) })

	var (
		data    bytes.Buffer
		entries []pmtiles.EntryV3
		stored  = map[[32]byte]pmtiles.EntryV3{}
		tiles   int
	)
	for _, t := range ids {
		tile, err := a.tile(ctx, t.z, t.x, t.y)
		if err != nil {
			return 0, err
		}
		if len(tile) == 0 {
			continue
		}
		tiles++
		sum := sha256.Sum256(tile)
		if e, ok := stored[sum]; ok {
			if last := &entries[len(entries)-1]; last.Offset == e.Offset && last.TileID+uint64(last.RunLength) == t.id {
				last.RunLength++
			} else {
				entries = append(entries, pmtiles.EntryV3{TileID: t.id, Offset: e.Offset, Length: e.Length, RunLength: 1})
			}
			continue
		}
		z, err := gzipped(tile)
		if err != nil {
			return 0, err
		}
		e := pmtiles.EntryV3{TileID: t.id, Offset: uint64(data.Len()), Length: uint32(len(z)), RunLength: 1}
		data.Write(z)
		stored[sum] = e
		entries = append(entries, e)
	}
	if len(entries) == 0 {
		return 0, errors.New("every tile is empty: nothing to write")
	}
	root, leaves, _ := pmtiles.BuildDirectories(entries, 16384-pmtiles.HeaderV3LenBytes, pmtiles.Gzip)
	metadata, err := pmtiles.SerializeMetadata(a.metadata(), pmtiles.Gzip)
	if err != nil {
		return 0, err
	}
	h := pmtiles.HeaderV3{
		SpecVersion: 3, Clustered: true,
		InternalCompression: pmtiles.Gzip, TileCompression: pmtiles.Gzip, TileType: pmtiles.Mvt,
		MinZoom: uint8(a.minZoom), MaxZoom: uint8(a.maxZoom),
		MinLonE7: e7(bound.Min[0]), MinLatE7: e7(bound.Min[1]), MaxLonE7: e7(bound.Max[0]), MaxLatE7: e7(bound.Max[1]),
		CenterZoom: uint8(a.minZoom), CenterLonE7: e7(bound.Center()[0]), CenterLatE7: e7(bound.Center()[1]),
		AddressedTilesCount: uint64(tiles), TileEntriesCount: uint64(len(entries)), TileContentsCount: uint64(len(stored)),
	}
	h.RootOffset, h.RootLength = pmtiles.HeaderV3LenBytes, uint64(len(root))
	h.MetadataOffset, h.MetadataLength = h.RootOffset+h.RootLength, uint64(len(metadata))
	h.LeafDirectoryOffset, h.LeafDirectoryLength = h.MetadataOffset+h.MetadataLength, uint64(len(leaves))
	h.TileDataOffset, h.TileDataLength = h.LeafDirectoryOffset+h.LeafDirectoryLength, uint64(data.Len())

	tmp, err := os.CreateTemp(filepath.Dir(file), ".parkmap-*.pmtiles")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name())
	for _, part := range [][]byte{pmtiles.SerializeHeader(h), root, metadata, leaves, data.Bytes()} {
		if _, err := tmp.Write(part); err != nil {
			tmp.Close()
			return 0, err
		}
	}
	if err := tmp.Close(); err != nil {
		return 0, err
	}
	return tiles, os.Rename(tmp.Name(), file)
}

// tile is the tile of every collection, each its own layer: MVT layers are
// fields of one repeated message, so tiles of one layer each concatenate
// into a tile of all of them.
func (a archiver) tile(ctx context.Context, z, x, y int) ([]byte, error) {
	var out []byte
	for _, def := range a.catalog {
		t, err := a.tiles.Tile(ctx, def, z, x, y)
		if err != nil {
			return nil, fmt.Errorf("tile %d/%d/%d of %s: %w", z, x, y, def.ID, err)
		}
		out = append(out, t...)
	}
	return out, nil
}

// extent is the union of the collections' extents.
func (a archiver) extent(ctx context.Context) (orb.Bound, bool, error) {
	var out orb.Bound
	found := false
	for _, def := range a.catalog {
		b, ok, err := a.store.Extent(ctx, def)
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
func (a archiver) metadata() map[string]any {
	var layers []map[string]any
	for _, def := range a.catalog {
		layers = append(layers, map[string]any{"id": def.ID, "description": def.Title.Bilingual(), "minzoom": a.minZoom, "maxzoom": a.maxZoom})
	}
	return map[string]any{
		"name":          "parkmap",
		"description":   "Vector tiles of " + fmt.Sprint(a.catalog.IDs()) + ", written by parkmap export --pmtiles",
		"version":       version,
		"type":          "overlay",
		"format":        "pbf",
		"vector_layers": layers,
	}
}

func gzipped(b []byte) ([]byte, error) {
	var out bytes.Buffer
	w, err := gzip.NewWriterLevel(&out, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func e7(deg float64) int32 { return int32(deg * 1e7) }
