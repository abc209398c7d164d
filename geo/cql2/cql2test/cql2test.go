// Package cql2test holds a small table of features and a table of CQL2
// filters with the features each must select, so that every implementation
// of the language (the evaluator, the PostGIS translator) is held to the
// same answers.
package cql2test

import (
	"slices"
	"time"

	"github.com/parkmap/parkmap/geo/cql2"
	"github.com/paulmach/orb"
)

// Schema is a cql2.Schema over a map of property types.
type Schema map[string]cql2.Type

// Property implements cql2.Schema.
func (s Schema) Property(name string) (cql2.Type, bool) {
	t, ok := s[name]
	return t, ok
}

// Names implements cql2.Schema, sorted.
func (s Schema) Names() []string {
	names := make([]string, 0, len(s))
	for n := range s {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Types returns the properties of the rows, with the geometry as "geom".
func Types() Schema {
	return Schema{
		"id":          cql2.TypeInteger,
		"name":        cql2.TypeString,
		"name_zh":     cql2.TypeString,
		"area_ha":     cql2.TypeNumber,
		"county_code": cql2.TypeInteger,
		"status":      cql2.TypeString,
		"active":      cql2.TypeBoolean,
		"established": cql2.TypeDate,
		"updated":     cql2.TypeTimestamp,
		"stages":      cql2.TypeStringArray,
		"geom":        cql2.TypeGeometry,
	}
}

// Row is a feature: its properties (nil for NULL) and geometry.
type Row struct {
	ID    int
	Props map[string]any
	Geom  orb.Geometry
}

// Value implements cql2.Record.
func (r Row) Value(name string) any {
	if name == "id" {
		return float64(r.ID)
	}
	if name == "geom" && r.Geom != nil {
		return r.Geom
	}
	return r.Props[name]
}

// Geometry implements cql2.Record.
func (r Row) Geometry() orb.Geometry { return r.Geom }

var _ cql2.Record = Row{}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func instant(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func square(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
}

// Rows returns the features: two touching squares, a point, a line that
// crosses the first square, and a row of NULLs.
func Rows() []Row {
	return []Row{
		{1, map[string]any{
			"name": "Yuxi High-tech Zone", "name_zh": "玉溪高新区", "area_ha": 12.5, "county_code": 530402.0,
			"status": "operating", "active": true, "established": day("2015-06-01"),
			"updated": instant("2024-03-01T10:00:00Z"), "stages": []string{"cathode", "anode"},
		}, square(0, 0, 10, 10)},
		{2, map[string]any{
			"name": "Hóngtǎ Park", "name_zh": nil, "area_ha": 3.0, "county_code": 530421.0,
			"status": "planned", "active": false, "established": day("2021-01-01"),
			"updated": nil, "stages": []string{},
		}, orb.Point{20, 20}},
		{3, map[string]any{
			"name": "Café 100% Zone", "name_zh": "咖啡", "area_ha": nil, "county_code": 530402.0,
			"status": "operating", "active": nil, "established": nil,
			"updated": instant("2023-12-31T23:59:59Z"), "stages": []string{"electrolyte"},
		}, orb.LineString{{5, -5}, {5, 15}}},
		{4, map[string]any{
			"name": "yuxi east", "name_zh": "玉溪东", "area_ha": 0.0, "county_code": 530423.0,
			"status": "under_construction", "active": true, "established": day("2020-01-01"),
			"updated": instant("2024-01-01T00:00:00Z"), "stages": []string{"anode", "recycling"},
		}, square(10, 0, 20, 10)},
		{5, map[string]any{
			"name": "North_Park", "name_zh": nil, "area_ha": nil, "county_code": nil,
			"status": "planned", "active": nil, "established": nil, "updated": nil, "stages": nil,
		}, nil},
	}
}

// Case is a filter in cql2-text and the ids of the rows it selects.
type Case struct {
	Filter string
	Want   []int
}

// Cases returns the table: every operator, selecting and not, with NULLs.
func Cases() []Case {
	return []Case{
		// Comparisons.
		{"area_ha = 3", []int{2}},
		{"area_ha <> 3", []int{1, 4}},
		{"area_ha < 3", []int{4}},
		{"area_ha > 3", []int{1}},
		{"area_ha <= 3", []int{2, 4}},
		{"area_ha >= 3", []int{1, 2}},
		{"area_ha > 100", nil},
		{"id = 5", []int{5}},
		{"name = 'yuxi east'", []int{4}},
		{"name = 'Yuxi East'", nil},
		{"status <> 'operating'", []int{2, 4, 5}},
		{"name < 'a'", []int{1, 2, 3, 5}},
		{"name >= 'a'", []int{4}},
		{"county_code = 530402", []int{1, 3}},
		{"active = TRUE", []int{1, 4}},
		{"active = FALSE", []int{2}},
		{"active <> TRUE", []int{2}},
		{"active", []int{1, 4}},
		{"NOT active", []int{2}},
		{"name_zh = '玉溪东'", []int{4}},
		{"established = DATE('2020-01-01')", []int{4}},
		{"established < TIMESTAMP('2016-01-01T00:00:00Z')", []int{1}},
		{"updated > TIMESTAMP('2024-01-01T00:00:00Z')", []int{1}},
		{"updated >= TIMESTAMP('2024-01-01T08:00:00+08:00')", []int{1, 4}},
		// LIKE.
		{"name LIKE 'Yu%'", []int{1}},
		{"name LIKE '%Park'", []int{2, 5}},
		{"name NOT LIKE '%Park'", []int{1, 3, 4}},
		{`name LIKE 'North\_Park'`, []int{5}},
		{`name LIKE 'North_Park'`, []int{5}},
		{`name LIKE 'Nor_h\_%'`, []int{5}},
		{`name LIKE '%100\%%'`, []int{3}},
		{`name LIKE '%1000\%%'`, nil},
		{"name LIKE '_uxi%'", []int{1, 4}},
		{"name LIKE 'H_ngt_ Park'", []int{2}},
		{"name_zh LIKE '玉溪%'", []int{1, 4}},
		{"name LIKE '%'", []int{1, 2, 3, 4, 5}},
		{"CASEI(name) LIKE CASEI('yuxi%')", []int{1, 4}},
		{"CASEI(name) = CASEI('YUXI EAST')", []int{4}},
		{"ACCENTI(name) LIKE ACCENTI('Hongta%')", []int{2}},
		{"ACCENTI(name) LIKE 'Cafe%'", []int{3}},
		{"CASEI(ACCENTI(name)) = CASEI(ACCENTI('HONGTǍ park'))", []int{2}},
		// BETWEEN, IN, IS NULL.
		{"area_ha BETWEEN 0 AND 3", []int{2, 4}},
		{"area_ha NOT BETWEEN 0 AND 3", []int{1}},
		{"established BETWEEN DATE('2016-01-01') AND DATE('2020-12-31')", []int{4}},
		{"name BETWEEN 'N' AND 'Z'", []int{1, 5}},
		{"status IN ('planned', 'under_construction')", []int{2, 4, 5}},
		{"county_code IN (530402, 530421)", []int{1, 2, 3}},
		{"county_code NOT IN (530402)", []int{2, 4}},
		{"name_zh IS NULL", []int{2, 5}},
		{"updated IS NOT NULL", []int{1, 3, 4}},
		{"stages IS NULL", []int{5}},
		{"geom IS NULL", []int{5}},
		// Arithmetic.
		{"area_ha * 2 > 20", []int{1}},
		{"area_ha + 1 = 4", []int{2}},
		{"area_ha - 3 = 0", []int{2}},
		{"area_ha / 2 = 1.5", []int{2}},
		{"area_ha div 2 = 1", []int{2}},
		{"area_ha % 2 = 1", []int{2}},
		{"area_ha % 2 = 0.5", []int{1}},
		{"area_ha % 0.3 < 0.25", []int{1, 2, 4}},
		{"area_ha % -2 = 0.5", []int{1}},
		{"-area_ha % 2 = -0.5", []int{1}},
		{"10 / area_ha > 1", []int{2}},
		{"10 / area_ha IS NULL", []int{3, 4, 5}},
		{"-area_ha < -10", []int{1}},
		{"(area_ha + 1) * 2 = 8", []int{2}},
		{"county_code - 530400 = 2", []int{1, 3}},
		// Logic and NULLs.
		{"NOT (area_ha > 3)", []int{2, 4}},
		{"area_ha > 3 OR name_zh IS NULL", []int{1, 2, 5}},
		{"area_ha > 100 OR area_ha IS NULL", []int{3, 5}},
		{"NOT (area_ha > 100 AND active)", []int{1, 2, 4}},
		{"area_ha > 1 AND status = 'operating'", []int{1}},
		{"TRUE", []int{1, 2, 3, 4, 5}},
		{"FALSE", nil},
		{"NOT (TRUE AND active)", []int{2}},
		// Spatial.
		{"S_INTERSECTS(geom, POINT(5 5))", []int{1, 3}},
		{"S_INTERSECTS(geom, BBOX(9, 1, 11, 2))", []int{1, 4}},
		{"S_INTERSECTS(geom, POLYGON((19 19, 21 19, 21 21, 19 21, 19 19)))", []int{2}},
		{"S_INTERSECTS(geom, MULTIPOINT(5 5, 20 20))", []int{1, 2, 3}},
		{"S_WITHIN(geom, POLYGON((-1 -1, 30 -1, 30 30, -1 30, -1 -1)))", []int{1, 2, 4}},
		{"S_CONTAINS(geom, POINT(5 5))", []int{1, 3}},
		{"S_CONTAINS(geom, POINT(10 5))", nil}, // on the boundaries only
		{"S_DISJOINT(geom, POINT(20 20))", []int{1, 3, 4}},
		{"S_TOUCHES(geom, POLYGON((10 0, 20 0, 20 10, 10 10, 10 0)))", []int{1}},
		{"S_CROSSES(geom, LINESTRING(-5 5, 25 5))", []int{1, 3, 4}},
		{"S_OVERLAPS(geom, POLYGON((5 5, 15 5, 15 15, 5 15, 5 5)))", []int{1, 4}},
		{"S_EQUALS(geom, POLYGON((10 10, 10 0, 20 0, 20 10, 10 10)))", []int{4}},
		{"S_INTERSECTS(geom, GEOMETRYCOLLECTION(POINT(20 20), LINESTRING(12 -1, 12 1)))", []int{2, 4}},
		{"S_INTERSECTS(geom, LINESTRING(30 30, 40 40))", nil},
		// Temporal.
		{"T_BEFORE(established, DATE('2020-01-01'))", []int{1}},
		{"T_AFTER(established, DATE('2020-01-01'))", []int{2}},
		{"T_INTERSECTS(updated, INTERVAL('2024-01-01T00:00:00Z', '..'))", []int{1, 4}},
		{"T_INTERSECTS(established, INTERVAL('2016-01-01', '2020-12-31'))", []int{4}},
		{"T_DURING(updated, INTERVAL('2023-01-01', '2024-02-01'))", []int{3, 4}},
		{"T_DISJOINT(updated, INTERVAL('..', '2024-01-01T00:00:00Z'))", []int{1}},
		{"T_EQUALS(established, DATE('2021-01-01'))", []int{2}},
		{"T_CONTAINS(INTERVAL(established, '..'), DATE('2022-01-01'))", []int{1, 2, 4}},
		{"T_OVERLAPS(INTERVAL(established, updated), INTERVAL('2021-01-01', '2030-01-01'))", []int{1, 4}},
		{"T_FINISHES(established, INTERVAL('2019-01-01', '2021-01-01'))", []int{2}},
		{"T_STARTS(established, INTERVAL('2020-01-01', '..'))", []int{4}},
		{"T_MEETS(INTERVAL('2010-01-01', '2015-06-01'), established)", []int{1}},
		{"T_METBY(established, INTERVAL('2010-01-01', '2020-01-01'))", []int{4}},
		{"T_OVERLAPPEDBY(INTERVAL(established, '2030-01-01'), INTERVAL('2018-01-01', '2025-01-01'))", []int{2, 4}},
		{"T_STARTEDBY(INTERVAL(established, '..'), DATE('2020-01-01'))", []int{4}},
		{"T_FINISHEDBY(INTERVAL('2000-01-01', established), DATE('2021-01-01'))", []int{2}},
		// A NULL end leaves unknown only the conditions that read it.
		{"T_DISJOINT(INTERVAL(established, updated), DATE('2000-01-01'))", []int{1, 2, 4}},
		{"NOT T_OVERLAPS(INTERVAL(established, updated), DATE('2022-01-01'))", []int{1, 3, 4}},
		// Arrays.
		{"A_CONTAINS(stages, ('anode'))", []int{1, 4}},
		{"A_CONTAINS(stages, ('anode', 'cathode'))", []int{1}},
		{"A_CONTAINS(stages, ())", []int{1, 2, 3, 4}},
		{"A_CONTAINEDBY(stages, ('cathode', 'anode', 'electrolyte'))", []int{1, 2, 3}},
		{"A_EQUALS(stages, ('cathode', 'anode'))", []int{1}},
		{"A_EQUALS(stages, ('anode', 'cathode'))", nil},
		{"A_OVERLAPS(stages, ('recycling', 'electrolyte'))", []int{3, 4}},
		{"NOT A_OVERLAPS(stages, ('recycling', 'electrolyte'))", []int{1, 2}},
		{"A_OVERLAPS(('anode'), stages)", []int{1, 4}},
	}
}

// SpatialFilters returns every spatial function on every kind of geometry
// literal, both ways round, whose answers are not written down: the
// implementations must agree with one another on them.
func SpatialFilters() []string {
	lits := spatialLiterals()
	var out []string
	for _, op := range []string{"S_INTERSECTS", "S_WITHIN", "S_CONTAINS", "S_DISJOINT", "S_EQUALS", "S_TOUCHES", "S_CROSSES", "S_OVERLAPS"} {
		for _, l := range lits {
			out = append(out, op+"(geom, "+l+")", op+"("+l+", geom)")
		}
	}
	return out
}

// Unevaluable returns filters that parse and check but whose arithmetic
// fails on some row, as PostgreSQL's float8 fails: each implementation
// must refuse them with a *cql2.Error.
func Unevaluable() []string {
	return []string{
		"area_ha * 1e308 * 10 > 0",
		"area_ha * 1e-300 * 1e-300 > 0",
		"area_ha / 1e308 / 1e308 > 0",
		"area_ha + 1.7e308 + 1.7e308 > 0",
	}
}
