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
	return encodeFeatureWith(c, r, keep, skipGeometry, nil)
}

// encodeFeatureWith is encodeFeature with the geometry, when not nil,
// given already encoded (storedGeometry): a page that keeps some
// properties need not write the coordinates again.
func encodeFeatureWith(c *geo.Collection, r geo.Record, keep []string, skipGeometry bool, geometry []byte) (json.RawMessage, error) {
	// Sized to the feature at hand and returned at that size: the store
	// keeps every encoded feature, so a doubling buffer's spare capacity
	// would be held for each one.
	var b bytes.Buffer
	b.Grow(128 + 32*len(c.Properties) + geometrySize(r.Geometry))
	b.WriteString(`{"type":"Feature","id":`)
	id, err := json.Marshal(r.ID)
	if err != nil {
		return nil, err
	}
	b.Write(id)
	b.WriteString(`,"geometry":`)
	if geometry != nil && !skipGeometry {
		b.Write(geometry)
	} else if r.Geometry == nil || skipGeometry {
		b.WriteString("null")
	} else if poly, ok := r.Geometry.(orb.Polygon); ok && finite(poly) {
		b.Write(appendPolygon(b.AvailableBuffer(), poly))
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
	return slices.Clip(b.Bytes()), nil
}

// storedGeometry returns the geometry of a feature as encodeFeature wrote
// it, the bytes between its "geometry" and "properties" members, or nil.
// Neither member's name can occur unescaped before its place: all that
// precedes them is the type and the id, a JSON value whose inner quotes
// are escaped, and a geometry holds no "properties".
func storedGeometry(f []byte) []byte {
	const from, to = `,"geometry":`, `,"properties":{`
	start := bytes.Index(f, []byte(from))
	if start < 0 {
		return nil
	}
	start += len(from)
	end := bytes.Index(f[start:], []byte(to))
	if end < 0 {
		return nil
	}
	return f[start : start+end]
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

// geometrySize guesses the bytes a geometry encodes to: about 24 a point.
func geometrySize(g orb.Geometry) int {
	if g == nil {
		return 4
	}
	switch g := g.(type) {
	case orb.Polygon:
		n := 0
		for _, r := range g {
			n += len(r)
		}
		return 40 + 24*n
	}
	return 256
}

// appendPolygon writes a Polygon as json.Marshal(geojson.NewGeometry(
// orb.Round(p, 1e7))) does, the general path in encodeFeature, without
// cloning it or going through reflection: every parcel is a Polygon, and
// a million of them are encoded at start.
func appendPolygon(b []byte, p orb.Polygon) []byte {
	b = append(b, `{"type":"Polygon","coordinates":[`...)
	for i, r := range p {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		for j, pt := range r {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, '[')
			b = appendJSONFloat(b, math.Round(pt[0]*1e7)/1e7)
			b = append(b, ',')
			b = appendJSONFloat(b, math.Round(pt[1]*1e7)/1e7)
			b = append(b, ']')
		}
		b = append(b, ']')
	}
	return append(b, "]}"...)
}

// finite reports whether every coordinate is a number JSON can hold; the
// general path reports the others as an error.
func finite(p orb.Polygon) bool {
	for _, r := range p {
		for _, pt := range r {
			if math.IsNaN(pt[0]) || math.IsInf(pt[0], 0) || math.IsNaN(pt[1]) || math.IsInf(pt[1], 0) {
				return false
			}
		}
	}
	return true
}

// appendJSONFloat writes a finite float64 as encoding/json does.
func appendJSONFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9, as encoding/json does
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}
