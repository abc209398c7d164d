package api

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"

	"github.com/paulmach/orb/encoding/wkt"

	"github.com/parkmap/parkmap/geo"
)

// writeCSV writes features as CSV, its columns from the collection's
// definition: id, the properties asked for, and the geometry as WKT (in
// the response's CRS) last. Lists are joined with ";". UTF-8 with a
// byte-order mark, so that Excel opens Chinese names rightly.
func writeCSV(out io.Writer, def *geo.Collection, q geo.FeatureQuery, features *featureStream) error {
	columns := exportColumns(def, q)
	if _, err := io.WriteString(out, "\uFEFF"); err != nil {
		return err
	}
	w := csv.NewWriter(out)
	// The id has a column of its own unless a property holds it (a
	// county's code): a second column of the same name confuses readers.
	idColumn := def.Index(def.IDProperty) < 0
	var header []string
	if idColumn {
		header = append(header, def.IDProperty)
	}
	for _, p := range columns {
		header = append(header, p.Name)
	}
	if !q.SkipGeometry {
		header = append(header, "geometry_wkt")
	}
	if err := w.Write(header); err != nil {
		return err
	}
	err := features.each(func(raw json.RawMessage) error {
		f, err := readExportFeature(raw)
		if err != nil {
			return err
		}
		var row []string
		if idColumn {
			row = append(row, f.ID)
		}
		for _, p := range columns {
			row = append(row, csvValue(f.Properties[p.Name]))
		}
		if !q.SkipGeometry {
			cell := ""
			if f.Geometry != nil {
				cell = wkt.MarshalString(f.Geometry)
			}
			row = append(row, cell)
		}
		return w.Write(row)
	})
	if err != nil {
		return err
	}
	w.Flush()
	return w.Error()
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
