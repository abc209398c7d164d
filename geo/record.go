package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// Record is one feature of a collection as values: the form in which the
// embedded store holds, filters and encodes features, and in which derived
// properties are computed before either store writes them.
type Record struct {
	ID       string
	Geometry orb.Geometry // nil for a feature nobody placed
	// Values line up with the collection's Properties. Each is nil (null),
	// a string, a float64, a bool, a []string or a time.Time.
	Values []any
}

// Row lines up named values with the collection's properties; a property
// missing from values is null.
func (c *Collection) Row(id string, g orb.Geometry, values map[string]any) Record {
	r := Record{ID: id, Geometry: g, Values: make([]any, len(c.Properties))}
	for i, p := range c.Properties {
		r.Values[i] = values[p.Name]
	}
	return r
}

// Value returns the record's value of the named property, nil when the
// collection has no such property.
func (c *Collection) Value(r Record, name string) any {
	if i := c.Index(name); i >= 0 && i < len(r.Values) {
		return r.Values[i]
	}
	return nil
}

// Citer turns source ids into the citations a reader can follow.
type Citer func(ids []string) []string

// NewCiter cites from the sources; an unknown id is cited as itself.
func NewCiter(sources []Source) Citer {
	byID := make(map[string]Source, len(sources))
	for _, s := range sources {
		byID[s.ID] = s
	}
	return func(ids []string) []string {
		out := make([]string, 0, len(ids))
		for _, id := range ids {
			if s, ok := byID[id]; ok {
				out = append(out, s.Citation())
			} else {
				out = append(out, id)
			}
		}
		return out
	}
}

// ParkRecord is a zone as a record of Parks, its stages taken from its
// chain (nil: none known), its area computed from its geometry.
func ParkRecord(p Park, chain *Chain, cite Citer) Record {
	stages := []string{}
	if chain != nil {
		stages = chain.StagesOf(p.Segments)
	}
	return Parks.Row(p.ID, p.Geometry, map[string]any{
		"name_zh": p.NameZH, "name_en": p.NameEN, "county_code": p.CountyCode, "status": string(p.Status),
		"chain": p.Chain, "segments": nonNilStrings(p.Segments), "stages": stages,
		"area_ha": Round(p.AreaHa(), 1), "planned_area_km2": optional(p.PlannedAreaKM2),
		"geometry_accuracy": string(p.Accuracy), "note_zh": p.NoteZH, "note_en": p.NoteEN,
		"sources": cite(p.Sources),
	})
}

// ProjectRecord is a project as a record of Projects; one nobody placed
// has no geometry and no accuracy.
func ProjectRecord(p Project, cite Citer) Record {
	var g orb.Geometry
	var accuracy any
	if p.Location != nil {
		g, accuracy = *p.Location, string(p.Accuracy)
	}
	return Projects.Row(p.ID, g, map[string]any{
		"enterprise_zh": p.EnterpriseZH, "enterprise_en": p.EnterpriseEN, "chain": p.Chain,
		"segments": nonNilStrings(p.Segments), "park": nullIfEmpty(p.Park), "county_code": nullIfEmpty(p.CountyCode),
		"capacity_zh": p.CapacityZH, "capacity_en": p.CapacityEN, "investment_yi_cny": optional(p.InvestmentYi),
		"geometry_accuracy": accuracy, "note_zh": p.NoteZH, "note_en": p.NoteEN, "sources": cite(p.Sources),
	})
}

// CountyRecord is a county as a record of Counties.
func CountyRecord(c County, cite Citer) Record {
	return Counties.Row(c.Code, c.Geometry, map[string]any{
		"code": c.Code, "name_zh": c.NameZH, "name_en": c.NameEN,
		"area_km2": Round(c.AreaKM2(), 1), "sources": cite(c.Sources),
	})
}

// Round rounds x to the decimals, as the stores publish measures.
func Round(x float64, decimals int) float64 {
	k := math.Pow10(decimals)
	return math.Round(x*k) / k
}

func optional(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// ParcelRecord is a parcel as a record of Parcels from the values a data
// file gives (its properties, sources as ids), its area computed from its
// geometry and its sources cited.
func ParcelRecord(id string, g orb.Polygon, values map[string]any, cite Citer) Record {
	v := make(map[string]any, len(values)+2)
	for k, x := range values {
		v[k] = x
	}
	v["area_ha"] = Round(Area(g)/1e4, 4)
	ids, _ := values["sources"].([]string)
	v["sources"] = cite(ids)
	return Parcels.Row(id, g, v)
}
