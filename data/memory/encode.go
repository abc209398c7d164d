package memory

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/parkmap/parkmap/geo"
)

// encodeFeature encodes a record as an RFC 7946 Feature, its properties in
// the definition's order (GIS clients keep it as the field order). keep
// selects the properties to write, nil for all; data/postgis builds the
// same object in SQL, and the contract suite holds the two equal.
func encodeFeature(c *geo.Collection, r geo.Record, keep []string, skipGeometry bool) (json.RawMessage, error) {
	var b bytes.Buffer
	b.WriteString(`{"type":"Feature","id":`)
	id, err := json.Marshal(r.ID)
	if err != nil {
		return nil, err
	}
	b.Write(id)
	b.WriteString(`,"geometry":`)
	if r.Geometry == nil || skipGeometry {
		b.WriteString("null")
	} else {
		g, err := json.Marshal(geojson.NewGeometry(orb.Round(orb.Clone(r.Geometry), 1e7)))
		if err != nil {
			return nil, fmt.Errorf("feature %s: geometry: %w", r.ID, err)
		}
		b.Write(g)
	}
	b.WriteString(`,"properties":{`)
	n := 0
	for i, p := range c.Properties {
		if keep != nil && !slices.Contains(keep, p.Name) {
			continue
		}
		if n > 0 {
			b.WriteByte(',')
		}
		n++
		name, _ := json.Marshal(p.Name)
		b.Write(name)
		b.WriteByte(':')
		if err := encodeValue(&b, r.Values[i]); err != nil {
			return nil, fmt.Errorf("feature %s: %s: %w", r.ID, p.Name, err)
		}
	}
	b.WriteString("}}")
	return b.Bytes(), nil
}

// encodeValue writes one property value. Numbers are written as the
// shortest text that reads back the same, as PostgreSQL writes float8.
func encodeValue(b *bytes.Buffer, v any) error {
	switch v := v.(type) {
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			b.WriteString("null")
			return nil
		}
		b.WriteString(strconv.FormatFloat(v, 'f', -1, 64))
		return nil
	case []string:
		if v == nil {
			b.WriteString("[]")
			return nil
		}
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	b.Write(raw)
	return nil
}
