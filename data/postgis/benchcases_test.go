package postgis

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/geo"
)

// TestPgbenchCases writes, with -pgbench-scripts DIR, the statements
// scripts/bench.sh runs in pgbench for issue 10's cases on parcels, from
// the store's own SQL builders: the bbox page (the box's numbers as pgbench
// variables :x0 :y0 :x1 :y1, which -M prepared binds as parameters, as
// the store does), a page of 1,000, one feature by id (its $1 as the token
// @ID@, which the script fills with an expression of :k) and a tile (:z
// :x :y). Every other value is written in as a literal. Without the flag
// it checks that the scripts build.
func TestPgbenchCases(t *testing.T) {
	bbox := orb.Bound{Min: orb.Point{102, 24}, Max: orb.Point{102.1, 24.1}}
	page := func(q geo.FeatureQuery, vars map[int]string) string {
		st, err := pageSQL(geo.Parcels, q, CQLOptions{}, DefaultCountCap)
		if err != nil {
			t.Fatal(err)
		}
		return substitute(t, st.page, st.args, vars)
	}
	cases := map[string]string{
		"parcels-bbox":  page(geo.FeatureQuery{Limit: 100, BBox: &bbox}, map[int]string{1: ":x0", 2: ":y0", 3: ":x1", 4: ":y1"}),
		"parcels-1000":  page(geo.FeatureQuery{Limit: 1000}, nil),
		"parcels-by-id": substitute(t, featureByIDSQL(geo.Parcels, nil), []any{""}, map[int]string{1: "@ID@"}),
		"parcels-tile":  substitute(t, tileSQL(geo.Parcels, ""), []any{0, 0, 0}, map[int]string{1: ":z", 2: ":x", 3: ":y"}),
	}
	for name, sql := range cases {
		if strings.Contains(sql, "$") {
			t.Errorf("%s: a placeholder is left: %s", name, sql)
		}
		if *pgbenchScripts == "" {
			continue
		}
		text := "-- " + name + ": the statement data/postgis runs (go test ./data/postgis -run TestPgbenchCases -pgbench-scripts DIR).\n" + oneLine(sql) + ";\n"
		if err := os.WriteFile(filepath.Join(*pgbenchScripts, name+".sql"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// substitute writes vars[n] for $n, and the others' values as literals.
func substitute(t *testing.T, query string, args []any, vars map[int]string) string {
	t.Helper()
	out := placeholder.ReplaceAllStringFunc(query, func(p string) string {
		n := 0
		for _, r := range p[1:] {
			n = n*10 + int(r-'0')
		}
		if v, ok := vars[n]; ok {
			return v
		}
		lit, err := literal(args[n-1])
		if err != nil {
			t.Fatal(err)
		}
		return lit
	})
	return out
}

var spaces = regexp.MustCompile(`\s*\n\s*`)

// oneLine puts a statement on one line: pgbench's scripts end a
// statement at a line's end only with a semicolon, but \set lines must
// stand alone.
func oneLine(sql string) string { return spaces.ReplaceAllString(sql, " ") }
