package api

import (
	"bytes"
	"encoding/json"

	"github.com/gin-gonic/gin"

	"github.com/parkmap/parkmap/geo"
)

// ordered is a JSON object that keeps its members' order: GIS clients keep
// the order of a schema's properties as their field order, and a map would
// sort them.
type ordered []member

type member struct {
	name  string
	value any
}

// MarshalJSON writes the members in order.
func (o ordered) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		name, err := json.Marshal(m.name)
		if err != nil {
			return nil, err
		}
		value, err := json.Marshal(m.value)
		if err != nil {
			return nil, err
		}
		b.Write(name)
		b.WriteByte(':')
		b.Write(value)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// propertySchema is the JSON Schema of one property, from its definition.
// It has one type, a nullable property saying so in its title: GDAL builds
// its fields from a single "type" and reads a list of types as unknown.
func propertySchema(p geo.Property, valid []string) map[string]any {
	title := p.Title.Bilingual()
	if p.Nullable {
		title += "; null when unknown"
	}
	spec := map[string]any{"title": title, "description": p.Description.Bilingual()}
	switch p.Type {
	case geo.TypeStrings:
		spec["type"] = "array"
		items := map[string]any{"type": "string"}
		if len(valid) > 0 {
			items["enum"] = valid
		}
		spec["items"] = items
	case geo.TypeDate:
		spec["type"], spec["format"] = "string", "date"
	case geo.TypeTimestamp:
		spec["type"], spec["format"] = "string", "date-time"
	default:
		spec["type"] = string(p.Type)
		if len(valid) > 0 {
			spec["enum"] = valid
		}
	}
	if p.Unit != "" {
		spec["x-ogc-unit"] = p.Unit
	}
	return spec
}

// schema serves the JSON Schema of a collection's features, built from its
// definition; GDAL reads it (the describedby link) to type its fields.
func (s *server) schema(c *gin.Context) error {
	def, err := s.findCollection(c)
	if err != nil {
		return err
	}
	props := ordered{}
	for _, p := range def.Properties {
		props = append(props, member{p.Name, propertySchema(p, p.Enum)})
	}
	geometry := map[string]any{"title": "RFC 7946 " + string(def.GeometryType) + " in CRS84"}
	if def.GeometryNullable {
		geometry["title"] = geometry["title"].(string) + "; null for a feature nobody placed"
	}
	return writeJSON(c, contentSchema, map[string]any{
		"$schema":  "https://json-schema.org/draft/2019-09/schema",
		"$id":      s.baseURL(c) + "/api/collections/" + def.ID + "/schema",
		"title":    def.Title.Bilingual(),
		"type":     "object",
		"required": []string{"type", "id", "geometry", "properties"},
		"properties": map[string]any{
			"type":       map[string]any{"type": "string", "enum": []string{"Feature"}},
			"id":         map[string]any{"type": "string"},
			"geometry":   geometry,
			"properties": map[string]any{"type": "object", "properties": props},
		},
	})
}

// queryables serves the properties a filter may name (OGC API - Features
// Part 3), with the valid values of each where they are known: the
// definition's enums, and the segments, stages and county codes the data
// holds. Each may be given as a parameter of the items.
func (s *server) queryables(c *gin.Context) error {
	def, err := s.findCollection(c)
	if err != nil {
		return err
	}
	props := ordered{{"geometry", map[string]any{
		"title":  "Geometry",
		"format": "geometry-" + lowerGeometry(def.GeometryType),
	}}}
	for _, p := range def.Properties {
		if !p.Queryable {
			continue
		}
		valid, err := s.validValues(c, p)
		if err != nil {
			return err
		}
		props = append(props, member{p.Name, propertySchema(p, valid)})
	}
	return writeJSON(c, contentSchema, map[string]any{
		"$schema":              "https://json-schema.org/draft/2020-12/schema",
		"$id":                  s.baseURL(c) + "/api/collections/" + def.ID + "/queryables",
		"title":                def.Title.Bilingual(),
		"type":                 "object",
		"properties":           props,
		"additionalProperties": false,
	})
}

// lowerGeometry names a geometry type as the queryables' formats do
// (geometry-multipolygon, geometry-any).
func lowerGeometry(t geo.GeometryType) string {
	switch t {
	case geo.GeometryAny, "":
		return "any"
	case geo.GeometryMultiLine:
		return "multilinestring"
	}
	b := []byte(t)
	for i, ch := range b {
		if 'A' <= ch && ch <= 'Z' {
			b[i] = ch + 'a' - 'A'
		}
	}
	return string(b)
}
