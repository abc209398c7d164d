package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/paulmach/orb/geojson"
)

// ReadGeoJSON reads a FeatureCollection (or a single Feature). Each feature
// is decoded on its own, so that a broken one is named by its number and
// the others still read. An old-style "crs" member (GDAL writes one for a
// projected layer) gives the SRID.
func ReadGeoJSON(raw []byte) (*File, error) {
	raw = bytes.TrimPrefix(raw, utf8BOM)
	var doc struct {
		Type     string            `json:"type"`
		Features []json.RawMessage `json:"features"`
		CRS      *struct {
			Properties struct {
				Name string `json:"name"`
			} `json:"properties"`
		} `json:"crs"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("not GeoJSON: %s", jsonError(raw, err))
	}
	f := &File{}
	if doc.CRS != nil {
		srid, err := ParseCRS(doc.CRS.Properties.Name)
		if err != nil {
			return nil, fmt.Errorf("crs member: %w", err)
		}
		f.SRID = srid
	}
	switch doc.Type {
	case "FeatureCollection":
	case "Feature":
		doc.Features = []json.RawMessage{raw}
	default:
		return nil, fmt.Errorf("GeoJSON of type %q; want a FeatureCollection or a Feature", doc.Type)
	}
	var problems Problems
	for i, r := range doc.Features {
		ft, err := decodeFeature(i+1, r)
		if err != nil {
			problems.Add(i+1, "", "%v", err)
			continue
		}
		f.Features = append(f.Features, ft)
	}
	return f, problems.Err()
}

// ReadGeoJSONSeq reads GeoJSON text sequences (RFC 8142: each feature
// after an RS character), and newline-delimited GeoJSON, which ogr2ogr
// also writes.
func ReadGeoJSONSeq(raw []byte) (*File, error) {
	raw = bytes.TrimPrefix(raw, utf8BOM)
	f := &File{}
	var problems Problems
	n := 0
	for line := range bytes.Lines(raw) {
		for part := range bytes.SplitSeq(line, []byte{0x1e}) {
			part = bytes.TrimSpace(part)
			if len(part) == 0 {
				continue
			}
			n++
			ft, err := decodeFeature(n, part)
			if err != nil {
				problems.Add(n, "", "%v", err)
				continue
			}
			f.Features = append(f.Features, ft)
		}
	}
	return f, problems.Err()
}

// decodeFeature decodes one GeoJSON feature; a feature whose geometry
// orb cannot read is an error naming what is wrong.
func decodeFeature(n int, raw []byte) (Feature, error) {
	var head struct {
		Type       string          `json:"type"`
		ID         any             `json:"id"`
		Properties json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return Feature{}, errors.New(jsonError(raw, err))
	}
	if head.Type != "Feature" {
		return Feature{}, fmt.Errorf("type %q; want Feature", head.Type)
	}
	ft := Feature{N: n, ID: head.ID, Fields: map[string]any{}}
	// Properties are decoded with numbers kept as they are written, so
	// that a county code 530402 stays 530402 rather than 530402.0.
	if len(head.Properties) > 0 && !bytes.Equal(bytes.TrimSpace(head.Properties), []byte("null")) {
		d := json.NewDecoder(bytes.NewReader(head.Properties))
		d.UseNumber()
		if err := d.Decode(&ft.Fields); err != nil {
			return Feature{}, errors.New("properties: not a JSON object")
		}
	}
	gf, err := geojson.UnmarshalFeature(raw)
	if err != nil {
		return Feature{}, fmt.Errorf("geometry: %v", strings.TrimPrefix(err.Error(), "json: "))
	}
	if gf.Geometry != nil {
		ft.Geometry = gf.Geometry
	}
	for k, v := range ft.Fields {
		ft.Fields[k] = fromJSONNumber(v)
	}
	return ft, nil
}

// fromJSONNumber turns json.Number into an int64 or a float64, within lists too.
func fromJSONNumber(v any) any {
	switch v := v.(type) {
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return i
		}
		f, _ := v.Float64()
		return f
	case []any:
		for i := range v {
			v[i] = fromJSONNumber(v[i])
		}
	}
	return v
}

// jsonError says where in raw a JSON error is, by line.
func jsonError(raw []byte, err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		if se.Offset >= int64(len(raw)) {
			return "the JSON ends early (truncated?)"
		}
		line := 1 + bytes.Count(raw[:se.Offset], []byte("\n"))
		return fmt.Sprintf("line %d: %v", line, se)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("%s is a JSON %s, not a %s", te.Field, te.Value, te.Type)
	}
	return err.Error()
}

var utf8BOM = []byte{0xef, 0xbb, 0xbf}
