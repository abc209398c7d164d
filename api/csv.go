package api

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb/encoding/wkt"
	"github.com/paulmach/orb/geojson"

	"github.com/parkmap/parkmap/geo"
)

// writeCSV writes a page of features as CSV, its columns from the
// collection's definition: id, the properties asked for, and the geometry
// as WKT (in CRS84) last. Lists are joined with ";". UTF-8 with a
// byte-order mark, so that Excel opens Chinese names rightly.
func writeCSV(c *gin.Context, def *geo.Collection, q geo.FeatureQuery, features []json.RawMessage) error {
	var columns []string
	for _, p := range def.Properties {
		if q.Properties == nil || slices.Contains(q.Properties, p.Name) {
			columns = append(columns, p.Name)
		}
	}
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	header := append([]string{def.IDProperty}, columns...)
	if !q.SkipGeometry {
		header = append(header, "geometry_wkt")
	}
	if err := w.Write(header); err != nil {
		return err
	}
	for _, raw := range features {
		var f struct {
			ID         string                     `json:"id"`
			Geometry   json.RawMessage            `json:"geometry"`
			Properties map[string]json.RawMessage `json:"properties"`
		}
		if err := json.Unmarshal(raw, &f); err != nil {
			return err
		}
		row := []string{f.ID}
		for _, name := range columns {
			row = append(row, csvValue(f.Properties[name]))
		}
		if !q.SkipGeometry {
			cell := ""
			if len(f.Geometry) > 0 && string(f.Geometry) != "null" {
				g, err := geojson.UnmarshalGeometry(f.Geometry)
				if err != nil {
					return err
				}
				cell = wkt.MarshalString(g.Geometry())
			}
			row = append(row, cell)
		}
		if err := w.Write(row); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	c.Header("Content-Disposition", `attachment; filename="`+def.ID+`.csv"`)
	writeBody(c, contentCSV+"; charset=utf-8", buf.Bytes(), nil)
	return nil
}

// csvValue is a JSON value as a CSV cell: text as it is, null as empty, a
// list joined with ";", a number as JSON writes it.
func csvValue(raw json.RawMessage) string {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil || v == nil {
		return ""
	}
	switch v := v.(type) {
	case string:
		return v
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			b, _ := json.Marshal(e)
			if s, ok := e.(string); ok {
				parts[i] = s
			} else {
				parts[i] = string(b)
			}
		}
		return strings.Join(parts, ";")
	}
	return string(raw)
}
