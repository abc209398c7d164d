package seed

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/parkmap/parkmap/geo"
)

var update = flag.Bool("update", false, "rewrite docs/data-format.md's generated tables and docs/schema/ from the definitions")

const docsDir = "../../docs"

// TestDataFormatDoc holds docs/data-format.md's property tables and the
// JSON Schemas in docs/schema/ to the collections' definitions: change a
// definition and this fails until "go test ./data/seed -update" rewrites
// them (and the change is reviewed).
func TestDataFormatDoc(t *testing.T) {
	path := filepath.Join(docsDir, "data-format.md")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	for _, c := range fileCollections() {
		begin, end := fmt.Sprintf("<!-- properties:%s -->\n", c.ID), "<!-- end -->\n"
		i := strings.Index(doc, begin)
		if i < 0 {
			t.Errorf("%s has no %q", path, strings.TrimSpace(begin))
			continue
		}
		i += len(begin)
		j := strings.Index(doc[i:], end)
		if j < 0 {
			t.Fatalf("%s: %s's table has no end", path, c.ID)
		}
		if got, want := doc[i:i+j], propertyTable(c); got != want {
			if *update {
				doc = doc[:i] + want + doc[i+j:]
				continue
			}
			t.Errorf("%s: %s's table disagrees with geo's definition (-want +got):\n%s", path, c.ID, cmp.Diff(want, got))
		}
	}
	if *update {
		if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, schema := range schemas() {
		want, err := json.MarshalIndent(schema, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, '\n')
		path := filepath.Join(docsDir, "schema", name)
		if *update {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%v (go test ./data/seed -update writes it)", err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s disagrees with the definitions (-want +got):\n%s", path, cmp.Diff(string(want), string(got)))
		}
	}
}

// TestSchemaIDPattern keeps the schemas' id syntax the one the loader checks.
func TestSchemaIDPattern(t *testing.T) {
	re := regexp.MustCompile(idPattern.String())
	for _, id := range []string{"a", "QJ_01", "dateline~e", "p.300", strings.Repeat("a", 200)} {
		if !re.MatchString(id) {
			t.Errorf("%q is refused, want it taken", id)
		}
	}
	for _, id := range []string{"", "-a", "a b", "a/b", "玉溪", strings.Repeat("a", 201)} {
		if re.MatchString(id) {
			t.Errorf("%q is taken, want it refused", id)
		}
	}
}

// fileCollections are the collections a data folder's GeoJSON files hold.
func fileCollections() []*geo.Collection { return geo.Builtin() }

var collectionFiles = map[string]string{
	geo.Parks.ID: FileParks, geo.Projects.ID: FileProjects, geo.Counties.ID: FileCounties, geo.Parcels.ID: FileParcels,
}

// propertyTable is the Markdown table of the properties a file gives.
func propertyTable(c *geo.Collection) string {
	var b strings.Builder
	b.WriteString("| property | type | required | values | meaning |\n|---|---|---|---|---|\n")
	for _, p := range c.Properties {
		if p.Derived && p.Name != "sources" {
			continue
		}
		typ, required, values := string(p.Type), "yes", ""
		switch {
		case p.Name == "sources":
			typ, values = "list of text", "ids from `sources.json`; at least one"
		case p.Type == geo.TypeStrings:
			typ, required = "list of text", "no (`[]` when missing)"
		case p.Nullable:
			required = "no (`null` when unknown)"
		}
		switch {
		case len(p.Enum) > 0:
			values = "one of `" + strings.Join(p.Enum, "`, `") + "`"
		case p.Domain == geo.DomainSegments && p.Type == geo.TypeString:
			values = "a segment slug of its zone's chain (`chains.json`)"
		case p.Domain == geo.DomainSegments:
			values = "segment slugs of its chain (`chains.json`)"
		case p.Domain == geo.DomainCounties && p.Name != "code":
			values = "a county's `code` (`counties.geojson`)"
		case p.Name == "chain":
			values = "a chain's slug (`chains.json`)"
		case p.Name == "park":
			values = "a zone's id (`parks.geojson`)"
		}
		if m := p.Minimum; m != nil && p.ExclusiveMinimum {
			values = strings.TrimPrefix(fmt.Sprintf("%s; above %g", values, *m), "; ")
		} else if m != nil {
			values = strings.TrimPrefix(fmt.Sprintf("%s; at least %g", values, *m), "; ")
		}
		if p.Unit != "" {
			values = strings.TrimPrefix(values+"; in "+p.Unit, "; ")
		}
		desc := p.Description
		if p.Name == "sources" { // served as citations, given as ids
			desc = geo.Text{ZH: "所依据的公开来源。", EN: "The public sources it rests on."}
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s %s |\n", p.Name, typ, required, values, desc.EN, desc.ZH)
	}
	return b.String()
}

// schemas are the JSON Schemas (draft 2020-12) of a data folder's files, by file name.
func schemas() map[string]any {
	const draft = "https://json-schema.org/draft/2020-12/schema"
	id := map[string]any{"type": "string", "pattern": idPattern.String()}
	out := map[string]any{}
	for _, c := range fileCollections() {
		props := map[string]any{}
		var required []string
		for _, p := range c.Properties {
			if p.Derived && p.Name != "sources" {
				continue
			}
			if p.Name == "sources" {
				props["sources"] = map[string]any{"description": "Ids of sources.json's entries; at least one.", "type": "array", "items": id, "minItems": 1}
				required = append(required, "sources")
				continue
			}
			props[p.Name] = propertySchema(p)
			if !p.Nullable && p.Type != geo.TypeStrings {
				required = append(required, p.Name)
			}
		}
		geometry := map[string]any{"type": "object", "required": []string{"type", "coordinates"},
			"properties": map[string]any{"type": map[string]any{"enum": geometryTypes(c)}}}
		feature := map[string]any{
			"type":     "object",
			"required": []string{"type", "properties", "geometry"},
			"properties": map[string]any{
				"type":       map[string]any{"const": "Feature"},
				"id":         id,
				"properties": map[string]any{"type": "object", "required": required, "properties": props},
				"geometry":   geometry,
			},
		}
		if c.GeometryNullable {
			feature["properties"].(map[string]any)["geometry"] = map[string]any{"oneOf": []any{geometry, map[string]any{"type": "null"}}}
		}
		if c.IDProperty == "id" {
			feature["required"] = []string{"type", "id", "properties", "geometry"}
		}
		out[collectionFiles[c.ID]+".schema.json"] = map[string]any{
			"$schema":     draft,
			"title":       collectionFiles[c.ID] + ": " + c.Title.EN + " · " + c.Title.ZH,
			"description": c.Description.EN + " " + c.Description.ZH,
			"type":        "object",
			"required":    []string{"type", "features"},
			"properties": map[string]any{
				"type":        map[string]any{"const": "FeatureCollection"},
				"attribution": map[string]any{"type": "string"},
				"features":    map[string]any{"type": "array", "items": feature},
			},
		}
	}
	text := map[string]any{"type": "string", "minLength": 1}
	out[FileSources+".schema.json"] = map[string]any{
		"$schema": draft, "title": "sources.json: the public sources every feature cites", "type": "object", "required": []string{"sources"},
		"properties": map[string]any{"sources": map[string]any{"type": "array", "items": map[string]any{
			"type": "object", "required": []string{"id", "title", "publisher"},
			"properties": map[string]any{"id": id, "title": text, "publisher": text,
				"date": map[string]any{"type": "string", "pattern": `^[0-9]{4}(-[0-9]{2}){0,2}$`},
				"url":  map[string]any{"type": "string", "format": "uri"}, "note": map[string]any{"type": "string"}},
		}}},
	}
	slug := func(extra map[string]any, required ...string) map[string]any {
		props := map[string]any{"slug": id, "name_zh": text, "name_en": text}
		for k, v := range extra {
			props[k] = v
		}
		return map[string]any{"type": "object", "required": append([]string{"slug", "name_zh", "name_en"}, required...), "properties": props}
	}
	out[FileChains+".schema.json"] = map[string]any{
		"$schema": draft, "title": "chains.json: the industrial chains, their stages, segments and material flows", "type": "object", "required": []string{"chains"},
		"properties": map[string]any{"chains": map[string]any{"type": "array", "items": slug(map[string]any{
			"stages":   map[string]any{"type": "array", "items": slug(map[string]any{"order": map[string]any{"type": "integer"}}, "order")},
			"segments": map[string]any{"type": "array", "items": slug(map[string]any{"stage": id}, "stage")},
			"flows": map[string]any{"type": "array", "items": map[string]any{"type": "object", "required": []string{"from", "to"},
				"properties": map[string]any{"from": id, "to": id}}},
			"sources": map[string]any{"type": "array", "items": id, "minItems": 1},
		}, "sources")}},
	}
	degrees := map[string]any{"type": "number", "minimum": -180, "maximum": 180}
	out[FileCity+".schema.json"] = map[string]any{
		"$schema": draft, "title": "city.json: the city a data folder covers (optional)", "type": "object",
		"required": []string{"name", "extent", "default_chain"},
		"properties": map[string]any{
			"name": map[string]any{"type": "object", "required": []string{"zh", "en"}, "properties": map[string]any{"zh": text, "en": text}},
			"extent": map[string]any{"description": "west, south, east, north in degrees (WGS 84)", "type": "array",
				"minItems": 4, "maxItems": 4, "items": degrees},
			"title": map[string]any{"description": "the map's title; both or neither", "type": "object",
				"required": []string{"zh", "en"}, "properties": map[string]any{"zh": text, "en": text}},
			"default_chain":   id,
			"attribution":     map[string]any{"type": "string"},
			"attribution_url": map[string]any{"type": "string", "format": "uri", "pattern": "^https?://"},
			"synthetic":       map[string]any{"type": "boolean"},
		},
	}
	return out
}

func geometryTypes(c *geo.Collection) []string {
	switch c.GeometryType {
	case geo.GeometryMultiPolygon:
		return []string{"MultiPolygon", "Polygon"}
	case geo.GeometryPolygon:
		return []string{"Polygon", "MultiPolygon"}
	}
	return []string{string(c.GeometryType)}
}

func propertySchema(p geo.Property) map[string]any {
	s := map[string]any{"title": p.Title.EN + " · " + p.Title.ZH, "description": p.Description.EN + " " + p.Description.ZH}
	var typ string
	switch p.Type {
	case geo.TypeStrings:
		s["type"], s["items"] = "array", map[string]any{"type": "string"}
		return s
	case geo.TypeDate:
		typ, s["format"] = "string", "date"
	case geo.TypeTimestamp:
		typ, s["format"] = "string", "date-time"
	default:
		typ = string(p.Type)
	}
	if len(p.Enum) > 0 {
		enum := []any{}
		for _, e := range p.Enum {
			enum = append(enum, e)
		}
		if p.Nullable {
			enum = append(enum, nil)
		}
		s["enum"] = enum
	}
	if m := p.Minimum; m != nil && p.ExclusiveMinimum {
		s["exclusiveMinimum"] = *m
	} else if m != nil {
		s["minimum"] = *m
	}
	if p.Nullable {
		s["type"] = []string{typ, "null"}
	} else {
		s["type"] = typ
	}
	return s
}
