package api

import (
	"encoding/json"

	"github.com/gin-gonic/gin"
)

const contentSchema = "application/schema+json"

// property is one feature property in a collection's schema.
type property struct {
	name, kind, title string // kind: string, number, integer, strings (an array of strings)
	nullable          bool
}

// collectionProperties describes each collection's feature properties, so
// that GIS clients (GDAL reads the "describedby" schema) type fields
// rightly: area_ha is a real even when a page holds only whole hectares.
// A test holds it equal to what the stores serve.
var collectionProperties = map[string][]property{
	"parks": {
		{"name_zh", "string", "Name (Chinese)", false},
		{"name_en", "string", "Name (English)", false},
		{"county_code", "string", "County code", false},
		{"status", "string", "operating, planned or reserved", false},
		{"chain", "string", "The chain the zone is allocated to", false},
		{"segments", "strings", "Segments hosted, by slug", false},
		{"stages", "strings", "Stages of those segments, in chain order", false},
		{"area_ha", "number", "Geodesic area of the drawn boundary, ha", false},
		{"planned_area_km2", "number", "Official planned area, km², when published", true},
		{"geometry_accuracy", "string", "surveyed, digitized or schematic", false},
		{"note_zh", "string", "Note (Chinese)", false},
		{"note_en", "string", "Note (English)", false},
		{"sources", "strings", "Sources, as citations", false},
	},
	"projects": {
		{"enterprise_zh", "string", "Enterprise (Chinese)", false},
		{"enterprise_en", "string", "Enterprise (English)", false},
		{"chain", "string", "Chain", false},
		{"segments", "strings", "Segments, by slug", false},
		{"park", "string", "Zone id, when a source names it", true},
		{"county_code", "string", "County code, when known", true},
		{"capacity_zh", "string", "Capacity (Chinese)", false},
		{"capacity_en", "string", "Capacity (English)", false},
		{"investment_yi_cny", "number", "Total investment, 亿元 (100 million CNY)", true},
		{"geometry_accuracy", "string", "How far the point can be trusted", true},
		{"note_zh", "string", "Note (Chinese)", false},
		{"note_en", "string", "Note (English)", false},
		{"sources", "strings", "Sources, as citations", false},
	},
	"counties": {
		{"code", "string", "Administrative code", false},
		{"name_zh", "string", "Name (Chinese)", false},
		{"name_en", "string", "Name (English)", false},
		{"area_km2", "number", "Geodesic area, km²", false},
		{"sources", "strings", "Sources, as citations", false},
	},
}

// schema serves the JSON Schema of a collection's features. Each property
// has one type, a nullable one saying so in its title: GDAL builds its
// fields from a single "type" and reads a list of types as unknown.
func (s *server) schema(c *gin.Context) error {
	info, err := s.findCollection(c)
	if err != nil {
		return err
	}
	// Properties are listed in their declared order, which GIS clients keep
	// as the field order: a map would sort them.
	props := []byte{'{'}
	for i, p := range collectionProperties[info.ID] {
		var t any
		switch p.kind {
		case "strings":
			t = "array"
		default:
			t = p.kind
		}
		title := p.title
		if p.nullable {
			title += "; null when unknown"
		}
		spec := map[string]any{"title": title, "type": t}
		if p.kind == "strings" {
			spec["items"] = map[string]any{"type": "string"}
		}
		name, _ := json.Marshal(p.name)
		raw, err := json.Marshal(spec)
		if err != nil {
			return err
		}
		if i > 0 {
			props = append(props, ',')
		}
		props = append(append(append(props, name...), ':'), raw...)
	}
	props = append(props, '}')
	return writeJSON(c, contentSchema, map[string]any{
		"$schema":  "https://json-schema.org/draft/2019-09/schema",
		"$id":      s.baseURL(c) + "/api/collections/" + info.ID + "/schema",
		"title":    info.Title,
		"type":     "object",
		"required": []string{"type", "id", "geometry", "properties"},
		"properties": map[string]any{
			"type":       map[string]any{"type": "string", "enum": []string{"Feature"}},
			"id":         map[string]any{"type": "string"},
			"geometry":   map[string]any{"title": "RFC 7946 geometry in CRS84; null for a feature nobody placed"},
			"properties": map[string]any{"type": "object", "properties": json.RawMessage(props)},
		},
	})
}
