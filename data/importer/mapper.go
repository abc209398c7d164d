package importer

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/geo"
)

// Row is a feature mapped to a collection's definition.
type Row struct {
	N int // the feature's number (or CSV line) in the file
	geo.Record
	// Sources are the source ids a built-in feature cites; the store turns
	// them into Citations, the values of its derived "sources" property.
	Sources, Citations []string
}

// Domains are the valid values the data knows, by name: the geo.Domain
// names (segments, stages, counties) and the references a built-in row
// makes (chains, parks, sources). A name absent is not checked.
type Domains map[string][]string

// The references of the built-in collections beyond geo's domains.
const (
	DomainChains  = "chains"
	DomainParks   = "parks"
	DomainSources = "sources"
)

// Mapping says how a file's fields become a collection's properties.
type Mapping struct {
	// Rename maps a file's field to a property (--map old=new).
	Rename  map[string]string
	Domains Domains
}

// ParseRename reads --map values, "old=new" each.
func ParseRename(pairs []string) (map[string]string, error) {
	out := map[string]string{}
	for _, p := range pairs {
		old, new, ok := strings.Cut(p, "=")
		old, new = strings.TrimSpace(old), strings.TrimSpace(new)
		if !ok || old == "" || new == "" {
			return nil, fmt.Errorf("--map %q: want old=new, a field of the file and a property", p)
		}
		if _, dup := out[old]; dup {
			return nil, fmt.Errorf("--map %s is given twice", old)
		}
		out[old] = new
	}
	return out, nil
}

// Map maps every feature of f to a row of c, collecting every problem with
// its feature number and field; the rows are complete only when the
// returned Problems are empty. Notes say what was ignored.
func Map(c *geo.Collection, f *File, m Mapping) ([]Row, []string, Problems) {
	mp := newMapper(c, m)
	var problems Problems
	notes := mp.resolve(f)
	for name, target := range m.Rename {
		if !mp.readable(target) {
			problems.Add(0, name, "--map %s=%s: %s has no property %s to read; the properties are %s",
				name, target, c.ID, target, strings.Join(mp.names(), ", "))
		}
	}
	rows := make([]Row, 0, len(f.Features))
	firstN := map[string]int{}
	unit := "feature"
	if f.Lines {
		unit = "line"
	}
	for _, ft := range f.Features {
		row, ps := mp.row(ft)
		problems = append(problems, ps...)
		if row.ID != "" {
			if n, dup := firstN[row.ID]; dup {
				problems.Add(ft.N, c.IDProperty, "duplicate id %q (also %s %d)", row.ID, unit, n)
			} else {
				firstN[row.ID] = ft.N
			}
		}
		rows = append(rows, row)
	}
	if f.Lines {
		problems = problems.Lines()
	}
	return rows, notes, problems
}

type mapper struct {
	c      *geo.Collection
	m      Mapping
	idRe   *regexp.Regexp
	field  map[string]string // property (or id) → the file's field
	domain map[string]map[string]bool
}

func newMapper(c *geo.Collection, m Mapping) *mapper {
	mp := &mapper{c: c, m: m, field: map[string]string{}, domain: map[string]map[string]bool{}}
	if c.IDPattern != "" {
		mp.idRe = regexp.MustCompile(c.IDPattern)
	}
	for name, vals := range m.Domains {
		set := make(map[string]bool, len(vals))
		for _, v := range vals {
			set[v] = true
		}
		mp.domain[name] = set
	}
	return mp
}

// readable reports whether name is read from files: the id, a property not
// derived, and a built-in's sources (ids, from which citations derive).
func (mp *mapper) readable(name string) bool {
	if name == mp.c.IDProperty {
		return true
	}
	p, ok := mp.c.Property(name)
	return ok && p.Name == name && (!p.Derived || mp.c.Builtin && name == "sources")
}

func (mp *mapper) names() []string {
	out := []string{}
	if mp.c.Index(mp.c.IDProperty) < 0 {
		out = append(out, mp.c.IDProperty)
	}
	for _, p := range mp.c.Properties {
		if mp.readable(p.Name) {
			out = append(out, p.Name)
		}
	}
	return out
}

// resolve decides which field of the file feeds which property: --map
// first, then the same name, then the same name in another case
// (Shapefile fields are often upper case).
func (mp *mapper) resolve(f *File) []string {
	seen := map[string]bool{}
	var fields []string
	for _, ft := range f.Features {
		for k := range ft.Fields {
			if !seen[k] {
				seen[k] = true
				fields = append(fields, k)
			}
		}
	}
	sort.Strings(fields)
	var notes []string
	for _, k := range fields {
		if target, renamed := mp.m.Rename[k]; renamed && mp.readable(target) {
			mp.field[target] = k
		}
	}
	for _, k := range fields {
		if _, renamed := mp.m.Rename[k]; !renamed && mp.readable(k) && mp.field[k] == "" {
			mp.field[k] = k
		}
	}
	for _, k := range fields {
		if _, renamed := mp.m.Rename[k]; renamed || mp.readable(k) {
			continue
		}
		used := false
		for _, name := range mp.names() {
			if strings.EqualFold(k, name) && mp.field[name] == "" {
				mp.field[name], used = k, true
				break
			}
		}
		if used {
			continue
		}
		if p, ok := mp.c.Property(k); ok && p.Derived {
			notes = append(notes, fmt.Sprintf("field %s is computed by parkmap; the file's values are ignored", k))
		} else {
			notes = append(notes, fmt.Sprintf("field %s is not a property of %s; ignored (--map %s=PROPERTY to read it)", k, mp.c.ID, k))
		}
	}
	return notes
}

func (mp *mapper) row(ft Feature) (Row, Problems) {
	var ps Problems
	c := mp.c
	row := Row{N: ft.N, Record: geo.Record{Values: make([]any, len(c.Properties))}}
	// The id: the feature's own, else its id field.
	id := ft.ID
	if k, ok := mp.field[c.IDProperty]; ok && ft.Fields[k] != nil && (id == nil || c.Index(c.IDProperty) >= 0) {
		id = ft.Fields[k]
	}
	switch s, err := text(id); {
	case err != nil:
		ps.Add(ft.N, c.IDProperty, "id %v", err)
	case strings.TrimSpace(s) == "":
		ps.Add(ft.N, c.IDProperty, "no id: every feature needs one (a feature id, or a field %s; --map FIELD=%s)", c.IDProperty, c.IDProperty)
	case mp.idRe != nil && !mp.idRe.MatchString(s):
		ps.Add(ft.N, c.IDProperty, "id %q: an id is letters, digits, '_', '.', '~' and '-', starting with a letter or digit, at most 200", s)
	default:
		row.ID = s
	}
	row.Geometry = mp.geometry(ft, &ps)
	for i, p := range c.Properties {
		if !mp.readable(p.Name) {
			continue
		}
		field := mp.field[p.Name]
		var raw any
		present := false
		if field != "" {
			raw, present = ft.Fields[field]
		}
		if p.Name == c.IDProperty && !present {
			raw = row.ID
		}
		if field == "" {
			field = p.Name
		}
		v, err := convert(p, raw)
		if err != nil {
			ps.Add(ft.N, field, "%v", err)
			continue
		}
		if v == nil {
			missing, ok := p.Missing()
			if !ok {
				ps.Add(ft.N, field, "missing: %s needs a %s value", p.Name, p.Type)
				continue
			}
			v = missing
		}
		if err := mp.check(p, v); err != nil {
			ps.Add(ft.N, field, "%v", err)
			continue
		}
		if p.Name == "sources" && c.Builtin {
			row.Sources, _ = v.([]string)
			if len(row.Sources) == 0 {
				ps.Add(ft.N, field, "no sources: every feature cites at least one source id")
			}
			continue
		}
		row.Values[i] = v
	}
	// A project's point is its zone's position (the schema checks it too).
	if c.ID == geo.CollectionProjects && row.Geometry != nil && c.Value(row.Record, "park") == nil {
		ps.Add(ft.N, "park", "a project with a geometry names its zone (park)")
	}
	return row, ps
}

// referenceDomain is the domain a property's values must be drawn from.
func (mp *mapper) referenceDomain(p geo.Property) string {
	switch {
	case p.Name == mp.c.IDProperty:
		return "" // a new feature's id is new
	case p.Domain != "":
		return string(p.Domain)
	case mp.c.Builtin && p.Name == "chain":
		return DomainChains
	case mp.c.Builtin && p.Name == "park":
		return DomainParks
	case mp.c.Builtin && p.Name == "sources":
		return DomainSources
	}
	return ""
}

// check tests a value against the property's enum and domain.
func (mp *mapper) check(p geo.Property, v any) error {
	var vals []string
	switch v := v.(type) {
	case string:
		vals = []string{v}
	case []string:
		vals = v
	}
	for i, s := range vals {
		if slices.Contains(vals[:i], s) {
			return fmt.Errorf("%q is listed twice", s)
		}
		if p.Enum != nil && !slices.Contains(p.Enum, s) {
			return fmt.Errorf("%q is not one of %s", s, strings.Join(p.Enum, ", "))
		}
		d := mp.referenceDomain(p)
		if set, ok := mp.domain[d]; ok && !set[s] {
			return fmt.Errorf("%q is not one of the %s in the database", s, d)
		}
	}
	return nil
}

// geometry checks a feature's geometry against the collection's type, a
// Polygon becoming a MultiPolygon and a one-point MultiPoint a Point.
func (mp *mapper) geometry(ft Feature, ps *Problems) orb.Geometry {
	c := mp.c
	g := ft.Geometry
	if g == nil {
		if !c.GeometryNullable {
			ps.Add(ft.N, "geometry", "no geometry: every %s feature has a %s", c.ID, c.GeometryType)
		}
		return nil
	}
	switch want := c.GeometryType; {
	case want == geo.GeometryAny:
	case want == geo.GeometryMultiPolygon:
		if p, ok := g.(orb.Polygon); ok {
			g = orb.MultiPolygon{p}
		}
	case want == geo.GeometryPoint:
		if m, ok := g.(orb.MultiPoint); ok && len(m) == 1 {
			g = m[0]
		}
	case want == geo.GeometryPolygon:
		if m, ok := g.(orb.MultiPolygon); ok && len(m) == 1 {
			g = m[0]
		}
	case want == geo.GeometryMultiLine:
		if l, ok := g.(orb.LineString); ok {
			g = orb.MultiLineString{l}
		}
	case want == geo.GeometryMultiPoint:
		if p, ok := g.(orb.Point); ok {
			g = orb.MultiPoint{p}
		}
	}
	if c.GeometryType != geo.GeometryAny && g.GeoJSONType() != string(c.GeometryType) {
		ps.Add(ft.N, "geometry", "geometry is a %s; %s holds %ss", g.GeoJSONType(), c.ID, c.GeometryType)
		return nil
	}
	if empty(g) {
		ps.Add(ft.N, "geometry", "the %s is empty", g.GeoJSONType())
		return nil
	}
	if msg := badCoordinates(g); msg != "" {
		ps.Add(ft.N, "geometry", "%s", msg)
		return nil
	}
	var polys orb.MultiPolygon
	switch g := g.(type) {
	case orb.Polygon:
		polys = orb.MultiPolygon{g}
	case orb.MultiPolygon:
		polys = g
	}
	for _, poly := range polys {
		for j, r := range poly {
			if len(r) < 4 {
				ps.Add(ft.N, "geometry", "a ring has %d points; a ring needs at least 4 (closed)", len(r))
				return nil
			}
			if r[0] != r[len(r)-1] {
				ps.Add(ft.N, "geometry", "ring %d is not closed: its first and last points differ", j+1)
				return nil
			}
		}
	}
	return g
}

func empty(g orb.Geometry) bool {
	n := 0
	points(g, func(orb.Point) { n++ })
	return n == 0
}

// points calls f with every point of g.
func points(g orb.Geometry, f func(orb.Point)) {
	switch g := g.(type) {
	case orb.Point:
		f(g)
	case orb.MultiPoint:
		for _, p := range g {
			f(p)
		}
	case orb.LineString:
		points(orb.MultiPoint(g), f)
	case orb.Ring:
		points(orb.MultiPoint(g), f)
	case orb.MultiLineString:
		for _, l := range g {
			points(orb.MultiPoint(l), f)
		}
	case orb.Polygon:
		for _, r := range g {
			points(orb.MultiPoint(r), f)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			points(p, f)
		}
	case orb.Collection:
		for _, x := range g {
			points(x, f)
		}
	case orb.Bound:
		f(g.Min)
		f(g.Max)
	}
}

// badCoordinates says what is wrong with a coordinate that is not a finite
// number; a range is checked by the store, in the file's CRS or after it.
func badCoordinates(g orb.Geometry) string {
	bad := false
	points(g, func(p orb.Point) {
		bad = bad || math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0)
	})
	if bad {
		return "a coordinate is not a finite number"
	}
	return ""
}

// convert turns a file's value into the property's type: nil, a string, a
// float64, a bool, a []string or a time.Time. An empty text is null.
func convert(p geo.Property, raw any) (any, error) {
	// An empty text is null (a CSV file's empty cell), except for a text
	// property that is never null, where it is the empty text.
	if s, ok := raw.(string); ok && strings.TrimSpace(s) == "" && (p.Type != geo.TypeString || p.Nullable) {
		raw = nil
	}
	if raw == nil {
		return nil, nil
	}
	switch p.Type {
	case geo.TypeString:
		return text(raw)
	case geo.TypeNumber, geo.TypeInteger:
		var f float64
		switch v := raw.(type) {
		case float64:
			f = v
		case int64:
			f = float64(v)
		case string:
			var err error
			if f, err = strconv.ParseFloat(strings.TrimSpace(v), 64); err != nil {
				return nil, fmt.Errorf("%q is not a number", v)
			}
		default:
			return nil, fmt.Errorf("%s is not a number", describe(raw))
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("%v is not a finite number", f)
		}
		if p.Type == geo.TypeInteger && f != math.Trunc(f) {
			return nil, fmt.Errorf("%v is not a whole number", f)
		}
		if err := p.CheckMinimum(f); err != nil {
			return nil, err
		}
		return f, nil
	case geo.TypeBoolean:
		switch v := raw.(type) {
		case bool:
			return v, nil
		case int64:
			if v == 0 || v == 1 {
				return v == 1, nil
			}
		case float64:
			if v == 0 || v == 1 {
				return v == 1, nil
			}
		case string:
			switch strings.ToLower(strings.TrimSpace(v)) {
			case "true", "t", "yes", "y", "1", "是":
				return true, nil
			case "false", "f", "no", "n", "0", "否":
				return false, nil
			}
		}
		return nil, fmt.Errorf("%s is not true or false", describe(raw))
	case geo.TypeStrings:
		return list(raw)
	case geo.TypeDate, geo.TypeTimestamp:
		s, ok := raw.(string)
		if !ok {
			return nil, fmt.Errorf("%s is not a date", describe(raw))
		}
		s = strings.TrimSpace(s)
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02", "2006/01/02"} {
			if t, err := time.Parse(layout, s); err == nil {
				return t.UTC(), nil
			}
		}
		return nil, fmt.Errorf("%q is not a date (2006-01-02) or time (RFC 3339)", s)
	}
	return nil, fmt.Errorf("property type %s is not read from files", p.Type)
}

// gdalList is how GDAL writes a list into a text field of a format that
// has no lists (GeoPackage, Shapefile): "(2:cathode,anode)".
var gdalList = regexp.MustCompile(`^\((\d+):(.*)\)$`)

// list reads a list property: a JSON array in GeoJSON; in CSV, GeoPackage
// and Shapefile fields JSON text, GDAL's "(n:a,b)", or values separated by
// ";" (or "," when there is no ";"), trimmed.
func list(raw any) ([]string, error) {
	switch v := raw.(type) {
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			s, err := text(x)
			if err != nil || x == nil {
				return nil, fmt.Errorf("list holds %s; want texts", describe(x))
			}
			out = append(out, s)
		}
		return out, nil
	case string:
		s := strings.TrimSpace(v)
		if strings.HasPrefix(s, "[") {
			var out []string
			if err := json.Unmarshal([]byte(s), &out); err != nil {
				return nil, fmt.Errorf("%q is not a JSON list of texts", s)
			}
			return out, nil
		}
		if m := gdalList.FindStringSubmatch(s); m != nil {
			s = m[2]
		}
		sep := ";"
		if !strings.Contains(s, ";") {
			sep = ","
		}
		out := []string{}
		for part := range strings.SplitSeq(s, sep) {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
		return out, nil
	case float64, int64:
		s, _ := text(v)
		return []string{s}, nil
	}
	return nil, fmt.Errorf("%s is not a list", describe(raw))
}

// text is a value as text: numbers as written (a county code 530402 read
// as a number from a spreadsheet stays 530402).
func text(raw any) (string, error) {
	switch v := raw.(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case json.Number:
		return v.String(), nil
	}
	return "", fmt.Errorf("%s is not a text", describe(raw))
}

func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return fmt.Sprintf("a boolean (%v)", v)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	case string:
		return strconv.Quote(v)
	}
	return fmt.Sprint(v)
}
