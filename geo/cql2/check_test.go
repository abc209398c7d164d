package cql2_test

import (
	"testing"

	"github.com/parkmap/parkmap/geo/cql2"
	"github.com/parkmap/parkmap/geo/cql2/cql2test"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name, filter, want string // want "" for a filter that checks
	}{
		{"fine", "area_ha > 1 AND name LIKE 'a%' AND A_CONTAINS(stages, ('a'))", ""},
		{"integer with number", "county_code = 1.5 AND id < area_ha", ""},
		{"date with timestamp", "established < updated", ""},
		{"unknown property", "colour = 'red'",
			`unknown property "colour"; the queryable properties are: active, area_ha, county_code, established, geom, id, name, name_zh, stages, status, updated`},
		{"number with string", "area_ha = 'x'", "cannot compare area_ha (a number) with 'x' (a string)"},
		{"string with number", "name > 3", "cannot compare name (a string) with 3 (a number)"},
		{"date with string", "established = '2020-01-01'", "cannot compare established (a date) with '2020-01-01' (a string)"},
		{"ordered booleans", "active > FALSE", "> does not order booleans (active is a boolean); use = or <>"},
		{"compared geometry", "geom = POINT(1 2)", "= does not compare geometries (geom is a geometry); use S_EQUALS, S_INTERSECTS and the other S_ functions"},
		{"compared array", "stages = 'a'", "= does not compare arrays (stages is an array of strings); use A_EQUALS, A_CONTAINS, A_CONTAINEDBY or A_OVERLAPS"},
		{"array function on a string", "A_CONTAINS(name_zh, ('玉溪'))", "A_CONTAINS takes arrays: name_zh is a string"},
		{"array of numbers", "A_OVERLAPS(stages, (1, 2))", "array elements must be strings, such as ('a', 'b'): 1 is not"},
		{"like on a number", "area_ha LIKE '1%'", "LIKE takes strings: area_ha is a number"},
		{"arithmetic on a string", "name + 1 = 2", "+ takes numbers: name is a string"},
		{"between mixed", "area_ha BETWEEN 1 AND 'z'", "cannot compare area_ha (a number) with 'z' (a string)"},
		{"in mixed", "status IN ('a', 2)", "cannot compare status (a string) with 2 (a number)"},
		{"spatial on a string", "S_INTERSECTS(name, POINT(1 2))", "S_INTERSECTS takes geometries: name is a string"},
		{"temporal on a number", "T_BEFORE(area_ha, DATE('2020-01-01'))", "T_BEFORE takes dates, timestamps or intervals: area_ha is a number"},
		{"interval of strings", "T_BEFORE(updated, INTERVAL(name, '..'))", "INTERVAL takes dates or timestamps: name is a string"},
		{"backwards interval", "T_BEFORE(updated, INTERVAL('2021-01-01', '2020-01-01'))", "INTERVAL('2021-01-01', '2020-01-01') starts after it ends"},
		{"casei on a number", "CASEI(area_ha) = 'x'", "CASEI takes a string: area_ha is a number"},
		{"not a condition", "name", "the filter must be a condition, but name is a string"},
		{"not on a number", "NOT id", "id is an integer, not a condition"},
		{"and with a string", "active AND name", "name is a string, not a condition"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := cql2.ParseText(tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			err = cql2.Check(e, cql2test.Types())
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Check(%s): %v", tt.filter, err)
			case tt.want != "" && err == nil:
				t.Errorf("Check(%s) = nil, want %q", tt.filter, tt.want)
			case tt.want != "" && err.Error() != tt.want:
				t.Errorf("Check(%s)\n got %s\nwant %s", tt.filter, err, tt.want)
			}
		})
	}
}
