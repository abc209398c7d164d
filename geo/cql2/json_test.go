package cql2

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestParseJSON checks that each cql2-json filter gives the tree of the
// equivalent cql2-text.
func TestParseJSON(t *testing.T) {
	tests := []struct {
		name, json, text string
	}{
		{"equal", `{"op":"=","args":[{"property":"status"},"planned"]}`, "status = 'planned'"},
		{"comparisons", `{"op":"and","args":[
			{"op":"<>","args":[{"property":"a"},1]},{"op":"<","args":[{"property":"a"},2]},
			{"op":">","args":[{"property":"a"},3]},{"op":"<=","args":[{"property":"a"},4]},
			{"op":">=","args":[{"property":"a"},5.5]}]}`,
			"a <> 1 AND a < 2 AND a > 3 AND a <= 4 AND a >= 5.5"},
		{"or and not", `{"op":"or","args":[{"op":"not","args":[{"property":"active"}]},true]}`, "NOT active OR TRUE"},
		{"like", `{"op":"like","args":[{"property":"name"},"Yu%"]}`, "name LIKE 'Yu%'"},
		{"like casei", `{"op":"like","args":[{"op":"casei","args":[{"property":"name"}]},{"op":"casei","args":["yu%"]}]}`,
			"CASEI(name) LIKE CASEI('yu%')"},
		{"between", `{"op":"between","args":[{"property":"area_ha"},1,2]}`, "area_ha BETWEEN 1 AND 2"},
		{"in", `{"op":"in","args":[{"property":"status"},["a","b"]]}`, "status IN ('a', 'b')"},
		{"isNull", `{"op":"isNull","args":[{"property":"name_zh"}]}`, "name_zh IS NULL"},
		{"not isNull", `{"op":"not","args":[{"op":"isNull","args":[{"property":"name_zh"}]}]}`, "name_zh IS NOT NULL"},
		{"arithmetic", `{"op":">","args":[{"op":"*","args":[{"op":"+","args":[{"property":"a"},1]},2]},{"op":"div","args":[10,{"op":"%","args":[7,3]}]}]}`,
			"(a + 1) * 2 > 10 div (7 % 3)"},
		{"date and timestamp", `{"op":"and","args":[{"op":">","args":[{"property":"d"},{"date":"2020-01-01"}]},{"op":"<","args":[{"property":"t"},{"timestamp":"2024-05-01T08:00:00+08:00"}]}]}`,
			"d > DATE('2020-01-01') AND t < TIMESTAMP('2024-05-01T00:00:00Z')"},
		{"interval", `{"op":"t_intersects","args":[{"property":"t"},{"interval":["2020-01-01",".."]}]}`,
			"T_INTERSECTS(t, INTERVAL('2020-01-01', '..'))"},
		{"interval of properties and timestamps", `{"op":"t_during","args":[{"property":"t"},{"interval":[{"property":"start"},"2021-01-01T00:00:00Z"]}]}`,
			"T_DURING(t, INTERVAL(start, '2021-01-01T00:00:00Z'))"},
		{"geojson point", `{"op":"s_intersects","args":[{"property":"geom"},{"type":"Point","coordinates":[102.5,24.3]}]}`,
			"S_INTERSECTS(geom, POINT(102.5 24.3))"},
		{"geojson polygon", `{"op":"s_within","args":[{"property":"geom"},{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}]}`,
			"S_WITHIN(geom, POLYGON((0 0, 1 0, 1 1, 0 0)))"},
		{"geojson multipolygon", `{"op":"s_contains","args":[{"property":"geom"},{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}]}`,
			"S_CONTAINS(geom, MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0))))"},
		{"geojson collection", `{"op":"s_disjoint","args":[{"property":"geom"},{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]},{"type":"LineString","coordinates":[[0,0],[1,1]]}]}]}`,
			"S_DISJOINT(geom, GEOMETRYCOLLECTION(POINT(1 2), LINESTRING(0 0, 1 1)))"},
		{"bbox", `{"op":"s_intersects","args":[{"property":"geom"},{"bbox":[102,24,103,25]}]}`, "S_INTERSECTS(geom, BBOX(102, 24, 103, 25))"},
		{"arrays", `{"op":"or","args":[{"op":"a_contains","args":[{"property":"stages"},["a","b"]]},{"op":"a_containedBy","args":[{"property":"stages"},[]]},{"op":"A_EQUALS","args":[["x"],{"property":"stages"}]},{"op":"a_overlaps","args":[{"property":"stages"},["y"]]}]}`,
			"A_CONTAINS(stages, ('a', 'b')) OR A_CONTAINEDBY(stages, ()) OR A_EQUALS(('x'), stages) OR A_OVERLAPS(stages, ('y'))"},
		{"temporal", `{"op":"or","args":[{"op":"t_before","args":[{"property":"d"},{"date":"2021-06-30"}]},{"op":"t_after","args":[{"property":"d"},{"date":"2021-06-30"}]}]}`,
			"T_BEFORE(d, DATE('2021-06-30')) OR T_AFTER(d, DATE('2021-06-30'))"},
		{"accenti", `{"op":"=","args":[{"op":"accenti","args":[{"property":"name"}]},{"op":"accenti","args":["Yùxī"]}]}`,
			"ACCENTI(name) = ACCENTI('Yùxī')"},
		{"boolean literal", `true`, "TRUE"},
		{"escape in like", `{"op":"like","args":[{"property":"name"},"100\\%"]}`, `name LIKE '100\%'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseJSON([]byte(tt.json))
			if err != nil {
				t.Fatalf("ParseJSON: %v", err)
			}
			want, err := ParseText(tt.text)
			if err != nil {
				t.Fatalf("ParseText(%q): %v", tt.text, err)
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("cql2-json and cql2-text differ (-text +json):\n%s", d)
			}
		})
	}
}

func TestParseJSONErrors(t *testing.T) {
	tests := []struct {
		name, json, want string
	}{
		{"not JSON", `{"op":"=",`, "line 1, column 11: invalid JSON: the JSON ends too early"},
		{"syntax error with position", "{\"op\":\"=\",\n \"args\": [1 2]}", "line 2, column 13: invalid JSON: invalid character '2' after array element"},
		{"two values", `true true`, "the filter has more than one JSON value"},
		{"unknown op", `{"op":"near","args":[1,2]}`, `the filter: unknown op "near"`},
		{"op not a string", `{"op":1,"args":[]}`, "the filter: op must be a string"},
		{"missing args", `{"op":"="}`, `the filter: "=" needs an args array`},
		{"wrong arity", `{"op":"=","args":[1]}`, `the filter: "=" takes 2 arguments, not 1`},
		{"and with one", `{"op":"and","args":[true]}`, `the filter: "and" takes at least 2 arguments`},
		{"value where a condition is", `{"op":"and","args":[true, 3]}`, "args[1]: expected a condition (such as {\"op\": \"=\", ...}), found the value 3"},
		{"condition where a value is", `{"op":"=","args":[{"op":"=","args":[1,1]},true]}`, "args[0]: expected a value, found a condition: 1 = 1"},
		{"null", `{"op":"=","args":[{"property":"a"},null]}`, `args[1]: null is not a CQL2 value (use {"op": "isNull", ...})`},
		{"array outside A_", `{"op":"=","args":[{"property":"a"},[1]]}`, "args[1]: an array is only allowed as an argument of the A_ functions and IN"},
		{"empty property", `{"op":"isNull","args":[{"property":""}]}`, "args[0]: a property name must be a non-empty string without NUL"},
		{"extra member", `{"op":"isNull","args":[{"property":"a"}],"x":1}`, `the filter: unexpected member "x" (expected op, args)`},
		{"unknown object", `{"op":"isNull","args":[{"prop":"a"}]}`, "args[0]: expected an object with op, property, date, timestamp, interval, bbox or a GeoJSON geometry, found the members [prop]"},
		{"bad date", `{"op":">","args":[{"property":"d"},{"date":"2020-02-30"}]}`, "args[1]: '2020-02-30' is not a date (YYYY-MM-DD)"},
		{"bad interval", `{"op":"t_after","args":[{"property":"d"},{"interval":["2020-01-01"]}]}`, "args[1]: an interval is an array of two instants"},
		{"bad geojson", `{"op":"s_intersects","args":[{"property":"g"},{"type":"Point","coordinates":"x"}]}`, "args[1]: invalid GeoJSON geometry (a Point, LineString, Polygon, MultiPoint, MultiLineString, MultiPolygon or GeometryCollection with coordinates)"},
		{"invalid polygon", `{"op":"s_intersects","args":[{"property":"g"},{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}]}`,
			"args[1]: invalid Polygon: validating ring at index 0: polygon ring not simple (at or near {0 0})"},
		{"empty geometry", `{"op":"s_intersects","args":[{"property":"g"},{"type":"GeometryCollection","geometries":[]}]}`, "args[1]: empty geometries are not supported"},
		{"bbox", `{"op":"s_intersects","args":[{"property":"g"},{"bbox":[1,2,"3",4]}]}`, "args[1]: a bbox is an array of 4 or 6 numbers"},
		{"in without list", `{"op":"in","args":[{"property":"a"},"x"]}`, "args[1]: IN needs a non-empty array of values"},
		{"like pattern", `{"op":"like","args":[{"property":"a"},{"property":"b"}]}`, "args[1]: a LIKE pattern is a string, or casei/accenti of one"},
		{"like lone escape", `{"op":"like","args":[{"property":"a"},"x\\"]}`, `args[1]: a LIKE pattern cannot end with the escape character \`},
		{"nested path", `{"op":"and","args":[true,{"op":"not","args":[{"op":"=","args":[1,{"foo":1}]}]}]}`,
			"args[1].args[0].args[1]: expected an object with op, property, date, timestamp, interval, bbox or a GeoJSON geometry, found the members [foo]"},
		{"NUL", `{"op":"=","args":[{"property":"a"},"x\u0000"]}`, "args[1]: a string cannot contain the NUL character"},
		{"custom function", `{"function":{"name":"foo","args":[]}}`, `the filter: unknown function; the functions are CASEI and ACCENTI, as {"op": "casei", "args": [...]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseJSON([]byte(tt.json))
			if err == nil {
				t.Fatalf("ParseJSON(%s) succeeded, want %q", tt.json, tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("ParseJSON(%s)\n got %s\nwant %s", tt.json, got, tt.want)
			}
		})
	}
}

// TestJSONDepthSkipsStrings checks that brackets inside strings do not
// count as nesting.
func TestJSONDepthSkipsStrings(t *testing.T) {
	s := `{"op":"=","args":[{"property":"a"},"` + strings.Repeat(`[{\"`, 500) + `"]}`
	if _, err := ParseJSON([]byte(s)); err != nil {
		t.Error(err)
	}
}
