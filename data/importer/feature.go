// Package importer reads a planner's GIS files (GeoJSON, GeoJSON text
// sequences, CSV, GeoPackage, and through GDAL's ogr2ogr Shapefiles and any
// other format GDAL knows) as a stream of features, and maps each to a
// record of a collection's definition, collecting every problem with its
// feature number and field rather than stopping at the first.
//
// Nothing here touches a database: the store (data/postgis) loads the
// mapped rows, in one transaction, and reprojects them where they land.
package importer

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"
)

// Feature is one feature of a file as its reader yields it.
type Feature struct {
	// N numbers the feature as a person counts them in the file: the
	// feature's position from 1, or for CSV the line of the row.
	N int
	// ID is the feature-level id (GeoJSON's "id"); nil when the format has
	// none, and the id is then read from the fields.
	ID any
	// Geometry is nil for a feature without one.
	Geometry orb.Geometry
	// Fields are the feature's attributes as the file holds them: nil, a
	// string, a float64, an int64, a bool, a []any or a map[string]any.
	Fields map[string]any
}

// File is what a reader found in a file.
type File struct {
	Format   Format
	Features []Feature
	// SRID is the EPSG code of the coordinates, from the file (a GeoJSON
	// crs member, the GeoPackage's SRS) or from Options.CRS; 4326 when
	// neither says.
	SRID int
	// Lines: a feature's N is its line (CSV).
	Lines bool
	// Notes are things worth telling that are not problems (a layer
	// chosen, a field ignored).
	Notes []string
}

// Format is a kind of file the importer reads.
type Format string

// The formats. OGR is anything GDAL's ogr2ogr reads: Shapefiles (plain or
// zipped), KML, FlatGeobuf…
const (
	FormatGeoJSON    Format = "geojson"
	FormatGeoJSONSeq Format = "geojsonseq"
	FormatCSV        Format = "csv"
	FormatGeoPackage Format = "gpkg"
	FormatOGR        Format = "ogr"
)

// Formats lists the formats by name, for --format.
var Formats = []Format{FormatGeoJSON, FormatGeoJSONSeq, FormatCSV, FormatGeoPackage, FormatOGR}

// DefaultMaxBytes bounds a file (and a zip's content): the whole file is
// checked before anything is written, so it is held in memory.
const DefaultMaxBytes = 1 << 30

// Options say how to read a file.
type Options struct {
	Format Format // "" to decide from the name and the first bytes
	// CRS overrides the file's reference system ("EPSG:4543"); for a file
	// that does not say, or says wrongly.
	CRS string
	// Layer chooses a GeoPackage's (or another OGR source's) table when it
	// holds several.
	Layer string
	// Encoding is "utf-8", "gbk" or "" (CSV: UTF-8 when the bytes are
	// valid UTF-8, else GBK; Shapefile: the .cpg, else GDAL's default).
	Encoding string
	// WKT, Lon and Lat name a CSV file's geometry columns when they are
	// not one of the usual names (wkt, geometry, geom; lon, lng, longitude,
	// x; lat, latitude, y).
	WKT, Lon, Lat string
	// MaxBytes bounds the file; 0 means DefaultMaxBytes.
	MaxBytes int64
	// OGR2OGR is the ogr2ogr program; "" means "ogr2ogr" on the PATH.
	OGR2OGR string
}

func (o Options) maxBytes() int64 {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return DefaultMaxBytes
}

// ErrTooLarge is returned for a file over Options.MaxBytes.
var ErrTooLarge = errors.New("file too large")

// Read reads the features of the file at path.
func Read(path string, opt Options) (*File, error) {
	format := opt.Format
	if format == "" {
		var err error
		if format, err = detect(path); err != nil {
			return nil, err
		}
	}
	srid := 0
	if opt.CRS != "" {
		var err error
		if srid, err = ParseCRS(opt.CRS); err != nil {
			return nil, err
		}
	}
	var (
		f   *File
		err error
	)
	switch format {
	case FormatGeoJSON, FormatGeoJSONSeq, FormatCSV:
		var raw []byte
		if raw, err = readAll(path, opt.maxBytes()); err != nil {
			return nil, err
		}
		switch format {
		case FormatGeoJSON:
			f, err = ReadGeoJSON(raw)
		case FormatGeoJSONSeq:
			f, err = ReadGeoJSONSeq(raw)
		default:
			f, err = ReadCSV(raw, opt)
		}
	case FormatGeoPackage:
		if err = checkSize(path, opt.maxBytes()); err == nil {
			f, err = ReadGeoPackage(path, opt.Layer)
		}
	case FormatOGR:
		f, err = ReadOGR(path, opt, srid)
	default:
		return nil, fmt.Errorf("unknown format %q; the formats are %s", format, formatNames())
	}
	if err != nil {
		return nil, err
	}
	f.Format = format
	switch {
	case format == FormatOGR:
		// GDAL has reprojected to WGS 84, from --crs when given.
	case srid != 0:
		f.SRID = srid
	case format == FormatGeoPackage && f.SRID == 0:
		return nil, fmt.Errorf("unknown CRS: %s; give the file's CRS with --crs EPSG:n", f.Notes[len(f.Notes)-1])
	case f.SRID == 0:
		f.SRID = 4326
	}
	return f, nil
}

func formatNames() string {
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// detect decides a file's format from its name, and for .json from its
// first bytes (a text sequence starts with RS or holds one object a line).
func detect(path string) (Format, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".geojsonl", ".geojsons", ".geojsonseq", ".ndjson", ".jsonl":
		return FormatGeoJSONSeq, nil
	case ".geojson", ".json":
		head := make([]byte, 1)
		f, err := os.Open(path)
		if err != nil {
			return "", err
		}
		defer f.Close()
		if n, _ := f.Read(head); n == 1 && head[0] == 0x1e {
			return FormatGeoJSONSeq, nil
		}
		return FormatGeoJSON, nil
	case ".csv", ".tsv", ".txt":
		return FormatCSV, nil
	case ".gpkg":
		return FormatGeoPackage, nil
	}
	return FormatOGR, nil
}

// readAll reads a file whole, refusing one over max bytes before reading it.
func readAll(path string, max int64) ([]byte, error) {
	if err := checkSize(path, max); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(raw)) > max {
		return nil, tooLarge(path, max)
	}
	return raw, nil
}

func checkSize(path string, max int64) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if st.IsDir() {
		return fmt.Errorf("%s is a folder; give a file", path)
	}
	if st.Size() > max {
		return tooLarge(path, max)
	}
	return nil
}

func tooLarge(what string, max int64) error {
	return fmt.Errorf("%s: %w: over %d MiB (--max-size); split it, or raise the limit if the machine has the memory", what, ErrTooLarge, max>>20)
}
