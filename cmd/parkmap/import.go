package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/parkmap/parkmap/data/importer"
	"github.com/parkmap/parkmap/data/postgis"
	"github.com/parkmap/parkmap/geo"
)

// repeatedFlag collects a flag given again and again (--map a=b --map c=d).
type repeatedFlag []string

func (l *repeatedFlag) String() string     { return strings.Join(*l, ",") }
func (l *repeatedFlag) Set(v string) error { *l = append(*l, v); return nil }

const importSummary = `Loads FILE into a collection of DATABASE_URL, all or nothing, in one transaction:
a file with problems loads nothing and every problem is listed with its feature
(or CSV line) and field.

FILE is GeoJSON (.geojson, .json), GeoJSON text sequences (.geojsonl, .geojsons),
CSV (.csv: WKT in a wkt/geometry column, or lon and lat columns; UTF-8 with or
without BOM, or GBK), GeoPackage (.gpkg), or a Shapefile (.shp beside its .shx,
.dbf, .prj, .cpg, or all zipped) and anything else GDAL reads, through ogr2ogr
(gdal-bin). Fields map to the collection's properties by name, or by --map.
List properties (segments, sources) are JSON arrays, or in CSV, GeoPackage and
Shapefile fields JSON text or values separated by ';' or ','. Coordinates in
another CRS (the .prj, the GeoPackage's SRS, a GeoJSON crs member, or --crs)
are transformed to WGS 84: e.g. EPSG:4490 (CGCS2000), 4543 or 4522
(CGCS2000 Gauss-Kruger).`

func (e environment) importFile(ctx context.Context, args []string) error {
	fs := e.flags("import FILE --collection ID --mode append|upsert|replace", importSummary)
	collection := fs.String("collection", "", "the collection to load into: "+strings.Join(geo.Builtin().IDs(), ", ")+" (required)")
	mode := fs.String("mode", "", "append (refuse ids already there), upsert (update them) or replace (the collection becomes the file) (required)")
	var renames repeatedFlag
	fs.Var(&renames, "map", "read the file's field OLD as property NEW (old=new; repeat for more)")
	crs := fs.String("crs", "", "the file's CRS when it does not say or says wrongly, e.g. EPSG:4543")
	format := fs.String("format", "", "the file's format when its name does not tell: "+formatList())
	layer := fs.String("layer", "", "the table of a GeoPackage (or layer of another source) holding several")
	encoding := fs.String("encoding", "", "text encoding of a CSV file or a Shapefile's DBF without .cpg: utf-8 or gbk (default: CSV UTF-8 if valid, else GBK)")
	wktCol := fs.String("wkt", "", "CSV: the column holding WKT geometries (default: wkt, geometry, geom…)")
	lonCol := fs.String("lon", "", "CSV: the longitude (or x) column (default: lon, lng, longitude, x)")
	latCol := fs.String("lat", "", "CSV: the latitude (or y) column (default: lat, latitude, y)")
	makeValid := fs.Bool("make-valid", false, "repair invalid polygons with ST_MakeValid (and list them) instead of refusing them")
	maxSize := fs.Int64("max-size", importer.DefaultMaxBytes>>20, "refuse a file (or a zip's content) over this many MiB")
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		files, args = append(files, fs.Arg(0)), fs.Args()[1:]
	}
	switch {
	case len(files) != 1:
		fs.Usage()
		return errors.New("import takes one FILE")
	case *collection == "":
		return errors.New("import: --collection is required: " + strings.Join(geo.Builtin().IDs(), ", "))
	case *mode == "":
		return errors.New("import: --mode is required: append, upsert or replace")
	}
	c, ok := geo.Builtin().Find(*collection)
	if !ok {
		return geo.Builtin().NotFound(*collection)
	}
	rename, err := importer.ParseRename(renames)
	if err != nil {
		return err
	}
	file := files[0]
	f, err := importer.Read(file, importer.Options{
		Format: importer.Format(*format), CRS: *crs, Layer: *layer, Encoding: *encoding,
		WKT: *wktCol, Lon: *lonCol, Lat: *latCol, MaxBytes: *maxSize << 20,
	})
	if err != nil {
		return e.problems(file, err)
	}
	for _, n := range f.Notes {
		fmt.Fprintf(e.stderr, "%s: note: %s\n", file, n)
	}
	s, err := e.database(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	domains, err := s.ImportDomains(ctx)
	if err != nil {
		return err
	}
	rows, notes, problems := importer.Map(c, f, importer.Mapping{Rename: rename, Domains: domains})
	for _, n := range notes {
		fmt.Fprintf(e.stderr, "%s: note: %s\n", file, n)
	}
	if len(problems) > 0 {
		return e.problems(file, problems)
	}
	rep, err := s.Import(ctx, c, rows, postgis.ImportOptions{Mode: postgis.ImportMode(*mode), SRID: f.SRID, MakeValid: *makeValid, Lines: f.Lines})
	if err != nil {
		return e.problems(file, err)
	}
	for _, p := range rep.Repaired {
		fmt.Fprintf(e.stderr, "%s: %s\n", file, p)
	}
	fmt.Fprintf(e.stdout, "imported %d features into %s from %s (EPSG:%d): %d inserted, %d updated, %d deleted, %d repaired\n",
		len(rows), c.ID, file, f.SRID, rep.Inserted, rep.Updated, rep.Deleted, len(rep.Repaired))
	return nil
}

// problems prints every problem of a file, one a line, and returns an
// error that says nothing was loaded.
func (e environment) problems(file string, err error) error {
	ps, ok := errors.AsType[importer.Problems](err)
	if !ok {
		return fmt.Errorf("import %s: %w; nothing imported", file, err)
	}
	for _, p := range ps {
		fmt.Fprintf(e.stderr, "%s: %s\n", file, p)
	}
	if len(ps) == 1 {
		return fmt.Errorf("import %s: 1 problem; nothing imported", file)
	}
	return fmt.Errorf("import %s: %d problems; nothing imported", file, len(ps))
}

func formatList() string {
	names := make([]string, len(importer.Formats))
	for i, f := range importer.Formats {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

var _ flag.Value = (*repeatedFlag)(nil)
