package postgis

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/lib/pq"
	"github.com/lib/pq/pqerror"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/ewkb"

	"github.com/parkmap/parkmap/data/importer"
	"github.com/parkmap/parkmap/geo"
)

// ImportMode says what an import does with the rows a collection holds.
type ImportMode string

// The import modes. Append refuses an id the collection has; upsert
// updates it; replace makes the collection hold the file's rows and no
// others.
const (
	ImportAppend  ImportMode = "append"
	ImportUpsert  ImportMode = "upsert"
	ImportReplace ImportMode = "replace"
)

// ImportOptions say how to load mapped rows.
type ImportOptions struct {
	Mode ImportMode
	// SRID is the EPSG code of the rows' coordinates; PostGIS transforms
	// them to WGS 84 where they land.
	SRID int
	// MakeValid repairs invalid polygons with ST_MakeValid rather than
	// refusing them; the repairs are reported.
	MakeValid bool
	// Lines: the rows' numbers are lines (of a CSV file), for messages.
	Lines bool
}

// ImportReport is what an import did.
type ImportReport struct {
	Inserted, Updated, Deleted int64
	// Repaired lists the polygons --make-valid repaired, with the reason
	// each was invalid.
	Repaired importer.Problems
}

// ImportDomains returns the values a built-in row may refer to: the
// segments, stages and counties (geo's domains), and the chains, zones and
// sources; the importer checks every row against them before loading.
func (s *Store) ImportDomains(ctx context.Context) (importer.Domains, error) {
	d := importer.Domains{}
	queries := map[string]string{
		string(geo.DomainSegments): qDomainSegments,
		string(geo.DomainStages):   qDomainStages,
		string(geo.DomainCounties): qDomainCounties,
		importer.DomainChains:      qDomainChains,
		importer.DomainParks:       qDomainParks,
		importer.DomainSources:     qDomainSources,
	}
	for name, q := range queries {
		var values []string
		if err := s.db.QueryRowContext(ctx, q).Scan((*pq.StringArray)(&values)); err != nil {
			return nil, wrap("import: domain "+name, err)
		}
		d[name] = values
	}
	return d, nil
}

// importColumn is one column of the staging table and of the collection's.
type importColumn struct {
	name     string // the collection table's column
	sqlType  string // in the staging table
	property int    // the property's index in the definition; -1 for none
}

// importColumns are the columns an import writes: the id, every property
// read from files, a built-in's source ids and their citations. The other
// derived columns are the database's (an area is generated, a zone's
// stages written by a trigger); the geometry goes apart.
func importColumns(c *geo.Collection) []importColumn {
	cols := []importColumn{{name: c.Table.IDColumn, sqlType: "text", property: -1}}
	for i, p := range c.Properties {
		if p.Derived || p.ColumnName() == c.Table.IDColumn {
			continue
		}
		cols = append(cols, importColumn{name: p.ColumnName(), sqlType: sqlTypes[p.Type], property: i})
	}
	cols = append(cols, importColumn{name: "sources", sqlType: "text[]", property: -1})
	return append(cols, importColumn{name: "citations", sqlType: "text[]", property: -1})
}

var sqlTypes = map[geo.Type]string{
	geo.TypeString: "text", geo.TypeNumber: "float8", geo.TypeInteger: "float8", geo.TypeBoolean: "bool",
	geo.TypeStrings: "text[]", geo.TypeDate: "date", geo.TypeTimestamp: "timestamptz",
}

// Import loads rows mapped from a file (importer.Map) into a built-in
// collection, in one transaction: the rows are COPYed into a staging
// table, their geometries transformed from opt.SRID to WGS 84 and checked
// (range, validity) there, and only then written to the collection, with a
// zone's or project's segments and its derived columns (stages,
// citations). Every problem found is returned as importer.Problems and
// nothing is written. It queues behind a running seed or import.
//
// A user's published tables are not imported into: their derived columns
// and constraints are the user's, unknown here.
func (s *Store) Import(ctx context.Context, c *geo.Collection, rows []importer.Row, opt ImportOptions) (ImportReport, error) {
	rep, err := s.importRows(ctx, c, rows, opt)
	if ps, ok := errors.AsType[importer.Problems](err); ok && opt.Lines {
		err = ps.Lines()
	}
	if opt.Lines {
		rep.Repaired = rep.Repaired.Lines()
	}
	return rep, err
}

func (s *Store) importRows(ctx context.Context, c *geo.Collection, rows []importer.Row, opt ImportOptions) (ImportReport, error) {
	var rep ImportReport
	if !c.Builtin {
		return rep, geo.Errorf(geo.EInvalid, "import into %s: only the built-in collections (%s) take imports; load a table of your own with ogr2ogr or psql", c.ID, strings.Join(geo.Builtin().IDs(), ", "))
	}
	switch opt.Mode {
	case ImportAppend, ImportUpsert, ImportReplace:
	default:
		return rep, geo.Errorf(geo.EInvalid, "import mode %q: the modes are append, upsert and replace", opt.Mode)
	}
	if len(rows) == 0 {
		// Above all with replace, which would empty the collection.
		return rep, importer.Problems{{Message: "the file holds no features; nothing to import"}}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return rep, wrap("import", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, qSeedLock, lockSeed); err != nil {
		return rep, wrap("import: lock", err)
	}
	if _, err := tx.ExecContext(ctx, qNoStatementTimeout); err != nil {
		return rep, wrap("import: timeout", err)
	}
	var known bool
	if err := tx.QueryRowContext(ctx, qSRIDKnown, opt.SRID).Scan(&known); err != nil {
		return rep, wrap("import: srid", err)
	}
	if !known {
		return rep, importer.Problems{{Message: fmt.Sprintf("unknown CRS EPSG:%d: PostGIS's spatial_ref_sys does not list it", opt.SRID)}}
	}
	cols := importColumns(c)
	if err := s.citeRows(ctx, rows); err != nil {
		return rep, err
	}
	if err := stage(ctx, tx, c, cols, rows, opt.SRID); err != nil {
		return rep, err
	}
	if err := checkStaged(ctx, tx, c, opt, &rep); err != nil {
		return rep, err
	}
	if err := write(ctx, tx, c, cols, opt.Mode, &rep); err != nil {
		return rep, err
	}
	if err := analyze(ctx, tx, c); err != nil {
		return rep, err
	}
	if err := refreshExtents(ctx, tx); err != nil {
		return rep, err
	}
	if err := refreshZoneLinks(ctx, tx); err != nil {
		return rep, err
	}
	if err := tx.Commit(); err != nil {
		return rep, wrap("import: commit", err)
	}
	s.logger.Info("postgis: imported", "collection", c.ID, "rows", len(rows), "inserted", rep.Inserted,
		"updated", rep.Updated, "deleted", rep.Deleted, "repaired", len(rep.Repaired))
	return rep, nil
}

// stage creates the staging table and COPYs the rows into it.
func stage(ctx context.Context, tx *sql.Tx, c *geo.Collection, cols []importColumn, rows []importer.Row, srid int) error {
	defs := []string{"n integer NOT NULL", "geom geometry"}
	names := []string{"n", "geom"}
	for _, col := range cols {
		defs = append(defs, pq.QuoteIdentifier(col.name)+" "+col.sqlType)
		names = append(names, col.name)
	}
	// Identifiers come from the definition, quoted; no value is spliced in.
	if _, err := tx.ExecContext(ctx, "CREATE TEMP TABLE import_rows ("+strings.Join(defs, ", ")+") ON COMMIT DROP"); err != nil {
		return wrap("import: staging table", err)
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = pq.QuoteIdentifier(n)
	}
	stmt, err := tx.PrepareContext(ctx, "COPY import_rows ("+strings.Join(quoted, ", ")+") FROM STDIN")
	if err != nil {
		return wrap("import: copy", err)
	}
	defer stmt.Close()
	vals := make([]any, len(names))
	for _, r := range rows {
		vals[0] = r.N
		vals[1] = nil
		if r.Geometry != nil {
			h, err := ewkbHex(r.Geometry, srid)
			if err != nil {
				return importer.Problems{{N: r.N, Field: "geometry", Message: err.Error()}}
			}
			vals[1] = h
		}
		for i, col := range cols {
			var v any
			switch {
			case col.property >= 0:
				v = r.Values[col.property]
			case col.name == c.Table.IDColumn:
				v = r.ID
			case col.name == "sources":
				v = pq.StringArray(nonNil(r.Sources))
			case col.name == "citations":
				v = pq.StringArray(nonNil(r.Citations))
			}
			if ss, ok := v.([]string); ok {
				v = pq.StringArray(ss)
			}
			vals[2+i] = v
		}
		if _, err := stmt.ExecContext(ctx, vals...); err != nil {
			return wrap("import: copy row "+strconv.Itoa(r.N), err)
		}
	}
	if _, err := stmt.ExecContext(ctx); err != nil {
		return wrap("import: copy", err)
	}
	return nil
}

// checkStaged transforms the staged geometries to WGS 84 and lists every
// one out of range or invalid (repairing the invalid with opt.MakeValid).
func checkStaged(ctx context.Context, tx *sql.Tx, c *geo.Collection, opt ImportOptions, rep *ImportReport) error {
	if opt.SRID != srid {
		if _, err := tx.ExecContext(ctx, qImportTransform); err != nil {
			return importer.Problems{{Message: fmt.Sprintf("cannot transform the coordinates from EPSG:%d to WGS 84: %s (is the CRS right? --crs)", opt.SRID, pqMessage(err))}}
		}
	}
	var problems importer.Problems
	hint := "not lon/lat: give the file's CRS with --crs EPSG:n"
	if opt.SRID != 4326 {
		hint = fmt.Sprintf("after transforming from EPSG:%d: is that the file's CRS? (--crs)", opt.SRID)
	}
	err := eachRow(ctx, tx, qImportOutOfRange, func(n int, _ string) {
		problems.Add(n, "geometry", "coordinates out of range for WGS 84 (lon -180…180, lat -90…90), %s", hint)
	})
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return problems
	}
	polygons := c.GeometryType == geo.GeometryMultiPolygon || c.GeometryType == geo.GeometryPolygon
	err = eachRow(ctx, tx, qImportInvalid, func(n int, reason string) {
		if opt.MakeValid && polygons {
			rep.Repaired.Add(n, "geometry", "repaired: %s", reason)
		} else {
			problems.Add(n, "geometry", "invalid geometry: %s (--make-valid repairs it)", reason)
		}
	})
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return problems
	}
	if len(rep.Repaired) > 0 {
		q := qImportMakeValid
		if c.GeometryType == geo.GeometryPolygon {
			q = qImportMakeValidPolygon
		}
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return wrap("import: make valid", err)
		}
		err := eachRow(ctx, tx, qImportEmpty, func(n int, _ string) {
			problems.Add(n, "geometry", "repairing the polygon leaves nothing of it")
		})
		if err == nil && c.GeometryType == geo.GeometryPolygon {
			err = eachRow(ctx, tx, qImportSplit, func(n int, parts string) {
				problems.Add(n, "geometry", "repairing the polygon splits it into %s polygons; %s holds one polygon a feature", parts, c.ID)
			})
		}
		if err != nil {
			return err
		}
	}
	return problems.Err()
}

// citeRows gives each row the citations of its sources as Seed writes
// them (geo.NewCiter, over the sources the database holds, read after the
// import's lock, so no seed is under way). A zone's stages are the
// database's to compute from its chain and segments (migration 0012).
func (s *Store) citeRows(ctx context.Context, rows []importer.Row) error {
	sources, err := s.Sources(ctx)
	if err != nil {
		return err
	}
	cite := geo.NewCiter(sources)
	for i := range rows {
		rows[i].Citations = cite(rows[i].Sources)
	}
	return nil
}

// ewkbHex is a geometry as hex EWKB with its SRID, as COPY reads a
// geometry column.
func ewkbHex(g orb.Geometry, srid int) (string, error) {
	return ewkb.MarshalToHex(g, srid, binary.LittleEndian)
}

// eachRow runs a query of (n, text) rows.
func eachRow(ctx context.Context, tx *sql.Tx, q string, f func(int, string)) error {
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return wrap("import: check", err)
	}
	defer rows.Close()
	for rows.Next() {
		var n int
		var s string
		if err := rows.Scan(&n, &s); err != nil {
			return wrap("import: check", err)
		}
		f(n, s)
	}
	return wrap("import: check", rows.Err())
}

// write moves the staged rows into the collection's table, by mode, and
// brings the segments tables and derived columns up to date.
func write(ctx context.Context, tx *sql.Tx, c *geo.Collection, cols []importColumn, mode ImportMode, rep *ImportReport) error {
	t, id := table(c.Table), pq.QuoteIdentifier(c.Table.IDColumn)
	if mode == ImportAppend {
		var problems importer.Problems
		err := eachRow(ctx, tx, `SELECT i.n, i.`+id+` FROM import_rows i JOIN `+t+` t ON t.`+id+` = i.`+id+` ORDER BY i.n`,
			func(n int, v string) {
				problems.Add(n, c.IDProperty, "id %q is already in %s: --mode upsert updates it, --mode replace replaces the collection", v, c.ID)
			})
		if err != nil {
			return err
		}
		if len(problems) > 0 {
			return problems
		}
	}
	if mode == ImportReplace {
		res, err := tx.ExecContext(ctx, `DELETE FROM `+t+` t WHERE NOT EXISTS (SELECT FROM import_rows i WHERE i.`+id+` = t.`+id+`)`)
		if err != nil {
			return refused(err, "replace would delete rows that others refer to")
		}
		rep.Deleted, _ = res.RowsAffected()
	}
	names := make([]string, 0, len(cols)+1)
	sets := make([]string, 0, len(cols)+1)
	for _, col := range cols {
		q := pq.QuoteIdentifier(col.name)
		names = append(names, q)
		if col.name != c.Table.IDColumn {
			sets = append(sets, q+" = EXCLUDED."+q)
		}
	}
	g := pq.QuoteIdentifier(c.Table.GeometryColumn)
	geom := "geom"
	if c.GeometryType == geo.GeometryMultiPolygon || c.GeometryType == geo.GeometryPolygon {
		geom = "ST_ForcePolygonCCW(geom)" // RFC 7946
	}
	q := `INSERT INTO ` + t + ` AS t (` + strings.Join(names, ", ") + `, ` + g + `)
SELECT ` + strings.Join(names, ", ") + `, ` + geom + ` FROM import_rows ORDER BY n`
	if mode != ImportAppend {
		q += `
ON CONFLICT (` + id + `) DO UPDATE SET ` + strings.Join(sets, ", ") + `, ` + g + ` = EXCLUDED.` + g + `, updated_at = now()`
	}
	q += `
RETURNING (xmax = 0)`
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return refused(err, "the database refused the rows")
	}
	for rows.Next() {
		var inserted bool
		if err := rows.Scan(&inserted); err != nil {
			rows.Close()
			return wrap("import: insert", err)
		}
		if inserted {
			rep.Inserted++
		} else {
			rep.Updated++
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return refused(err, "the database refused the rows")
	}
	// A zone's or project's link rows (park_segments) follow its list of
	// segments by the table's triggers (migration 0012).
	return nil
}

// refused turns a constraint violation into a problem a planner can act
// on, with PostgreSQL's detail (which names the row's key); any other error
// stays an error.
func refused(err error, what string) error {
	var pqErr *pq.Error
	if errors.As(err, &pqErr) && pqErr.Code.Class() == pqerror.ClassIntegrityConstraintViolation {
		msg := what + ": " + pqErr.Message
		if pqErr.Detail != "" {
			msg += " (" + pqErr.Detail + ")"
		}
		return importer.Problems{{Message: msg}}
	}
	return wrap("import", err)
}

// pqMessage is the server's message without the driver's prefix.
func pqMessage(err error) string {
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		return pqErr.Message
	}
	return err.Error()
}
