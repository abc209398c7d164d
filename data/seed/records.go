package seed

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/parkmap/parkmap/geo"
)

// FileParcels holds a dataset's land parcels; a folder may have none.
const FileParcels = "parcels.geojson"

// decodeValues reads a feature's properties by the collection's definition:
// every property a file gives (all but the derived ones), converted to its
// type and checked against its nullability and enum, and the sources as
// ids. Other keys are ignored: a file may carry fields of its own.
func decodeValues(def *geo.Collection, f *geojson.Feature) (map[string]any, error) {
	out := map[string]any{}
	var problems []error
	for _, p := range def.Properties {
		if p.Derived {
			continue
		}
		v, err := typedValue(p, f.Properties[p.Name])
		if err != nil {
			problems = append(problems, fmt.Errorf("%s: %w", p.Name, err))
			continue
		}
		out[p.Name] = v
	}
	ids, err := typedValue(geo.Property{Name: "sources", Type: geo.TypeStrings}, f.Properties["sources"])
	if err != nil {
		problems = append(problems, fmt.Errorf("sources: %w", err))
	}
	out["sources"] = ids
	return out, errors.Join(problems...)
}

// typedValue converts a decoded JSON value to the property's type.
func typedValue(p geo.Property, v any) (any, error) {
	if v == nil {
		if v, ok := p.Missing(); ok {
			return v, nil
		}
		return nil, fmt.Errorf("is missing or null, and is required")
	}
	switch p.Type {
	case geo.TypeString:
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("want text, got %v", v)
		}
		if len(p.Enum) > 0 && !slices.Contains(p.Enum, s) {
			return nil, fmt.Errorf("%q is not one of %v", s, p.Enum)
		}
		if err := noNUL(s); err != nil {
			return nil, err
		}
		return s, nil
	case geo.TypeNumber, geo.TypeInteger:
		f, ok := v.(float64)
		if !ok || math.IsNaN(f) || math.IsInf(f, 0) || p.Type == geo.TypeInteger && f != math.Trunc(f) {
			return nil, fmt.Errorf("want a %s, got %v", p.Type, v)
		}
		if err := p.CheckMinimum(f); err != nil {
			return nil, err
		}
		return f, nil
	case geo.TypeBoolean:
		b, ok := v.(bool)
		if !ok {
			return nil, fmt.Errorf("want true or false, got %v", v)
		}
		return b, nil
	case geo.TypeStrings:
		list, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("want a list of text, got %v", v)
		}
		out := make([]string, 0, len(list))
		for _, e := range list {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("want a list of text, got an item %v", e)
			}
			if err := noNUL(s); err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		return out, nil
	case geo.TypeDate, geo.TypeTimestamp:
		s, ok := v.(string)
		layout := time.DateOnly
		if p.Type == geo.TypeTimestamp {
			layout = time.RFC3339
		}
		if _, err := time.Parse(layout, s); !ok || err != nil {
			return nil, fmt.Errorf("want a %s (%s), got %v", p.Type, layout, v)
		}
		return s, nil
	}
	return nil, fmt.Errorf("has type %s, which a data file cannot give", p.Type)
}

// loadParcels reads the folder's parcels, when it has them, by their
// definition: every problem of every parcel is reported at once.
func (d *Dataset) loadParcels(fsys fs.FS) error {
	raw, err := fs.ReadFile(fsys, FileParcels)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", FileParcels, err)
	}
	features, err := featureTexts(raw)
	if err != nil {
		// the whole file through orb, for the very error it gives
		if _, err := geojson.UnmarshalFeatureCollection(raw); err != nil {
			return fmt.Errorf("%s: %w", FileParcels, err)
		}
		return fmt.Errorf("%s: %w", FileParcels, err)
	}
	cite := geo.NewCiter(d.Sources)
	d.Parcels = make([]geo.Record, 0, len(features))
	d.parcelSources = make([][]string, 0, len(features))
	var problems []error
	for i, text := range features {
		// One feature decoded at a time, and dropped once it is a record:
		// a million decoded at once held gigabytes.
		f, err := geojson.UnmarshalFeature(text)
		if err != nil {
			return fmt.Errorf("%s: %w", FileParcels, err)
		}
		id, err := featureID(f)
		if err != nil {
			problems = append(problems, featureError(FileParcels, i, f.ID, err))
			continue
		}
		values, err := decodeValues(geo.Parcels, f)
		if err != nil {
			problems = append(problems, featureError(FileParcels, i, id, err))
			continue
		}
		var poly orb.Polygon
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			poly = g
		case orb.MultiPolygon:
			if len(g) == 1 {
				poly = g[0]
			}
		}
		if poly == nil {
			problems = append(problems, featureError(FileParcels, i, id, fmt.Errorf("geometry: %s", wantPolygon(f.Geometry))))
			continue
		}
		mp := orb.MultiPolygon{poly}
		geo.Orient(mp)
		d.Parcels = append(d.Parcels, geo.ParcelRecord(id, mp[0], values, cite))
		d.parcelSources = append(d.parcelSources, values["sources"].([]string))
		if len(problems) > 100 {
			break
		}
	}
	return errors.Join(problems...)
}

// featureText is one feature's text within a collection's, not copied.
type featureText []byte

// UnmarshalJSON keeps data, a part of the text being decoded, which the
// caller holds for as long as the feature texts.
func (f *featureText) UnmarshalJSON(data []byte) error {
	*f = data
	return nil
}

// MarshalJSON writes the text back as it was.
func (f featureText) MarshalJSON() ([]byte, error) { return f, nil }

// featureTexts splits a FeatureCollection's text into its features' texts,
// as orb's geojson.UnmarshalFeatureCollection reads it: its other members
// go through orb itself. It fails where orb might give another error than
// one feature's own, for the caller to ask orb which: a "features" that is
// not a list, or a null feature.
func featureTexts(raw []byte) ([]featureText, error) {
	var members map[string]featureText
	if err := json.Unmarshal(raw, &members); err != nil {
		return nil, err
	}
	var features []featureText
	if text, ok := members["features"]; ok {
		if err := json.Unmarshal(text, &features); err != nil {
			return nil, err
		}
		members["features"] = featureText("[]")
	}
	for _, f := range features {
		if bytes.Equal(f, []byte("null")) {
			return nil, errors.New("a feature is null")
		}
	}
	rest, err := json.Marshal(members)
	if err != nil {
		return nil, err
	}
	if _, err := geojson.UnmarshalFeatureCollection(rest); err != nil {
		return nil, err
	}
	return features, nil
}

// checkParcels resolves each parcel's zone, segment and sources.
func (d *Dataset) checkParcels() error {
	zones := map[string]*geo.Park{}
	for i := range d.Parks {
		zones[d.Parks[i].ID] = &d.Parks[i]
	}
	sources := map[string]bool{}
	for _, s := range d.Sources {
		sources[s.ID] = true
	}
	seen := map[string]bool{}
	var problems []error
	for i, r := range d.Parcels {
		// check runs only on a folder that loaded whole, so the i-th
		// parcel is the file's i-th feature.
		what := fmt.Sprintf("%s: feature %d (%s)", FileParcels, i+1, r.ID)
		if _, err := checkID("id", r.ID); err != nil {
			problems = append(problems, fmt.Errorf("%s: %w", what, err))
		}
		if seen[r.ID] {
			problems = append(problems, fmt.Errorf("%s: id: %q is used twice", what, r.ID))
		}
		seen[r.ID] = true
		zone, ok := zones[geo.Parcels.Value(r, "park").(string)]
		if !ok {
			problems = append(problems, fmt.Errorf("%s: park: unknown zone %q", what, geo.Parcels.Value(r, "park")))
		} else if seg, ok := geo.Parcels.Value(r, "segment").(string); ok {
			if c, found := d.Chain(zone.Chain); !found || !hasSegment(c, seg) {
				problems = append(problems, fmt.Errorf("%s: segment: %q is not in its zone's chain", what, seg))
			}
		}
		if len(d.parcelSources[i]) == 0 {
			problems = append(problems, fmt.Errorf("%s: sources: cites no source", what))
		}
		for _, id := range d.parcelSources[i] {
			if !sources[id] {
				problems = append(problems, fmt.Errorf("%s: sources: cites unknown source %q", what, id))
			}
		}
		if err := geo.Validate(orb.MultiPolygon{r.Geometry.(orb.Polygon)}); err != nil {
			problems = append(problems, fmt.Errorf("%s: geometry: %w", what, err))
		}
		if len(problems) > 100 {
			break
		}
	}
	return errors.Join(problems...)
}

// wantPolygon says what a parcel's geometry is instead of a Polygon.
func wantPolygon(g orb.Geometry) string {
	switch g := g.(type) {
	case nil:
		return "is missing"
	case orb.MultiPolygon:
		return fmt.Sprintf("is a MultiPolygon of %d polygons, want Polygon", len(g))
	default:
		return fmt.Sprintf("is %s, want Polygon", g.GeoJSONType())
	}
}

func hasSegment(c *geo.Chain, slug string) bool {
	_, ok := c.Segment(slug)
	return ok
}

// ParcelSources returns the source ids the i-th parcel cites, as its file gave them.
func (d *Dataset) ParcelSources(i int) []string { return d.parcelSources[i] }

// AddParcel appends a parcel read from elsewhere (a database) with the
// source ids it cites, as a parcels file would have given them.
func (d *Dataset) AddParcel(r geo.Record, sources []string) {
	d.Parcels = append(d.Parcels, r)
	d.parcelSources = append(d.parcelSources, sources)
}

// text, list and number read the values decodeValues gave, by property
// name: "" for a null text, an empty list, nil for a null number.
func text(v map[string]any, name string) string {
	s, _ := v[name].(string)
	return s
}

func list(v map[string]any, name string) []string {
	if l, ok := v[name].([]string); ok {
		return l
	}
	return []string{}
}

func number(v map[string]any, name string) *float64 {
	if f, ok := v[name].(float64); ok {
		return &f
	}
	return nil
}
