package cql2test

import (
	"math/rand/v2"
	"strings"
)

// RandomFilters returns n well-typed cql2-text filters over Types, drawn
// with the seed from a small grammar of every operator and function, for
// implementations to agree on where nobody wrote the answers down.
func RandomFilters(seed uint64, n int) []string {
	g := gen{rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	out := make([]string, n)
	for i := range out {
		out[i] = g.cond(3)
	}
	return out
}

type gen struct{ r *rand.Rand }

func (g gen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }

func (g gen) cond(d int) string {
	n := 11
	if d > 0 {
		n = 14
	}
	switch g.r.IntN(n) {
	case 0:
		return g.num(d) + " " + g.pick("=", "<>", "<", ">", "<=", ">=") + " " + g.num(d)
	case 1:
		return g.str() + " " + g.pick("=", "<>", "<", ">", "<=", ">=") + " " + g.str()
	case 2:
		return g.str() + g.pick(" LIKE ", " NOT LIKE ") + g.pattern()
	case 3:
		return g.num(d) + g.pick(" BETWEEN ", " NOT BETWEEN ") + g.num(0) + " AND " + g.num(0)
	case 4:
		return g.str() + g.pick(" IN ", " NOT IN ") + "(" + g.str() + ", " + g.str() + ")"
	case 5:
		return g.pick("name", "name_zh", "area_ha", "county_code", "active", "established", "updated", "stages", "geom") +
			g.pick(" IS NULL", " IS NOT NULL")
	case 6:
		return g.pick("S_INTERSECTS", "S_WITHIN", "S_CONTAINS", "S_DISJOINT", "S_EQUALS", "S_TOUCHES", "S_CROSSES", "S_OVERLAPS") +
			"(geom, " + g.pick(spatialLiterals()...) + ")"
	case 7:
		return g.pick("T_AFTER", "T_BEFORE", "T_CONTAINS", "T_DISJOINT", "T_DURING", "T_EQUALS", "T_FINISHEDBY", "T_FINISHES",
			"T_INTERSECTS", "T_MEETS", "T_METBY", "T_OVERLAPPEDBY", "T_OVERLAPS", "T_STARTEDBY", "T_STARTS") +
			"(" + g.temporal() + ", " + g.temporal() + ")"
	case 8:
		return g.pick("A_CONTAINS", "A_CONTAINEDBY", "A_EQUALS", "A_OVERLAPS") + "(" + g.array() + ", " + g.array() + ")"
	case 9:
		return g.pick("active", "TRUE", "FALSE", "active = TRUE", "active <> FALSE")
	case 10:
		return g.instant() + " " + g.pick("=", "<>", "<", ">", "<=", ">=") + " " + g.instant()
	case 11:
		return "(" + g.cond(d-1) + " AND " + g.cond(d-1) + ")"
	case 12:
		return "(" + g.cond(d-1) + " OR " + g.cond(d-1) + ")"
	}
	return "NOT (" + g.cond(d-1) + ")"
}

func (g gen) num(d int) string {
	if d > 0 && g.r.IntN(3) == 0 {
		return "(" + g.num(d-1) + " " + g.pick("+", "-", "*", "/", "div", "%") + " " + g.num(d-1) + ")"
	}
	return g.pick("area_ha", "county_code", "id", "0", "1", "2", "3", "-3", "0.5", "12.5", "530402", "0.001", "0.3", "-area_ha")
}

func (g gen) str() string {
	s := g.pick("name", "name_zh", "status", "'Yuxi High-tech Zone'", "'yuxi east'", "'Hóngtǎ Park'", "'hongta park'",
		"'HÓNGTǍ PARK'", "'Café 100% Zone'", "'a'", "'Z'", "''", "'玉溪东'", "'planned'", "'North_Park'")
	switch g.r.IntN(6) {
	case 0:
		return "CASEI(" + s + ")"
	case 1:
		return "ACCENTI(" + s + ")"
	}
	return s
}

func (g gen) pattern() string {
	p := g.pick(`'Yu%'`, `'%a%'`, `'_%'`, `'%Park'`, `'h%'`, `'%\%%'`, `'%'`, `''`, `'玉溪%'`, `'_uxi%'`, `'Nor_h\_Park'`, `'HONGT%'`)
	switch g.r.IntN(4) {
	case 0:
		return "CASEI(" + p + ")"
	case 1:
		return "ACCENTI(CASEI(" + p + "))"
	}
	return p
}

func (g gen) instant() string {
	return g.pick("established", "updated", "DATE('2020-01-01')", "DATE('2021-01-01')", "DATE('2015-06-01')",
		"TIMESTAMP('2024-01-01T00:00:00Z')", "TIMESTAMP('2023-12-31T23:59:59Z')", "TIMESTAMP('2020-01-01T00:00:00Z')")
}

func (g gen) temporal() string {
	if g.r.IntN(3) == 0 {
		end := func() string {
			return g.pick("'..'", "established", "updated", "'2020-01-01'", "'2021-01-01'", "'2024-01-01T00:00:00Z'", "'2015-06-01'")
		}
		s, e := end(), end()
		// Keep the literal ends in order, as Check requires.
		if strings.HasPrefix(s, "'2") && strings.HasPrefix(e, "'2") && s > e {
			s, e = e, s
		}
		return "INTERVAL(" + s + ", " + e + ")"
	}
	return g.instant()
}

func (g gen) array() string {
	return g.pick("stages", "stages", "()", "('anode')", "('cathode', 'anode')", "('anode', 'cathode')",
		"('electrolyte', 'recycling')", "('x')")
}

// spatialLiterals returns geometries of every kind near the rows.
func spatialLiterals() []string {
	return []string{
		"POINT(5 5)", "POINT(10 5)", "POINT(20 20)", "MULTIPOINT(5 5, 6 6)", "LINESTRING(0 0, 5 5)", "LINESTRING(10 -1, 10 11)",
		"LINESTRING(-5 5, 25 5)", "MULTILINESTRING((0 0, 5 5), (6 6, 7 7))", "POLYGON((0 0, 5 0, 5 5, 0 0))",
		"POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))", "POLYGON((10 10, 10 0, 20 0, 20 10, 10 10))",
		"MULTIPOLYGON(((0 0, 5 0, 5 5, 0 0)), ((20 20, 30 20, 30 30, 20 20)))",
		"GEOMETRYCOLLECTION(POINT(1 1), LINESTRING(0 0, 3 3), POLYGON((0 0, 5 0, 5 5, 0 0)))", "BBOX(0, 0, 20, 20)",
	}
}
