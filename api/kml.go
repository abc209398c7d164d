package api

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"strings"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-kml/v3"

	"github.com/parkmap/parkmap/geo"
)

// KML for Google Earth and 奥维互动地图 (Ovital Map), whose users in China
// read the names in Chinese: each placemark is named by the feature's
// Chinese name, and its properties are typed SchemaData whose fields show
// their Chinese titles (displayName), which GDAL's LIBKML driver reads
// back as typed fields. The document is written one placemark at a time
// through github.com/twpayne/go-kml's elements, so that an export of the
// whole collection is never held in memory. encoding/xml escapes the text
// and replaces what XML cannot hold (control characters) with U+FFFD.

// kmlNames are the properties that name a placemark, first found first;
// the feature's id when none is there.
var kmlNames = []string{"name_zh", "name", "title", "name_en"}

// writeKML writes features as a KML 2.2 document: a schema, then a folder
// named after the collection holding a placemark for each feature.
func writeKML(w io.Writer, def *geo.Collection, q geo.FeatureQuery, features *featureStream) error {
	columns := exportColumns(def, q)
	idField := def.Index(def.IDProperty) < 0
	schema := kml.Schema(def.ID).WithName(def.ID)
	if idField {
		schema.Append(kml.SimpleField(def.IDProperty, "string", kml.DisplayName("编号 id")))
	}
	for _, p := range columns {
		schema.Append(kml.SimpleField(p.Name, kmlType(p.Type), kml.DisplayName(displayName(p))))
	}
	if _, err := io.WriteString(w, xml.Header+`<kml xmlns="`+kml.Namespace+`"><Document>`); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	for _, e := range []kml.Element{
		kml.Name(def.Title.ZH + " · " + def.Title.EN),
		kml.Description(def.Description.ZH + "\n" + def.Description.EN),
		schema,
	} {
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	if _, err := io.WriteString(w, "<Folder><name>"+xmlText(def.ID)+"</name>"); err != nil {
		return err
	}
	err := features.each(func(raw json.RawMessage) error {
		f, err := readExportFeature(raw)
		if err != nil {
			return err
		}
		data := kml.SchemaData(schema.URL())
		if idField {
			data.Append(kml.SimpleData(def.IDProperty, f.ID))
		}
		for _, p := range columns {
			v, ok := kmlValue(p, f.Properties[p.Name])
			if ok {
				data.Append(kml.SimpleData(p.Name, v))
			}
		}
		pm := kml.Placemark(kml.Name(placemarkName(f)), kml.ExtendedData(data))
		if g := kmlGeometry(f.Geometry); g != nil && !q.SkipGeometry {
			pm.Append(g)
		}
		return enc.Encode(pm)
	})
	if err != nil {
		return err
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	_, err = io.WriteString(w, "</Folder></Document></kml>\n")
	return err
}

// xmlText escapes text for an element's content.
func xmlText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// displayName is a property's name as Google Earth's balloon shows it:
// its Chinese title with the field's name.
func displayName(p geo.Property) string {
	if p.Title.ZH == "" {
		return p.Name
	}
	return p.Title.ZH + " " + p.Name
}

// kmlType is the SimpleField type of a property.
func kmlType(t geo.Type) string {
	switch t {
	case geo.TypeNumber:
		return "double"
	case geo.TypeInteger:
		return "int"
	case geo.TypeBoolean:
		return "bool"
	}
	return "string"
}

// kmlValue is a property's value as SimpleData text, as csvValue writes it
// (a list joined with ";"), a boolean as 1 or 0, which xsd:boolean allows
// and GDAL reads (it takes "true" for 0); ok is false for null, which is
// left out.
func kmlValue(p geo.Property, raw json.RawMessage) (string, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", false
	}
	if p.Type == geo.TypeBoolean {
		switch string(raw) {
		case "true":
			return "1", true
		case "false":
			return "0", true
		}
	}
	return csvValue(raw), true
}

// placemarkName is the feature's Chinese name, else another name, else its
// id.
func placemarkName(f exportFeature) string {
	for _, name := range kmlNames {
		if s := jsonText(f.Properties[name]); s != "" {
			return s
		}
	}
	return f.ID
}

// kmlGeometry is a geometry as a KML element, nil for none.
func kmlGeometry(g orb.Geometry) kml.Element {
	coords := func(ps []orb.Point) kml.CoordinatesElement {
		out := make([]kml.Coordinate, len(ps))
		for i, p := range ps {
			out[i] = kml.Coordinate{Lon: p[0], Lat: p[1]}
		}
		return kml.Coordinates(out...)
	}
	polygon := func(p orb.Polygon) kml.Element {
		if len(p) == 0 {
			return kml.Polygon()
		}
		e := kml.Polygon(kml.OuterBoundaryIs(kml.LinearRing(coords(p[0]))))
		for _, r := range p[1:] {
			e.Append(kml.InnerBoundaryIs(kml.LinearRing(coords(r))))
		}
		return e
	}
	switch g := g.(type) {
	case orb.Point:
		return kml.Point(coords([]orb.Point{g}))
	case orb.LineString:
		return kml.LineString(coords(g))
	case orb.Polygon:
		return polygon(g)
	case orb.MultiPoint:
		m := kml.MultiGeometry()
		for _, p := range g {
			m.Append(kml.Point(coords([]orb.Point{p})))
		}
		return m
	case orb.MultiLineString:
		m := kml.MultiGeometry()
		for _, l := range g {
			m.Append(kml.LineString(coords(l)))
		}
		return m
	case orb.MultiPolygon:
		m := kml.MultiGeometry()
		for _, p := range g {
			m.Append(polygon(p))
		}
		return m
	case orb.Collection:
		m := kml.MultiGeometry()
		for _, h := range g {
			if e := kmlGeometry(h); e != nil {
				m.Append(e)
			}
		}
		return m
	}
	return nil
}
