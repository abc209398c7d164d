package geo

import (
	"time"

	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/geo/cql2"
)

// GeometryQueryable is the name a CQL2 filter gives a feature's geometry,
// as the queryables list it.
const GeometryQueryable = "geometry"

// CQL2Schema returns the collection's queryable properties as the CQL2
// type checker sees them, the geometry among them.
func (c *Collection) CQL2Schema() cql2.Schema { return cqlSchema{c} }

type cqlSchema struct{ c *Collection }

func (s cqlSchema) Property(name string) (cql2.Type, bool) {
	if name == GeometryQueryable {
		return cql2.TypeGeometry, true
	}
	p, ok := s.c.Property(name)
	if !ok || !p.Queryable || p.Name != name {
		return 0, false
	}
	switch p.Type {
	case TypeNumber:
		return cql2.TypeNumber, true
	case TypeInteger:
		return cql2.TypeInteger, true
	case TypeBoolean:
		return cql2.TypeBoolean, true
	case TypeStrings:
		return cql2.TypeStringArray, true
	case TypeDate:
		return cql2.TypeDate, true
	case TypeTimestamp:
		return cql2.TypeTimestamp, true
	}
	return cql2.TypeString, true
}

func (s cqlSchema) Names() []string {
	return append([]string{GeometryQueryable}, s.c.Queryables()...)
}

// CQL2Record is a record as the CQL2 evaluator reads it: dates and
// timestamps, held as text, become times.
func (c *Collection) CQL2Record(r *Record) cql2.Record { return cqlRecord{c, r} }

type cqlRecord struct {
	c *Collection
	r *Record
}

func (cr cqlRecord) Value(name string) any {
	if name == GeometryQueryable {
		if cr.r.Geometry == nil {
			return nil
		}
		return cr.r.Geometry
	}
	i := cr.c.Index(name)
	if i < 0 {
		return nil
	}
	v := cr.r.Values[i]
	if s, ok := v.(string); ok {
		switch cr.c.Properties[i].Type {
		case TypeDate:
			if t, err := time.Parse(time.DateOnly, s); err == nil {
				return t
			}
		case TypeTimestamp:
			if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
				return t
			}
		}
	}
	return v
}

func (cr cqlRecord) Geometry() orb.Geometry { return cr.r.Geometry }
