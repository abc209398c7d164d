package geo

import (
	"fmt"
	"slices"
	"strings"
)

// Text is a text in the two languages parkmap speaks.
type Text struct {
	ZH string `json:"zh"`
	EN string `json:"en"`
}

// Bilingual renders the text as "English · 中文", or whichever is given.
func (t Text) Bilingual() string {
	switch {
	case t.ZH == "" || t.ZH == t.EN:
		return t.EN
	case t.EN == "":
		return t.ZH
	}
	return t.EN + " · " + t.ZH
}

// Type is the type of a property's values.
type Type string

// The property types. A Strings property holds a list of strings (a zone's
// segments); Date and Timestamp hold RFC 3339 text.
const (
	TypeString    Type = "string"
	TypeNumber    Type = "number"
	TypeInteger   Type = "integer"
	TypeBoolean   Type = "boolean"
	TypeStrings   Type = "strings"
	TypeDate      Type = "date"
	TypeTimestamp Type = "timestamp"
)

// Domain names a list of valid values that lives in the data rather than in
// the definition: the chains' segments and stages, the counties' codes.
type Domain string

// The domains a property's values may be drawn from.
const (
	DomainSegments Domain = "segments"
	DomainStages   Domain = "stages"
	DomainCounties Domain = "counties"
)

// Property is one property of a collection's features.
type Property struct {
	Name        string
	Type        Type
	Nullable    bool     // null when unknown; otherwise always present
	Unit        string   // "ha", "km²", "亿元"; "" for none
	Enum        []string // the valid values when the definition knows them
	Domain      Domain   // the valid values when the data knows them
	Title       Text
	Description Text
	Queryable   bool // offered by /queryables and as a filter parameter
	Sortable    bool // accepted by sortby
	// Param is a short filter parameter the map uses (segment for segments);
	// the property's own name is always accepted too.
	Param string
	// Column holds the values where the rows live; "" means Name.
	Column string
	// Derived properties are computed when the data is written (a zone's
	// area from its geometry, its stages from its segments, citations
	// from source ids) and are not read from a data file.
	Derived bool
	// Required properties must be given by a data file; see Missing.
	Required bool
	// Minimum, when set, bounds a number from below, as the database's
	// CHECK does; ExclusiveMinimum leaves the bound itself out (an area
	// is above 0, an investment at least 0).
	Minimum          *float64
	ExclusiveMinimum bool
}

// Missing returns the value a property takes when a data file leaves it
// out: null when it is nullable, empty text or an empty list when it is
// not required; ok is false when the file must give it.
func (p Property) Missing() (v any, ok bool) {
	switch {
	case p.Nullable:
		return nil, true
	case p.Required:
		return nil, false
	case p.Type == TypeString:
		return "", true
	case p.Type == TypeStrings:
		return []string{}, true
	}
	return nil, false
}

// CheckMinimum reports a number below the property's Minimum (or at it,
// when ExclusiveMinimum), in words for a data file's problem list.
func (p Property) CheckMinimum(f float64) error {
	switch m := p.Minimum; {
	case m == nil:
		return nil
	case p.ExclusiveMinimum && f <= *m:
		return fmt.Errorf("%g is not above %g", f, *m)
	case f < *m:
		return fmt.Errorf("%g is below %g", f, *m)
	}
	return nil
}

// ColumnName returns the column that holds the property's values.
func (p Property) ColumnName() string {
	if p.Column != "" {
		return p.Column
	}
	return p.Name
}

// GeometryType is the GeoJSON type of a collection's geometries; Geometry
// means any.
type GeometryType string

// The geometry types a collection may declare.
const (
	GeometryPoint        GeometryType = "Point"
	GeometryLineString   GeometryType = "LineString"
	GeometryPolygon      GeometryType = "Polygon"
	GeometryMultiPoint   GeometryType = "MultiPoint"
	GeometryMultiLine    GeometryType = "MultiLineString"
	GeometryMultiPolygon GeometryType = "MultiPolygon"
	GeometryAny          GeometryType = "Geometry"
)

// Table says where a collection's rows live in PostGIS. Identifiers here
// are the only ones the SQL builder writes: they come from a definition,
// never from a request.
type Table struct {
	Schema         string // "" for the search path
	Name           string
	IDColumn       string
	GeometryColumn string
	SRID           int  // of the geometry column; other than 4326 is transformed on the way out
	TextID         bool // the id column is text, so that it is compared as it is (on its index)
}

// Collection is the one definition of a feature collection, from which
// everything else is derived: the stores' encoding, filtering and SQL, the
// JSON Schema, the queryables, the OpenAPI document, CSV columns and the
// data file reader.
type Collection struct {
	ID           string
	Title        Text
	Description  Text
	GeometryType GeometryType
	// GeometryNullable: features may have no geometry (an unplaced project).
	GeometryNullable bool
	// IDProperty names the feature id; IDPattern is the regular expression
	// an id matches (ids are slugs for the built-in collections).
	IDProperty string
	IDPattern  string
	Properties []Property
	// Temporal names the property that dates a feature, "" for none.
	Temporal string
	Table    Table
	// Builtin collections are parkmap's own, seeded from data folders;
	// others are a user's tables published with serve --collections.
	Builtin bool
}

// Property returns the property with the name or the param alias.
func (c *Collection) Property(name string) (Property, bool) {
	for _, p := range c.Properties {
		if p.Name == name || p.Param != "" && p.Param == name {
			return p, true
		}
	}
	return Property{}, false
}

// Index returns the position of the property with the name, or -1.
func (c *Collection) Index(name string) int {
	return slices.IndexFunc(c.Properties, func(p Property) bool { return p.Name == name })
}

// Names returns the names of the properties for which keep is true.
func (c *Collection) Names(keep func(Property) bool) []string {
	var out []string
	for _, p := range c.Properties {
		if keep == nil || keep(p) {
			out = append(out, p.Name)
		}
	}
	return out
}

// Queryables returns the names of the properties a filter may name.
func (c *Collection) Queryables() []string {
	return c.Names(func(p Property) bool { return p.Queryable })
}

// Sortables returns the names of the properties sortby accepts; the id is
// always sortable.
func (c *Collection) Sortables() []string {
	return append([]string{c.IDProperty}, c.Names(func(p Property) bool { return p.Sortable && p.Name != c.IDProperty })...)
}

// Catalog is the set of collections a server publishes, in order.
type Catalog []*Collection

// Find returns the collection with the id.
func (cat Catalog) Find(id string) (*Collection, bool) {
	for _, c := range cat {
		if c.ID == id {
			return c, true
		}
	}
	return nil, false
}

// IDs returns the collections' ids in order.
func (cat Catalog) IDs() []string {
	out := make([]string, len(cat))
	for i, c := range cat {
		out[i] = c.ID
	}
	return out
}

// NotFound is the error for an unknown collection, naming the known ones.
func (cat Catalog) NotFound(id string) error {
	return Errorf(ENotFound, "no collection %q; the collections are %s", id, strings.Join(cat.IDs(), ", "))
}
