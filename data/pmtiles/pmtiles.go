// Package pmtiles writes PMTiles archives (version 3): the tiles of a
// tileset in one file, with directories a client reads by HTTP range
// requests, so that any static host or CDN serves the tiles
// (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md).
//
// parkmap writes the format itself rather than through
// github.com/protomaps/go-pmtiles: that package has no writer, only a
// converter from MBTiles, and importing it for its few serialising helpers
// took the parkmap binary from 31 MB to 75 MB (it links the AWS, Azure and
// Google Cloud storage clients and SQLite). The tests read what this
// package writes with go-pmtiles.
package pmtiles

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/paulmach/orb"
)

// The format's constants that an archive of gzipped MVT uses.
const (
	headerLen       = 127
	compressionGzip = 2
	tileTypeMVT     = 1
	// rootMax is the most a root directory may take: a client's first
	// request reads the header and the root in 16 KiB.
	rootMax = 16384 - headerLen
)

// Archive collects the tiles of an archive and writes it. Tiles are
// gzipped, as static hosts serve their bytes as they are and clients
// inflate them; a tile equal to one already added is stored once.
type Archive struct {
	// Bounds and Center (lon, lat) and the zooms go into the header.
	Bounds           orb.Bound
	MinZoom, MaxZoom int
	// Metadata is the archive's JSON metadata (name, vector_layers…).
	Metadata map[string]any

	entries []entry
	data    bytes.Buffer
	stored  map[[32]byte]entry
	tiles   int
	// unordered is set when a tile's content was added after that of a
	// later tile: the archive is then not "clustered".
	unordered bool
	lastNew   uint64
	zip       *gzip.Writer // reused: each new one allocates its tables
	zipped    bytes.Buffer
}

type entry struct {
	id        uint64
	offset    uint64
	length    uint32
	runLength uint32
}

// Add adds tile z/x/y, uncompressed MVT; an empty tile is left out, as
// PMTiles readers answer for a tile an archive does not hold. Tiles added
// in TileID order make a clustered archive, which readers fetch faster.
func (a *Archive) Add(z, x, y int, tile []byte) error {
	if z < 0 || z > 31 || x < 0 || y < 0 || x >= 1<<z || y >= 1<<z {
		return fmt.Errorf("pmtiles: no tile %d/%d/%d", z, x, y)
	}
	if len(tile) == 0 {
		return nil
	}
	if a.stored == nil {
		a.stored = map[[32]byte]entry{}
	}
	a.tiles++
	id := TileID(z, x, y)
	sum := sha256.Sum256(tile)
	if e, ok := a.stored[sum]; ok {
		e.id, e.runLength = id, 1
		a.entries = append(a.entries, e)
		return nil
	}
	a.zipped.Reset()
	if a.zip == nil {
		w, err := gzip.NewWriterLevel(&a.zipped, gzip.BestCompression)
		if err != nil {
			return err
		}
		a.zip = w
	} else {
		a.zip.Reset(&a.zipped)
	}
	if _, err := a.zip.Write(tile); err != nil {
		return err
	}
	if err := a.zip.Close(); err != nil {
		return err
	}
	z64 := &a.zipped
	if len(a.stored) > 0 && id < a.lastNew {
		a.unordered = true
	}
	a.lastNew = id
	e := entry{id: id, offset: uint64(a.data.Len()), length: uint32(z64.Len()), runLength: 1}
	a.data.Write(z64.Bytes())
	a.stored[sum] = e
	a.entries = append(a.entries, e)
	return nil
}

// Tiles returns how many tiles were added, empty ones left out.
func (a *Archive) Tiles() int { return a.tiles }

// WriteTo writes the archive: header, root directory, metadata, leaf
// directories, tile data.
func (a *Archive) WriteTo(w io.Writer) (int64, error) {
	if len(a.entries) == 0 {
		return 0, errors.New("pmtiles: no tile to write")
	}
	entries := slices.Clone(a.entries)
	slices.SortFunc(entries, func(p, q entry) int { return cmp.Compare(p.id, q.id) })
	// Consecutive tiles with the same content are one entry: a run.
	runs := entries[:1]
	for _, e := range entries[1:] {
		if last := &runs[len(runs)-1]; last.offset == e.offset && last.id+uint64(last.runLength) == e.id {
			last.runLength++
			continue
		}
		if e.id == runs[len(runs)-1].id {
			return 0, fmt.Errorf("pmtiles: tile %d added twice", e.id)
		}
		runs = append(runs, e)
	}
	root, leaves, err := directories(runs)
	if err != nil {
		return 0, err
	}
	meta, err := json.Marshal(a.Metadata)
	if err != nil {
		return 0, err
	}
	if meta, err = gzipped(meta); err != nil {
		return 0, err
	}
	h := make([]byte, headerLen)
	copy(h, "PMTiles")
	h[7] = 3
	put := func(at int, v uint64) { binary.LittleEndian.PutUint64(h[at:], v) }
	rootOff := uint64(headerLen)
	metaOff := rootOff + uint64(len(root))
	leafOff := metaOff + uint64(len(meta))
	dataOff := leafOff + uint64(len(leaves))
	put(8, rootOff)
	put(16, uint64(len(root)))
	put(24, metaOff)
	put(32, uint64(len(meta)))
	put(40, leafOff)
	put(48, uint64(len(leaves)))
	put(56, dataOff)
	put(64, uint64(a.data.Len()))
	put(72, uint64(a.tiles))
	put(80, uint64(len(runs)))
	put(88, uint64(len(a.stored)))
	if !a.unordered {
		h[96] = 1 // clustered: the tile data is in tile id order
	}
	h[97], h[98], h[99] = compressionGzip, compressionGzip, tileTypeMVT
	h[100], h[101] = uint8(a.MinZoom), uint8(a.MaxZoom)
	e7 := func(at int, deg float64) { binary.LittleEndian.PutUint32(h[at:], uint32(int32(deg*1e7))) }
	e7(102, a.Bounds.Min[0])
	e7(106, a.Bounds.Min[1])
	e7(110, a.Bounds.Max[0])
	e7(114, a.Bounds.Max[1])
	h[118] = uint8(a.MinZoom)
	c := a.Bounds.Center()
	e7(119, c[0])
	e7(123, c[1])
	var n int64
	for _, part := range [][]byte{h, root, meta, leaves, a.data.Bytes()} {
		k, err := w.Write(part)
		n += int64(k)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// directories serialises the entries as one root directory when it fits,
// else as leaf directories of growing size until the root of pointers to
// them fits.
func directories(entries []entry) (root, leaves []byte, err error) {
	if root, err = directory(entries); err != nil || len(root) <= rootMax {
		return root, nil, err
	}
	for size := max(4096, len(entries)/3500); ; size += size / 5 {
		var pointers []entry
		leaves = leaves[:0]
		for i := 0; i < len(entries); i += size {
			leaf, err := directory(entries[i:min(i+size, len(entries))])
			if err != nil {
				return nil, nil, err
			}
			// A run length of 0 points to a leaf directory.
			pointers = append(pointers, entry{id: entries[i].id, offset: uint64(len(leaves)), length: uint32(len(leaf))})
			leaves = append(leaves, leaf...)
		}
		if root, err = directory(pointers); err != nil || len(root) <= rootMax {
			return root, leaves, err
		}
	}
}

// directory serialises entries, gzipped: their count, then column by
// column the tile id deltas, run lengths, lengths and offsets (0 for one
// that follows the previous tile, else offset+1), each a varint.
func directory(entries []entry) ([]byte, error) {
	var b []byte
	b = binary.AppendUvarint(b, uint64(len(entries)))
	last := uint64(0)
	for _, e := range entries {
		b = binary.AppendUvarint(b, e.id-last)
		last = e.id
	}
	for _, e := range entries {
		b = binary.AppendUvarint(b, uint64(e.runLength))
	}
	for _, e := range entries {
		b = binary.AppendUvarint(b, uint64(e.length))
	}
	for i, e := range entries {
		if i > 0 && e.offset == entries[i-1].offset+uint64(entries[i-1].length) {
			b = binary.AppendUvarint(b, 0)
		} else {
			b = binary.AppendUvarint(b, e.offset+1)
		}
	}
	return gzipped(b)
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

// TileID is a tile's position in the archive: the tiles of the zooms
// above it, then its place on the Hilbert curve of its zoom, so that tiles
// near each other on the map lie near each other in the file.
func TileID(z, x, y int) uint64 {
	id := (uint64(1)<<(2*z) - 1) / 3
	n := uint64(1) << z
	ux, uy := uint64(x), uint64(y)
	for s := n / 2; s > 0; s /= 2 {
		var rx, ry uint64
		if ux&s != 0 {
			rx = 1
		}
		if uy&s != 0 {
			ry = 1
		}
		id += s * s * ((3 * rx) ^ ry)
		// Rotate the quadrant so that the curve continues.
		if ry == 0 {
			if rx == 1 {
				ux, uy = n-1-ux, n-1-uy
			}
			ux, uy = uy, ux
		}
	}
	return id
}
