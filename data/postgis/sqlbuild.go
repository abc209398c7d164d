package postgis

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/lib/pq"

	"github.com/parkmap/parkmap/geo"
)

// The SQL that serves features is built here from a collection's
// definition. Identifiers come only from the definition (quoted), values
// only through $n placeholders: nothing a request says is spliced in.

// args collects a statement's values and names their placeholders.
type args []any

// add appends v and returns its placeholder, $n.
func (a *args) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// column returns the row alias x's column, quoted.
func column(name string) string { return "x." + pq.QuoteIdentifier(name) }

// table returns the definition's table, quoted.
func table(t geo.Table) string {
	if t.Schema != "" {
		return pq.QuoteIdentifier(t.Schema) + "." + pq.QuoteIdentifier(t.Name)
	}
	return pq.QuoteIdentifier(t.Name)
}

// geometryWGS84 is the row's geometry in lon/lat WGS 84.
func geometryWGS84(c *geo.Collection) string {
	g := column(c.Table.GeometryColumn)
	if c.Table.SRID != 4326 {
		return "ST_Transform(" + g + ", 4326)"
	}
	return g
}

// featureSQL is a row's feature as GeoJSON text. The feature is text
// assembled around ST_AsGeoJSON's text rather than json_build_object around
// ST_AsGeoJSON(...)::json, whose cast re-parses every coordinate only to
// check what PostGIS has just written (BenchmarkCountiesEncoding). The
// parentheses hold the geometry, nearly all of a feature's bytes, to two
// copies rather than one per ||. Properties are written in the definition's
// order, keep (nil for all) choosing which; to_json writes each value as
// GeoJSON wants it (text[] as an array, float8 in its shortest form).
//
// In a CRS other than CRS84 (crs nil is CRS84) the geometry is transformed
// by ST_Transform and, for a CRS whose axes are lat/lon or northing/easting
// as EPSG defines them, flipped: PostGIS keeps x east, Part 2 wants the
// CRS's order. The SRID is a constant from geo.SupportedCRS, never user
// text.
func featureSQL(c *geo.Collection, keep []string, skipGeometry bool, crs *geo.CRS) string {
	var b strings.Builder
	b.WriteString(`('{"type":"Feature","id":' || to_json(` + column(c.Table.IDColumn) + `::text)::text || ',"geometry":')`)
	if skipGeometry {
		b.WriteString(` || 'null'`)
	} else {
		// Options 0: neither "bbox" nor "crs"; 7 decimals is about 1 cm.
		g, decimals := geometryWGS84(c), 7
		if !crs.IsCRS84() {
			g, decimals = transformSQL(column(c.Table.GeometryColumn), crs), crs.Decimals
		}
		fmt.Fprintf(&b, "\n\t|| coalesce(ST_AsGeoJSON(%s, %d, 0), 'null')", g, decimals)
	}
	b.WriteString("\n\t|| (',\"properties\":{'")
	n := 0
	for _, p := range c.Properties {
		if keep != nil && !slices.Contains(keep, p.Name) {
			continue
		}
		sep := ","
		if n == 0 {
			sep = ""
		}
		n++
		name := strings.ReplaceAll(jsonString(p.Name), "'", "''")
		fmt.Fprintf(&b, "\n\t\t|| '%s%s:' || coalesce(to_json(%s)::text, 'null')", sep, name, column(p.ColumnName()))
	}
	b.WriteString("\n\t\t|| '}}')")
	return b.String()
}

// transformSQL is geometry g in crs, in the CRS's axis order.
func transformSQL(g string, crs *geo.CRS) string {
	g = fmt.Sprintf("ST_Transform(%s, %d)", g, crs.EPSG)
	if crs.Swap {
		g = "ST_FlipCoordinates(" + g + ")"
	}
	return g
}

// jsonString quotes a property name as a JSON string.
func jsonString(s string) string {
	b, _ := json.Marshal(s) // a string always marshals
	return string(b)
}

// whereSQL is the filter of q on collection c, adding its values to a.
func whereSQL(c *geo.Collection, q geo.FeatureQuery, a *args, cql CQLOptions) (string, error) {
	var conds []string
	if b := q.BBox; b != nil {
		var boxes []string
		halves := [][4]float64{{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}}
		if b.Min[0] > b.Max[0] { // across the antimeridian
			halves = [][4]float64{{b.Min[0], b.Min[1], 180, b.Max[1]}, {-180, b.Min[1], b.Max[0], b.Max[1]}}
		}
		for _, h := range halves {
			env := fmt.Sprintf("ST_MakeEnvelope(%s::float8, %s::float8, %s::float8, %s::float8, 4326)", a.add(h[0]), a.add(h[1]), a.add(h[2]), a.add(h[3]))
			g := column(c.Table.GeometryColumn)
			if c.Table.SRID == 4326 {
				// ST_Intersects brings its own && for the index. Spelling
				// it out as well made the planner multiply the two
				// selectivities: a box holding 28,088 parcels was
				// estimated at 127, and its page sorted them all.
				boxes = append(boxes, "ST_Intersects("+g+", "+env+")")
			} else {
				// The index prefilters in the table's CRS with the box
				// densified, so that its curved edges are kept; the exact
				// test is in lon/lat.
				boxes = append(boxes, fmt.Sprintf("(%s && ST_Transform(ST_Segmentize(%s, 0.01), %d) AND ST_Intersects(%s, %s))",
					g, env, c.Table.SRID, geometryWGS84(c), env))
			}
		}
		cond := strings.Join(boxes, " OR ")
		if c.GeometryNullable {
			cond = column(c.Table.GeometryColumn) + " IS NULL OR " + cond
		}
		conds = append(conds, "("+cond+")")
	}
	for _, w := range q.Where {
		p, ok := c.Property(w.Property)
		if !ok {
			return "", geo.Errorf(geo.EInvalid, "collection %s has no property %q", c.ID, w.Property)
		}
		col := column(p.ColumnName())
		switch p.Type {
		case geo.TypeStrings:
			conds = append(conds, col+" && "+a.add(pq.StringArray(strings_(w.AnyOf)))+"::text[]")
		case geo.TypeNumber, geo.TypeInteger:
			conds = append(conds, col+" = ANY ("+a.add(pq.Float64Array(floats(w.AnyOf)))+"::float8[])")
		case geo.TypeBoolean:
			conds = append(conds, col+" = ANY ("+a.add(pq.BoolArray(bools(w.AnyOf)))+"::bool[])")
		default:
			if !c.Builtin {
				col += "::text" // a user's column may be varchar, uuid, an enum…
			}
			conds = append(conds, col+" = ANY ("+a.add(pq.StringArray(strings_(w.AnyOf)))+"::text[])")
		}
	}
	if iv := q.Datetime; iv != nil && c.Temporal != "" {
		p, _ := c.Property(c.Temporal)
		col := column(p.ColumnName())
		if iv.Start != nil {
			conds = append(conds, col+" >= "+a.add(*iv.Start)+"::timestamptz")
		}
		if iv.End != nil {
			conds = append(conds, col+" <= "+a.add(*iv.End)+"::timestamptz")
		}
		if iv.Start == nil && iv.End == nil {
			conds = append(conds, col+" IS NOT NULL")
		}
	}
	if q.Filter != nil {
		text, values, err := CQL2Where(q.Filter, c.CQL2Schema(), cqlColumns{c}, len(*a)+1, cql)
		if err != nil {
			return "", geo.Errorf(geo.EInvalid, "filter: %v", err)
		}
		*a = append(*a, values...)
		conds = append(conds, "("+text+")")
	}
	if len(conds) == 0 {
		return "true", nil
	}
	return strings.Join(conds, "\n\tAND "), nil
}

// orderSQL orders by the sort keys, nulls last, then by id. Text compares
// byte by byte (COLLATE "C"), as the embedded store does.
func orderSQL(c *geo.Collection, keys []geo.SortKey) (string, error) {
	var terms []string
	for _, k := range keys {
		expr, _, err := sortKeySQL(c, k)
		if err != nil {
			return "", err
		}
		dir := " ASC"
		if k.Descending {
			dir = " DESC"
		}
		if k.Property == c.IDProperty {
			terms = append(terms, expr+dir)
			continue
		}
		terms = append(terms, expr+dir+" NULLS LAST")
	}
	terms = append(terms, column(c.Table.IDColumn)+idCollation(c))
	return strings.Join(terms, ", "), nil
}

// sortKeySQL is the expression a sort key orders by, and the type a value
// compared with it is cast to (for keyset paging).
func sortKeySQL(c *geo.Collection, k geo.SortKey) (expr, cast string, err error) {
	if k.Property == c.IDProperty {
		return column(c.Table.IDColumn) + idCollation(c), "text", nil
	}
	p, ok := c.Property(k.Property)
	if !ok {
		return "", "", geo.Errorf(geo.EInvalid, "collection %s has no property %q", c.ID, k.Property)
	}
	col := column(p.ColumnName())
	switch p.Type {
	case geo.TypeString:
		if !c.Builtin {
			col += "::text" // a user's string may be a uuid, which has no collation
		}
		return col + ` COLLATE "C"`, "text", nil
	case geo.TypeNumber, geo.TypeInteger:
		return col, "float8", nil
	case geo.TypeBoolean:
		return col, "bool", nil
	}
	return col, "", nil
}

// idCollation orders text ids byte by byte; the built-in slug domain is
// COLLATE "C" already, and numbers need none.
func idCollation(c *geo.Collection) string {
	if c.Builtin || !c.Table.TextID {
		return ""
	}
	return ` COLLATE "C"`
}

func strings_(vs []any) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		if s, ok := v.(string); ok && storable(s) {
			out = append(out, s)
		}
	}
	return out
}

func floats(vs []any) []float64 {
	out := make([]float64, 0, len(vs))
	for _, v := range vs {
		if f, ok := v.(float64); ok {
			out = append(out, f)
		}
	}
	return out
}

func bools(vs []any) []bool {
	out := make([]bool, 0, len(vs))
	for _, v := range vs {
		if b, ok := v.(bool); ok {
			out = append(out, b)
		}
	}
	return out
}

// pageStatement is the SQL of one page of features, built from the
// definition and the query's shape; its values are in args.
type pageStatement struct {
	// page selects the page. Its columns: the count of matches capped at
	// countCap, the id, one column per sort key, and the encoded feature.
	page string
	// count is the capped count alone, for a page past the end, which has
	// no row to carry it; estimate is the planner's view of all matches.
	count, estimate string
	args, countArgs []any
	keys            int // sort key columns
}

// pageSQL selects one page: the inner query finds the page's ids and sort
// keys (on the indexes alone when it can), the outer one encodes only the
// page's rows. The count of matches is capped, so that a page of a million
// matches costs what a page of countCap does; past the cap the store asks
// the planner (estimate); a q.Bulk page has none. With q.After, the page
// starts after that position (keyset paging) instead of at q.Offset.
func pageSQL(c *geo.Collection, q geo.FeatureQuery, cql CQLOptions, countCap int) (pageStatement, error) {
	var a args
	where, err := whereSQL(c, q, &a, cql)
	if err != nil {
		return pageStatement{}, err
	}
	order, err := orderSQL(c, q.SortBy)
	if err != nil {
		return pageStatement{}, err
	}
	st := pageStatement{keys: len(q.SortBy)}
	st.countArgs = slices.Clone(a)
	matches := "SELECT FROM " + table(c.Table) + " x WHERE " + where
	st.estimate = "EXPLAIN (FORMAT JSON) " + matches
	capped := "SELECT count(*) FROM (" + matches + " LIMIT " + strconv.Itoa(countCap+1) + ") n"
	st.count = capped
	pageWhere := where
	if q.After != nil {
		cond, err := keysetSQL(c, q.SortBy, *q.After, &a)
		if err != nil {
			return pageStatement{}, err
		}
		pageWhere = "(" + where + ")\n\tAND " + cond
	}
	id := column(c.Table.IDColumn)
	var inner, outer strings.Builder
	for i, k := range q.SortBy {
		expr, _, err := sortKeySQL(c, k)
		if err != nil {
			return pageStatement{}, err
		}
		fmt.Fprintf(&inner, ", %s AS k%d", expr, i)
		fmt.Fprintf(&outer, ", f.k%d", i)
	}
	limit, offset := a.add(q.Limit), a.add(q.Offset)
	st.args = a
	// A bulk read's pages are not counted: an export has no numberMatched
	// to write, and a count on each of its pages is so much work again.
	count := "(" + capped + ")"
	if q.Bulk {
		count = "0"
	}
	st.page = "SELECT " + count + ", f.id::text" + outer.String() + ",\n\t" + featureSQL(c, q.Properties, q.SkipGeometry, q.CRS) + `
FROM (
	SELECT ` + id + ` AS id` + inner.String() + ` FROM ` + table(c.Table) + ` x
	WHERE ` + pageWhere + `
	ORDER BY ` + order + `
	LIMIT ` + limit + ` OFFSET ` + offset + `
) f JOIN ` + table(c.Table) + ` x ON ` + id + ` = f.id
ORDER BY ` + order
	return st, nil
}

// keysetSQL holds for the rows after position at in the order keys (then
// id): for each key in turn, a row is after when its value comes later, or
// is equal and the rest of the keys decide. Nulls come last whichever the
// direction, as orderSQL puts them.
func keysetSQL(c *geo.Collection, keys []geo.SortKey, at geo.Keyset, a *args) (string, error) {
	if len(at.Values) != len(keys) || !geo.KeysetPageable(c, keys) {
		return "", geo.Errorf(geo.EInvalid, "the cursor does not fit this query's sortby")
	}
	rest := column(c.Table.IDColumn) + idCollation(c) + " > " + a.add(at.ID) + "::text"
	for i := len(keys) - 1; i >= 0; i-- {
		expr, cast, err := sortKeySQL(c, keys[i])
		if err != nil {
			return "", err
		}
		v := at.Values[i]
		if v == nil {
			rest = "(" + expr + " IS NULL AND " + rest + ")"
			continue
		}
		op := " > "
		if keys[i].Descending {
			op = " < "
		}
		p := a.add(v) + "::" + cast
		rest = "(" + expr + op + p + " OR (" + expr + " = " + p + " AND " + rest + ") OR " + expr + " IS NULL)"
	}
	return rest, nil
}

// featureByIDSQL selects one feature by its id ($1), on the primary key
// when the id is text; another type of id is compared as text. Its geometry
// is in crs, transformed by ST_Transform as a page's are.
func featureByIDSQL(c *geo.Collection, crs *geo.CRS) string {
	id := column(c.Table.IDColumn)
	if !c.Builtin && !c.Table.TextID {
		id += "::text"
	}
	return "SELECT " + featureSQL(c, nil, false, crs) + " FROM " + table(c.Table) + " x WHERE " + id + " = $1"
}

// extentSQL is the bounds of the collection's geometries in lon/lat: exact
// bounds from the coordinates, not the float4 boxes the GIST index keeps, so
// that they equal data/memory's; NULLs when it has none.
func extentSQL(c *geo.Collection) string {
	g := geometryWGS84(c)
	return fmt.Sprintf("SELECT min(ST_XMin(%[1]s)), min(ST_YMin(%[1]s)), max(ST_XMax(%[1]s)), max(ST_YMax(%[1]s)) FROM %[2]s x", g, table(c.Table))
}

// cqlColumns gives the CQL2 translator the SQL of each queryable property,
// from the definition: the geometry in lon/lat, as filters give it.
type cqlColumns struct{ c *geo.Collection }

func (cc cqlColumns) Column(name string) (string, bool) {
	if name == geo.GeometryQueryable {
		return geometryWGS84(cc.c), true
	}
	p, ok := cc.c.Property(name)
	if !ok || !p.Queryable || p.Name != name {
		return "", false
	}
	return column(p.ColumnName()), true
}
