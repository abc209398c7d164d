package api

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	"github.com/paulmach/orb/project"

	_ "modernc.org/sqlite" // GeoPackage is SQLite; modernc's driver is pure Go, already in the binary for import

	"github.com/parkmap/parkmap/geo"
)

// GeoPackage (OGC 12-128r19, version 1.3): one feature table per export,
// with the tables the standard requires (gpkg_spatial_ref_sys with WGS 84,
// gpkg_contents with the extent, gpkg_geometry_columns), the properties in
// typed columns, lists as JSON text that gpkg_data_columns marks
// application/json (GDAL reads them as JSON strings), and each column's
// Chinese title and description there too. Geometries are GeoPackage
// binary: the GP header with its envelope, then little-endian WKB.
//
// SQLite needs a file it can seek in, so the package is built in a
// temporary file, streamed to the client, and removed. Every name written
// into SQL comes from the collection's definition and is quoted; every
// value is bound.

const (
	gpkgApplicationID = 0x47504B47 // "GPKG"
	gpkgUserVersion   = 10300      // 1.3.0
)

// gpkgSchema are the tables every package has.
const gpkgSchema = `
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE gpkg_extensions (
  table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL,
  CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
CREATE TABLE gpkg_data_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, name TEXT, title TEXT, description TEXT,
  mime_type TEXT, constraint_name TEXT,
  CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name),
  CONSTRAINT gdc_tn UNIQUE (table_name, name));
CREATE TABLE gpkg_data_column_constraints (
  constraint_name TEXT NOT NULL, constraint_type TEXT NOT NULL, value TEXT, min NUMERIC,
  min_is_inclusive BOOLEAN, max NUMERIC, max_is_inclusive BOOLEAN, description TEXT,
  CONSTRAINT gdcc_ntv UNIQUE (constraint_name, constraint_type, value));
INSERT INTO gpkg_extensions VALUES
  ('gpkg_data_columns', NULL, 'gpkg_schema', 'http://www.geopackage.org/spec/#extension_schema', 'read-write'),
  ('gpkg_data_column_constraints', NULL, 'gpkg_schema', 'http://www.geopackage.org/spec/#extension_schema', 'read-write');
`

// writeGPKG writes features as a GeoPackage.
func writeGPKG(w io.Writer, def *geo.Collection, q geo.FeatureQuery, features *featureStream) error {
	tmp, err := os.CreateTemp("", "parkmap-export-*.gpkg")
	if err != nil {
		return err
	}
	path := tmp.Name()
	defer os.Remove(path)
	if err := tmp.Close(); err != nil {
		return err
	}
	// SQLite's work is local and bounded by the features; only the
	// store's pages have a timeout.
	ctx := features.ctx
	if features.base != nil {
		ctx = features.base
	}
	if err := buildGPKG(ctx, path, def, q, features); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}

// gpkgTable is the layout of the feature table for a collection.
type gpkgTable struct {
	name, fid, geom string
	idColumn        string // the feature id's column when no property holds it, else ""
	columns         []geo.Property
}

// newGPKGTable lays out a collection's table: fid and geom unless a
// property already has one of those names.
func newGPKGTable(def *geo.Collection, q geo.FeatureQuery) gpkgTable {
	t := gpkgTable{name: def.ID, columns: exportColumns(def, q)}
	taken := map[string]bool{}
	for _, p := range def.Properties {
		taken[strings.ToLower(p.Name)] = true
	}
	if def.Index(def.IDProperty) < 0 {
		t.idColumn = def.IDProperty
		taken[strings.ToLower(def.IDProperty)] = true
	}
	free := func(base string) string {
		name := base
		for i := 2; taken[strings.ToLower(name)]; i++ {
			name = fmt.Sprintf("%s_%d", base, i)
		}
		taken[strings.ToLower(name)] = true
		return name
	}
	t.fid, t.geom = free("fid"), free("geom")
	return t
}

// quoteIdent quotes an SQLite identifier.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// gpkgColumnType is a property's GeoPackage column type.
func gpkgColumnType(t geo.Type) string {
	switch t {
	case geo.TypeNumber:
		return "DOUBLE"
	case geo.TypeInteger:
		return "INTEGER"
	case geo.TypeBoolean:
		return "BOOLEAN"
	case geo.TypeDate:
		return "DATE"
	case geo.TypeTimestamp:
		return "DATETIME"
	}
	return "TEXT"
}

// gpkgGeometryType is the geometry_type_name of a collection's geometries.
func gpkgGeometryType(t geo.GeometryType) string {
	switch t {
	case geo.GeometryPoint, geo.GeometryLineString, geo.GeometryPolygon, geo.GeometryMultiPoint, geo.GeometryMultiPolygon:
		return strings.ToUpper(string(t))
	case geo.GeometryMultiLine:
		return "MULTILINESTRING"
	}
	return "GEOMETRY"
}

// buildGPKG writes the package at path.
func buildGPKG(ctx context.Context, path string, def *geo.Collection, q geo.FeatureQuery, features *featureStream) (err error) {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := db.Close(); err == nil {
			err = cerr
		}
	}()
	db.SetMaxOpenConns(1)
	// The features come in the crs asked for, in its axis order; a
	// GeoPackage stores x (easting, longitude) first whatever the CRS.
	srs := gpkgSRS(q.CRS)
	if _, ok := gpkgSpatialRefSys[srs]; !ok {
		return geo.Errorf(geo.EInvalid, "f=gpkg has no definition of EPSG:%d", srs)
	}
	swap := q.CRS != nil && q.CRS.Swap
	t := newGPKGTable(def, q)
	var create strings.Builder
	fmt.Fprintf(&create, "CREATE TABLE %s (%s INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, %s %s",
		quoteIdent(t.name), quoteIdent(t.fid), quoteIdent(t.geom), gpkgGeometryType(def.GeometryType))
	cols := []string{quoteIdent(t.geom)}
	if t.idColumn != "" {
		fmt.Fprintf(&create, ", %s TEXT NOT NULL", quoteIdent(t.idColumn))
		cols = append(cols, quoteIdent(t.idColumn))
	}
	for _, p := range t.columns {
		fmt.Fprintf(&create, ", %s %s", quoteIdent(p.Name), gpkgColumnType(p.Type))
		cols = append(cols, quoteIdent(p.Name))
	}
	create.WriteString(")")
	for _, stmt := range []string{
		fmt.Sprintf("PRAGMA application_id = %d", gpkgApplicationID),
		fmt.Sprintf("PRAGMA user_version = %d", gpkgUserVersion),
		"PRAGMA journal_mode = OFF", // a scratch file: nothing to recover
		"PRAGMA synchronous = OFF",
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("geopackage: %s: %w", stmt, err)
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it does nothing
	exec := func(query string, args ...any) error {
		if _, err := tx.ExecContext(ctx, query, args...); err != nil {
			return fmt.Errorf("geopackage: %w", err)
		}
		return nil
	}
	if err := exec(gpkgSchema); err != nil {
		return err
	}
	if err := exec(`INSERT INTO gpkg_spatial_ref_sys VALUES
		('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
		('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
		(?, 4326, 'EPSG', 4326, ?, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')`,
		gpkgSpatialRefSys[4326].name, gpkgSpatialRefSys[4326].wkt); err != nil {
		return err
	}
	if srs != 4326 {
		if err := exec(`INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, 'EPSG', ?, ?, ?)`,
			gpkgSpatialRefSys[srs].name, srs, srs, gpkgSpatialRefSys[srs].wkt, q.CRS.Title); err != nil {
			return err
		}
	}
	if err := exec(create.String()); err != nil {
		return err
	}
	if err := exec(`INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES (?, 'features', ?, ?, ?)`,
		t.name, def.Title.Bilingual(), def.Description.Bilingual(), srs); err != nil {
		return err
	}
	if err := exec(`INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)`, t.name, t.geom, gpkgGeometryType(def.GeometryType), srs); err != nil {
		return err
	}
	for _, p := range t.columns {
		var mime any
		if p.Type == geo.TypeStrings {
			mime = "application/json"
		}
		title := p.Title.Bilingual()
		description := p.Description.Bilingual()
		if p.Unit != "" {
			description += " (" + p.Unit + ")"
		}
		if err := exec(`INSERT INTO gpkg_data_columns (table_name, column_name, name, title, description, mime_type) VALUES (?, ?, ?, ?, ?, ?)`,
			t.name, p.Name, p.Name, title, description, mime); err != nil {
			return err
		}
	}
	insert, err := tx.PrepareContext(ctx, fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)",
		quoteIdent(t.name), strings.Join(cols, ", "), strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ")))
	if err != nil {
		return fmt.Errorf("geopackage: %w", err)
	}
	defer insert.Close()
	var extent orb.Bound
	placed := false
	args := make([]any, 0, len(cols))
	err = features.each(func(raw json.RawMessage) error {
		f, err := readExportFeature(raw)
		if err != nil {
			return err
		}
		args = args[:0]
		var blob any
		if f.Geometry != nil && !q.SkipGeometry {
			if swap {
				// The feature was decoded for this row alone: swapped in place.
				f.Geometry = project.Geometry(f.Geometry, swapXY)
			}
			b, err := gpkgGeometry(f.Geometry, int32(srs))
			if err != nil {
				return err
			}
			blob = b
			if !isEmpty(f.Geometry) {
				if placed {
					extent = extent.Union(f.Geometry.Bound())
				} else {
					extent, placed = f.Geometry.Bound(), true
				}
			}
		}
		args = append(args, blob)
		if t.idColumn != "" {
			args = append(args, f.ID)
		}
		for _, p := range t.columns {
			v, err := gpkgValue(p, f.Properties[p.Name])
			if err != nil {
				return fmt.Errorf("feature %s, property %s: %w", f.ID, p.Name, err)
			}
			args = append(args, v)
		}
		if _, err := insert.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("geopackage: feature %s: %w", f.ID, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if placed {
		if err := exec(`UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?`,
			extent.Min[0], extent.Min[1], extent.Max[0], extent.Max[1], t.name); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// gpkgValue is a property's encoded value as the value its column holds:
// text, a float64, an int64, 0 or 1, or nil for null. A list is its JSON
// text; a time is ISO 8601 in UTC with milliseconds, as the standard's
// DATETIME asks.
func gpkgValue(p geo.Property, raw json.RawMessage) (any, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	switch p.Type {
	case geo.TypeNumber:
		var f float64
		err := json.Unmarshal(raw, &f)
		return f, err
	case geo.TypeInteger:
		var n json.Number
		if err := json.Unmarshal(raw, &n); err != nil {
			return nil, err
		}
		if i, err := n.Int64(); err == nil {
			return i, nil
		}
		f, err := n.Float64()
		return int64(f), err
	case geo.TypeBoolean:
		var b bool
		if err := json.Unmarshal(raw, &b); err != nil {
			return nil, err
		}
		if b {
			return int64(1), nil
		}
		return int64(0), nil
	case geo.TypeStrings:
		var buf bytes.Buffer
		if err := json.Compact(&buf, raw); err != nil {
			return nil, err
		}
		return buf.String(), nil
	case geo.TypeTimestamp:
		s := jsonText(raw)
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t.UTC().Format("2006-01-02T15:04:05.000Z"), nil
		}
		return s, nil
	}
	return jsonText(raw), nil
}

// isEmpty reports whether a geometry has no point.
func isEmpty(g orb.Geometry) bool {
	switch g := g.(type) {
	case orb.Point:
		return false
	case orb.MultiPoint:
		return len(g) == 0
	case orb.LineString:
		return len(g) == 0
	case orb.MultiLineString:
		for _, l := range g {
			if len(l) > 0 {
				return false
			}
		}
		return true
	case orb.Polygon:
		return len(g) == 0 || len(g[0]) == 0
	case orb.MultiPolygon:
		for _, p := range g {
			if !isEmpty(p) {
				return false
			}
		}
		return true
	case orb.Collection:
		for _, h := range g {
			if !isEmpty(h) {
				return false
			}
		}
		return true
	}
	return true
}

// gpkgGeometry encodes a geometry as GeoPackage binary: "GP", version 0,
// flags (little-endian, an xy envelope, or the empty bit with none), the
// SRS id, the envelope minx, maxx, miny, maxy, then WKB.
func gpkgGeometry(g orb.Geometry, srsID int32) ([]byte, error) {
	body, err := wkb.Marshal(g, binary.LittleEndian)
	if err != nil {
		return nil, err
	}
	const littleEndian, envelopeXY, emptyBit = 0x01, 0x01 << 1, 0x01 << 4
	flags := byte(littleEndian | envelopeXY)
	empty := isEmpty(g)
	if empty {
		flags = littleEndian | emptyBit
	}
	out := make([]byte, 0, 8+32+len(body))
	out = append(out, 'G', 'P', 0, flags)
	out = binary.LittleEndian.AppendUint32(out, uint32(srsID))
	if !empty {
		b := g.Bound()
		for _, v := range []float64{b.Min[0], b.Max[0], b.Min[1], b.Max[1]} {
			out = binary.LittleEndian.AppendUint64(out, math.Float64bits(v))
		}
	}
	return append(out, body...), nil
}

// gpkgSRS is the srs_id of a CRS: its EPSG code, 4326 for CRS84.
func gpkgSRS(crs *geo.CRS) int {
	if crs == nil {
		return 4326
	}
	return crs.EPSG
}

// swapXY swaps a position's two numbers: from a CRS's own axis order
// (latitude or northing first) to the x first a GeoPackage stores.
func swapXY(p orb.Point) orb.Point { return orb.Point{p[1], p[0]} }
