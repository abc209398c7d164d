package postgis

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/data/postgis/postgistest"
	"github.com/parkmap/parkmap/geo"
)

// userTables are a planner's own tables, in China's Gauss–Krüger CRS
// (CGCS2000 3° zone, central meridian 102°E, EPSG:4543), as a GIS
// department keeps them.
const userTables = `
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE SCHEMA plan;
CREATE TABLE plan.roads (
	gid       serial PRIMARY KEY,
	name      text NOT NULL,
	lanes     integer,
	width_m   double precision,
	opened_on date,
	tags      text[],
	meta      jsonb,
	geom      geometry(LineString, 4543) NOT NULL
);
INSERT INTO plan.roads (name, lanes, width_m, opened_on, tags, meta, geom) VALUES
	('龙泉大道', 6, 32.5, '2019-06-01', '{trunk,logistics}', '{"a":1}',
		ST_Transform(ST_SetSRID(ST_MakeLine(ST_MakePoint(102.70, 24.30), ST_MakePoint(102.74, 24.32)), 4326), 4543)),
	('Hongta Road', 4, NULL, '2023-01-15', '{urban}', NULL,
		ST_Transform(ST_SetSRID(ST_MakeLine(ST_MakePoint(102.54, 24.35), ST_MakePoint(102.56, 24.41)), 4326), 4543)),
	('Unopened', NULL, NULL, NULL, NULL, NULL,
		ST_Transform(ST_SetSRID(ST_MakeLine(ST_MakePoint(102.90, 24.20), ST_MakePoint(102.92, 24.21)), 4326), 4543));
CREATE VIEW plan.wide_roads AS SELECT gid, name, geom FROM plan.roads WHERE lanes >= 6;
CREATE TABLE plan.nosrid (id text PRIMARY KEY, geom geometry);
CREATE TABLE plan.twogeoms (id text PRIMARY KEY, a geometry(Point, 4326), b geometry(Point, 4326));
`

const definitions = `collections:
  - id: roads
    table: plan.roads
    title: {zh: 道路, en: Roads}
    description: {zh: 规划道路。, en: Planned roads.}
    temporal: opened_on
  - id: wide-roads
    table: plan.wide_roads
    id_column: gid
    properties:
      - name
`

func newPublished(t *testing.T) (*Store, geo.Catalog) {
	t.Helper()
	s := open(t, postgistest.NewDatabase(t))
	if _, err := s.db.Exec(userTables); err != nil {
		t.Fatal(err)
	}
	cat, err := s.Publish(context.Background(), "collections.yaml", []byte(definitions), geo.Builtin().IDs())
	if err != nil {
		t.Fatal(err)
	}
	return s, cat
}

func TestPublish(t *testing.T) {
	s, cat := newPublished(t)
	ctx := context.Background()
	if got := strings.Join(cat.IDs(), ","); got != "roads,wide-roads" {
		t.Fatalf("published %s, want roads,wide-roads", got)
	}
	roads, _ := cat.Find("roads")
	if got := strings.Join(roads.Names(nil), ","); got != "name,lanes,width_m,opened_on,tags" {
		t.Errorf("roads' properties %s: want the simple columns but the id and geometry (meta is jsonb)", got)
	}
	if roads.Table.SRID != 4543 || roads.GeometryType != geo.GeometryLineString || roads.IDProperty != "gid" {
		t.Errorf("roads: SRID %d, type %s, id %s; want 4543, LineString, gid", roads.Table.SRID, roads.GeometryType, roads.IDProperty)
	}

	read := func(q geo.FeatureQuery) ([]string, []map[string]any) {
		t.Helper()
		if q.Limit == 0 {
			q.Limit = 100
		}
		page, err := s.Features(ctx, roads, q)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		var features []map[string]any
		for _, f := range page.Features {
			var v map[string]any
			if err := json.Unmarshal(f, &v); err != nil {
				t.Fatalf("%v: %s", err, f)
			}
			ids = append(ids, v["id"].(string))
			features = append(features, v)
		}
		return ids, features
	}

	t.Run("transformed to WGS 84", func(t *testing.T) {
		_, features := read(geo.FeatureQuery{Limit: 1})
		coords := features[0]["geometry"].(map[string]any)["coordinates"].([]any)
		start := coords[0].([]any)
		if math.Abs(start[0].(float64)-102.70) > 1e-6 || math.Abs(start[1].(float64)-24.30) > 1e-6 {
			t.Errorf("first vertex %v, want 102.70, 24.30 (lon, lat)", start)
		}
		props := features[0]["properties"].(map[string]any)
		if props["name"] != "龙泉大道" || props["lanes"] != 6.0 || props["opened_on"] != "2019-06-01" {
			t.Errorf("properties %v", props)
		}
	})
	date := func(s string) *time.Time {
		d, _ := time.Parse(time.DateOnly, s)
		return &d
	}
	tests := []struct {
		name string
		q    geo.FeatureQuery
		want string
	}{
		{"all", geo.FeatureQuery{}, "1,2,3"},
		{"bbox in lon/lat around longquan", geo.FeatureQuery{BBox: &orb.Bound{Min: orb.Point{102.69, 24.29}, Max: orb.Point{102.75, 24.33}}}, "1"},
		{"bbox nowhere", geo.FeatureQuery{BBox: &orb.Bound{Min: orb.Point{10, 10}, Max: orb.Point{11, 11}}}, ""},
		{"datetime from 2020", geo.FeatureQuery{Datetime: &geo.Interval{Start: date("2020-01-01")}}, "2"},
		{"datetime until 2020", geo.FeatureQuery{Datetime: &geo.Interval{End: date("2020-01-01")}}, "1"},
		{"sorted by lanes descending, nulls last", geo.FeatureQuery{SortBy: []geo.SortKey{{Property: "lanes", Descending: true}}}, "1,2,3"},
		{"sorted by name", geo.FeatureQuery{SortBy: []geo.SortKey{{Property: "name"}}}, "2,3,1"},
		{"sorted by id descending", geo.FeatureQuery{SortBy: []geo.SortKey{{Property: "gid", Descending: true}}}, "3,2,1"},
		{"a number", geo.FeatureQuery{Where: []geo.Condition{{Property: "lanes", AnyOf: []any{4.0, 5.0}}}}, "2"},
		{"a text", geo.FeatureQuery{Where: []geo.Condition{{Property: "name", AnyOf: []any{"龙泉大道"}}}}, "1"},
		{"a list", geo.FeatureQuery{Where: []geo.Condition{{Property: "tags", AnyOf: []any{"urban", "x"}}}}, "2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids, _ := read(tt.q)
			if got := strings.Join(ids, ","); got != tt.want {
				t.Errorf("ids %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("one feature, by an id of another type than text", func(t *testing.T) {
		f, err := s.Feature(ctx, roads, "2", nil)
		if err != nil || !strings.Contains(string(f), "Hongta Road") {
			t.Errorf("Feature(roads, 2) = %.80s, %v", f, err)
		}
		for _, id := range []string{"x", "99", "2.5", "'; DROP TABLE plan.roads; --"} {
			if _, err := s.Feature(ctx, roads, id, nil); geo.ErrorCode(err) != geo.ENotFound {
				t.Errorf("Feature(roads, %q): %v, want not found", id, err)
			}
		}
	})
	t.Run("extent in lon/lat", func(t *testing.T) {
		b, ok, err := s.Extent(ctx, roads)
		if err != nil || !ok || math.Abs(b.Min[0]-102.54) > 1e-6 || math.Abs(b.Max[1]-24.41) > 1e-6 {
			t.Errorf("Extent = %v %v %v", b, ok, err)
		}
	})
	t.Run("a view, with the properties listed", func(t *testing.T) {
		wide, _ := cat.Find("wide-roads")
		page, err := s.Features(ctx, wide, geo.FeatureQuery{Limit: 10})
		if err != nil || page.Matched != 1 || !strings.Contains(string(page.Features[0]), `"properties":{"name":"龙泉大道"}`) {
			t.Errorf("wide-roads: %d, %v: %s", page.Matched, err, page.Features)
		}
	})
}

// TestPublishProblems checks that a definitions file that does not match
// its tables is refused with every problem, its line and what exists.
func TestPublishProblems(t *testing.T) {
	s, _ := newPublished(t)
	tests := []struct {
		name, file string
		want       []string
	}{
		{"missing table", "collections:\n  - id: streets\n    table: plan.streets\n",
			[]string{"c.yaml:2: table \"plan.streets\" does not exist; tables and views with a geometry column:", "plan.roads"}},
		{"missing column", "collections:\n  - id: roads\n    table: plan.roads\n    properties: [name, colour]\n",
			[]string{"c.yaml:4: property \"colour\" is not a column of plan.roads; its columns: gid, name, lanes"}},
		{"no srid", "collections:\n  - id: x\n    table: plan.nosrid\n", []string{"c.yaml:2: geometry column \"geom\" of plan.nosrid has no SRID"}},
		{"two geometries", "collections:\n  - id: x\n    table: plan.twogeoms\n", []string{"several geometry columns (a, b)"}},
		{"a view without id_column", "collections:\n  - id: x\n    table: plan.wide_roads\n", []string{"no one-column primary key"}},
		{"jsonb property", "collections:\n  - id: x\n    table: plan.roads\n    properties: [meta]\n", []string{"c.yaml:4: column \"meta\" of plan.roads is of type jsonb"}},
		{"temporal not a date", "collections:\n  - id: x\n    table: plan.roads\n    temporal: name\n", []string{"temporal column \"name\" is text"}},
		{"built-in id", "collections:\n  - id: parks\n    table: plan.roads\n", []string{"c.yaml:2: collection id \"parks\" is taken"}},
		{"two problems at once", "collections:\n  - id: a\n    table: plan.nope\n  - id: b\n    table: plan.roads\n    id_column: nope\n",
			[]string{"c.yaml:2: table \"plan.nope\"", "c.yaml:4: id column \"nope\""}},
		{"unknown key", "collections:\n  - id: a\n    table: plan.roads\n    colour: red\n", []string{"c.yaml:4: unknown key \"colour\""}},
		{"not yaml", "collections: [", []string{"c.yaml: not YAML or JSON"}},
		{"empty", "", []string{"c.yaml: is empty"}},
		{"JSON", `{"collections": [{"id": "j", "table": "plan.nope"}]}`, []string{"c.yaml:1: table \"plan.nope\" does not exist"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Publish(context.Background(), "c.yaml", []byte(tt.file), geo.Builtin().IDs())
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

func FuzzParseDefinitions(f *testing.F) {
	f.Add([]byte(definitions))
	f.Add([]byte(`{"collections": [{"id": "j", "table": "a.b", "properties": [{"name": "x"}]}]}`))
	f.Add([]byte("collections:\n  - id: a\n    table: b\n    properties: [1, [2], {name: 3}]\n"))
	f.Add([]byte("- a\n- b"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		specs, err := parseDefinitions("f.yaml", raw, []string{"parks"})
		if err != nil {
			if _, ok := err.(*Problems); !ok {
				t.Fatalf("error %T, want *Problems: %v", err, err)
			}
			return
		}
		for _, s := range specs {
			if !collectionID.MatchString(s.ID) || s.Table == "" || s.ID == "parks" {
				t.Fatalf("accepted %+v", s)
			}
		}
	})
}
