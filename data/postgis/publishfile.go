package postgis

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/parkmap/parkmap/geo"
)

// A definitions file publishes a user's PostGIS tables and views as
// collections beside the built-in ones (parkmap serve --collections FILE).
// It is YAML (JSON is YAML too):
//
//	collections:
//	  - id: roads
//	    table: public.roads        # a table or view, schema optional
//	    id_column: gid             # default: the primary key
//	    geometry_column: geom      # default: the only geometry column
//	    title: {zh: 道路, en: Roads}
//	    description: {zh: …, en: …}
//	    properties: [name, lanes]  # default: every column of a simple type
//	    temporal: opened_on        # a date or timestamp column, optional
//
// A property may also be written {name: lanes, title: {zh: 车道数, en: Lanes},
// description: {…}}. Every entry is checked against the real table when the
// server starts; each problem is reported with the file's line.

// MaxDefinitionsFile bounds a definitions file: it lists tables, it holds no data.
const MaxDefinitionsFile = 1 << 20

// tableSpec is one collection of a definitions file, as written.
type tableSpec struct {
	ID             string         `yaml:"id"`
	Table          string         `yaml:"table"`
	IDColumn       string         `yaml:"id_column"`
	GeometryColumn string         `yaml:"geometry_column"`
	Title          geo.Text       `yaml:"title"`
	Description    geo.Text       `yaml:"description"`
	Properties     []propertySpec `yaml:"properties"`
	Temporal       string         `yaml:"temporal"`

	line int // where the entry starts, for messages
}

// propertySpec is a property to publish: a column name, or an object.
type propertySpec struct {
	Name        string   `yaml:"name"`
	Title       geo.Text `yaml:"title"`
	Description geo.Text `yaml:"description"`

	line int
}

// UnmarshalYAML reads a property as a plain column name or as an object.
func (p *propertySpec) UnmarshalYAML(n *yaml.Node) error {
	p.line = n.Line
	if n.Kind == yaml.ScalarNode {
		p.Name = n.Value
		return nil
	}
	type plain propertySpec
	var v plain
	if err := n.Decode(&v); err != nil {
		return err
	}
	*p = propertySpec(v)
	p.line = n.Line
	return nil
}

// Problems lists every problem found in a definitions file, each with its
// line; its Error names the file.
type Problems struct {
	File  string
	Items []Problem
}

// Problem is one problem at a line of the file (0: the file as a whole).
type Problem struct {
	Line    int
	Message string
}

func (p *Problems) add(line int, format string, args ...any) {
	p.Items = append(p.Items, Problem{line, fmt.Sprintf(format, args...)})
}

func (p *Problems) Error() string {
	var b strings.Builder
	for i, it := range p.Items {
		if i > 0 {
			b.WriteByte('\n')
		}
		if it.Line > 0 {
			fmt.Fprintf(&b, "%s:%d: %s", p.File, it.Line, it.Message)
		} else {
			fmt.Fprintf(&b, "%s: %s", p.File, it.Message)
		}
	}
	return b.String()
}

func (p *Problems) err() error {
	if len(p.Items) == 0 {
		return nil
	}
	return p
}

// collectionID is what a published collection's id may be: it is a path
// segment of the API.
var collectionID = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,62}$`)

// parseDefinitions reads a definitions file without a database: its shape,
// the ids (unique, not taken by the built-in collections) and the names.
func parseDefinitions(file string, raw []byte, taken []string) ([]tableSpec, error) {
	problems := &Problems{File: file}
	if len(raw) > MaxDefinitionsFile {
		problems.add(0, "is %d bytes; a definitions file lists tables and is at most %d", len(raw), MaxDefinitionsFile)
		return nil, problems
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			problems.add(0, "%s", strings.Join(te.Errors, "; "))
		} else {
			problems.add(0, "not YAML or JSON: %v", err)
		}
		return nil, problems
	}
	if len(doc.Content) == 0 {
		problems.add(0, "is empty; it should list collections: (see `parkmap serve --help`)")
		return nil, problems
	}
	root := doc.Content[0]
	var list *yaml.Node
	if root.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(root.Content); i += 2 {
			if k := root.Content[i]; k.Value == "collections" {
				list = root.Content[i+1]
			} else {
				problems.add(k.Line, "unknown key %q; the file has one key, collections", truncate(k.Value))
			}
		}
	}
	if list == nil || list.Kind != yaml.SequenceNode {
		problems.add(root.Line, "want a list under the key collections")
		return nil, problems
	}
	seen := map[string]int{}
	var specs []tableSpec
	for _, n := range list.Content {
		var spec tableSpec
		if n.Kind != yaml.MappingNode {
			problems.add(n.Line, "each collection is a mapping with id, table, …")
			continue
		}
		known := map[string]bool{"id": true, "table": true, "id_column": true, "geometry_column": true,
			"title": true, "description": true, "properties": true, "temporal": true}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; !known[k.Value] {
				problems.add(k.Line, "unknown key %q; the keys are id, table, id_column, geometry_column, title, description, properties, temporal", truncate(k.Value))
			}
		}
		if err := n.Decode(&spec); err != nil {
			problems.add(n.Line, "%v", decodeMessage(err))
			continue
		}
		spec.line = n.Line
		switch {
		case spec.ID == "":
			problems.add(n.Line, "collection has no id")
		case !collectionID.MatchString(spec.ID):
			problems.add(n.Line, "collection id %q: use lowercase letters, digits, _ and -, at most 63", truncate(spec.ID))
		case containsString(taken, spec.ID):
			problems.add(n.Line, "collection id %q is taken by a built-in collection (%s)", spec.ID, strings.Join(taken, ", "))
		case seen[spec.ID] > 0:
			problems.add(n.Line, "collection id %q is also at line %d", spec.ID, seen[spec.ID])
		}
		seen[spec.ID] = n.Line
		if spec.Table == "" {
			problems.add(n.Line, "collection %q has no table", truncate(spec.ID))
		} else if strings.Count(spec.Table, ".") > 1 {
			problems.add(n.Line, "table %q: write name or schema.name", truncate(spec.Table))
		}
		names := map[string]bool{}
		for _, p := range spec.Properties {
			if p.Name == "" {
				problems.add(p.line, "a property has no name")
			} else if names[p.Name] {
				problems.add(p.line, "property %q is listed twice", truncate(p.Name))
			}
			names[p.Name] = true
		}
		specs = append(specs, spec)
	}
	if len(specs) == 0 && len(problems.Items) == 0 {
		problems.add(list.Line, "lists no collections")
	}
	return specs, problems.err()
}

// decodeMessage keeps yaml's message without its "yaml: unmarshal errors:" preamble.
func decodeMessage(err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return strings.Join(te.Errors, "; ")
	}
	return err.Error()
}

func containsString(ss []string, s string) bool {
	for _, v := range ss {
		if v == s {
			return true
		}
	}
	return false
}

// truncate keeps echoed input short in messages.
func truncate(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
