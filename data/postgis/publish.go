package postgis

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/parkmap/parkmap/geo"
)

// Introspection of a table or view to publish: its columns with their types,
// the primary key, and each geometry column's SRID and type.
const (
	// $1 schema ('' for the search path), $2 name: the relation's oid, or NULL.
	qRelation = `SELECT CASE WHEN $1::text = '' THEN to_regclass(quote_ident($2::text))
	ELSE to_regclass(quote_ident($1::text) || '.' || quote_ident($2::text)) END::oid`

	// $1 oid: each column with its type's name, element type (for arrays),
	// whether it is NOT NULL, and whether it is the (one-column) primary key.
	qColumns = `
SELECT a.attname, t.typname, coalesce(et.typname, ''), a.attnotnull,
	EXISTS (SELECT FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indisprimary
		AND i.indnkeyatts = 1 AND i.indkey[0] = a.attnum)
FROM pg_attribute a
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum`

	// $1 oid, $2 column: the SRID and type PostGIS records for it.
	qGeometryColumn = `
SELECT g.srid, g.type FROM geometry_columns g
JOIN pg_class c ON c.relname = g.f_table_name
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = g.f_table_schema
WHERE c.oid = $1::oid AND g.f_geometry_column = $2`

	// Tables and views that have a geometry column, for a message.
	qGeometryTables = `SELECT coalesce(string_agg(DISTINCT f_table_schema || '.' || f_table_name, ', '), 'none')
FROM geometry_columns WHERE f_table_schema NOT IN ('pg_catalog', 'information_schema')`

	// $1 srid: whether PostGIS knows the CRS, to transform from it.
	qKnownSRID = `SELECT EXISTS (SELECT FROM spatial_ref_sys WHERE srid = $1)`
)

// dbColumn is one column of a relation to publish.
type dbColumn struct {
	name, typ, elem string
	notNull, key    bool
}

// propertyType maps a column's type to a property's, false for a type that
// is not simple (json, bytea, a composite…): those are left out by default.
func (c dbColumn) propertyType() (geo.Type, bool) {
	switch c.typ {
	case "text", "varchar", "bpchar", "name", "citext", "uuid":
		return geo.TypeString, true
	case "int2", "int4", "int8":
		return geo.TypeInteger, true
	case "float4", "float8", "numeric":
		return geo.TypeNumber, true
	case "bool":
		return geo.TypeBoolean, true
	case "date":
		return geo.TypeDate, true
	case "timestamp", "timestamptz":
		return geo.TypeTimestamp, true
	}
	switch c.elem {
	case "text", "varchar", "bpchar", "name", "citext":
		return geo.TypeStrings, true
	}
	return "", false
}

func (c dbColumn) isGeometry() bool { return c.typ == "geometry" }

// Publish reads a definitions file (its name for messages, its bytes) and
// checks every collection in it against the database: the table or view,
// the id, geometry, temporal and property columns, and the geometry's SRID.
// It returns definitions the store serves like the built-in ones, or a
// *Problems listing every problem with its line. taken are the ids already
// in use. Called by `parkmap serve --collections FILE` at start.
func (s *Store) Publish(ctx context.Context, file string, raw []byte, taken []string) (geo.Catalog, error) {
	specs, err := parseDefinitions(file, raw, taken)
	if err != nil {
		return nil, err
	}
	problems := &Problems{File: file}
	var out geo.Catalog
	for _, spec := range specs {
		c, err := s.resolve(ctx, spec, problems)
		if err != nil {
			return nil, err // the database, not the file
		}
		if c != nil {
			out = append(out, c)
		}
	}
	if err := problems.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// resolve checks one collection against the database and builds its
// definition; problems found are added, and nil returned.
func (s *Store) resolve(ctx context.Context, spec tableSpec, problems *Problems) (*geo.Collection, error) {
	before := len(problems.Items)
	schema, name := "", spec.Table
	if i := strings.IndexByte(spec.Table, '.'); i >= 0 {
		schema, name = spec.Table[:i], spec.Table[i+1:]
	}
	var oid sql.NullInt64
	if err := s.db.QueryRowContext(ctx, qRelation, schema, name).Scan(&oid); err != nil {
		return nil, wrap("publish "+spec.ID, err)
	}
	if !oid.Valid {
		var tables string
		if err := s.db.QueryRowContext(ctx, qGeometryTables).Scan(&tables); err != nil {
			return nil, wrap("publish "+spec.ID, err)
		}
		problems.add(spec.line, "table %q does not exist; tables and views with a geometry column: %s", truncate(spec.Table), tables)
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, qColumns, oid.Int64)
	if err != nil {
		return nil, wrap("publish "+spec.ID, err)
	}
	var columns []dbColumn
	for rows.Next() {
		var c dbColumn
		if err := rows.Scan(&c.name, &c.typ, &c.elem, &c.notNull, &c.key); err != nil {
			rows.Close()
			return nil, wrap("publish "+spec.ID, err)
		}
		columns = append(columns, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap("publish "+spec.ID, err)
	}
	names := make([]string, len(columns))
	byName := map[string]dbColumn{}
	for i, c := range columns {
		names[i] = c.name
		byName[c.name] = c
	}
	existing := strings.Join(names, ", ")

	// The geometry: the named column, or the only one.
	var geometry dbColumn
	if spec.GeometryColumn != "" {
		c, ok := byName[spec.GeometryColumn]
		switch {
		case !ok:
			problems.add(spec.line, "geometry column %q is not a column of %s; its columns: %s", truncate(spec.GeometryColumn), spec.Table, existing)
		case !c.isGeometry():
			problems.add(spec.line, "column %q of %s is %s, not geometry", spec.GeometryColumn, spec.Table, c.typ)
		}
		geometry = c
	} else {
		var found []string
		for _, c := range columns {
			if c.isGeometry() {
				found = append(found, c.name)
				geometry = c
			}
		}
		switch len(found) {
		case 0:
			problems.add(spec.line, "%s has no geometry column (geography is not served; cast it in a view); its columns: %s", spec.Table, existing)
		case 1:
		default:
			problems.add(spec.line, "%s has several geometry columns (%s): name one with geometry_column", spec.Table, strings.Join(found, ", "))
		}
	}
	srid, geomType := 0, "GEOMETRY"
	if geometry.isGeometry() {
		err := s.db.QueryRowContext(ctx, qGeometryColumn, oid.Int64, geometry.name).Scan(&srid, &geomType)
		if err != nil && err != sql.ErrNoRows {
			return nil, wrap("publish "+spec.ID, err)
		}
		if srid == 0 {
			problems.add(spec.line, "geometry column %q of %s has no SRID: declare it, e.g. geometry(Polygon, 4543), or ST_SetSRID in a view", geometry.name, spec.Table)
		} else {
			var known bool
			if err := s.db.QueryRowContext(ctx, qKnownSRID, srid).Scan(&known); err != nil {
				return nil, wrap("publish "+spec.ID, err)
			}
			if !known {
				problems.add(spec.line, "geometry column %q has SRID %d, which spatial_ref_sys does not know: it cannot be transformed to WGS 84", geometry.name, srid)
			}
		}
	}

	// The id: the named column, or the one-column primary key.
	var id dbColumn
	if spec.IDColumn != "" {
		c, ok := byName[spec.IDColumn]
		if !ok {
			problems.add(spec.line, "id column %q is not a column of %s; its columns: %s", truncate(spec.IDColumn), spec.Table, existing)
		}
		id = c
	} else {
		for _, c := range columns {
			if c.key {
				id = c
			}
		}
		if id.name == "" {
			problems.add(spec.line, "%s has no one-column primary key (a view has none): name the id with id_column; its columns: %s", spec.Table, existing)
		}
	}

	// The properties: those listed, or every simple column but the id and geometry.
	var props []geo.Property
	property := func(c dbColumn, ps propertySpec) {
		t, ok := c.propertyType()
		if !ok {
			problems.add(ps.line, "column %q of %s is of type %s, which is not served (text, numbers, booleans, dates, timestamps and text arrays are)", c.name, spec.Table, c.typ)
			return
		}
		title := ps.Title
		if title == (geo.Text{}) {
			title = geo.Text{ZH: c.name, EN: c.name}
		}
		props = append(props, geo.Property{
			Name: c.name, Type: t, Nullable: !c.notNull, Title: title, Description: ps.Description,
			Queryable: t != geo.TypeDate && t != geo.TypeTimestamp, Sortable: t != geo.TypeStrings,
		})
	}
	if spec.Properties == nil {
		for _, c := range columns {
			if _, ok := c.propertyType(); ok && c.name != id.name && c.name != geometry.name {
				property(c, propertySpec{})
			}
		}
	}
	for _, ps := range spec.Properties {
		c, ok := byName[ps.Name]
		if !ok {
			problems.add(ps.line, "property %q is not a column of %s; its columns: %s", truncate(ps.Name), spec.Table, existing)
			continue
		}
		property(c, ps)
	}
	if spec.Temporal != "" {
		c, ok := byName[spec.Temporal]
		t, _ := c.propertyType()
		switch {
		case !ok:
			problems.add(spec.line, "temporal column %q is not a column of %s; its columns: %s", truncate(spec.Temporal), spec.Table, existing)
		case t != geo.TypeDate && t != geo.TypeTimestamp:
			problems.add(spec.line, "temporal column %q is %s: it must be a date or a timestamp", spec.Temporal, c.typ)
		case !slices.ContainsFunc(props, func(p geo.Property) bool { return p.Name == spec.Temporal }):
			property(c, propertySpec{line: spec.line})
		}
	}
	if len(problems.Items) > before {
		return nil, nil
	}
	title := spec.Title
	if title == (geo.Text{}) {
		title = geo.Text{ZH: spec.ID, EN: spec.ID}
	}
	idType, _ := id.propertyType()
	return &geo.Collection{
		ID: spec.ID, Title: title, Description: spec.Description,
		GeometryType:     geometryType(geomType),
		GeometryNullable: !geometry.notNull,
		IDProperty:       id.name,
		// Any id the table holds may be asked for; the query compares text.
		IDPattern:  `^[^\x00/]{1,500}$`,
		Properties: props,
		Temporal:   spec.Temporal,
		Table: geo.Table{Schema: schema, Name: name, IDColumn: id.name, GeometryColumn: geometry.name,
			SRID: srid, TextID: idType == geo.TypeString && id.typ != "uuid"},
	}, nil
}

// geometryType names PostGIS's geometry type as GeoJSON does.
func geometryType(t string) geo.GeometryType {
	switch strings.ToUpper(strings.TrimSuffix(strings.TrimSuffix(strings.ToUpper(t), "M"), "Z")) {
	case "POINT":
		return geo.GeometryPoint
	case "LINESTRING":
		return geo.GeometryLineString
	case "POLYGON":
		return geo.GeometryPolygon
	case "MULTIPOINT":
		return geo.GeometryMultiPoint
	case "MULTILINESTRING":
		return geo.GeometryMultiLine
	case "MULTIPOLYGON":
		return geo.GeometryMultiPolygon
	}
	return geo.GeometryAny
}
