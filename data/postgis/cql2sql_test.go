package postgis

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/lib/pq"

	"github.com/parkmap/parkmap/data/postgis/postgistest"
	"github.com/parkmap/parkmap/geo/cql2"
	"github.com/parkmap/parkmap/geo/cql2/cql2test"
)

// testColumns reads each property from the column of the same name in the
// table cql_features, quoted; the geometry is geom.
type testColumns struct{}

func (testColumns) Column(name string) (string, bool) {
	if _, ok := cql2test.Types()[name]; !ok {
		return "", false
	}
	return "f." + pq.QuoteIdentifier(name), true
}

func TestCQL2WhereSQL(t *testing.T) {
	opt := CQLOptions{Unaccent: true, LowerCollation: "C.utf8"}
	tests := []struct {
		filter string
		first  int
		want   string
		args   []any
	}{
		{"area_ha > 3 AND status IN ('a', 'b')", 3,
			`(((f."area_ha") > $3::float8) AND ((f."status") IN ($4::text, $5::text)))`, []any{3.0, "a", "b"}},
		{"name < 'b'", 1, `((((f."name")) COLLATE "C") < (($1::text) COLLATE "C"))`, []any{"b"}},
		{"S_INTERSECTS(geom, BBOX(1, 2, 3, 4))", 1, `ST_Intersects((f."geom"), ST_GeomFromText($1::text, 4326))`,
			[]any{"POLYGON((1 2, 3 2, 3 4, 1 4, 1 2))"}},
		{"S_DISJOINT(geom, POINT(1 2))", 1, `(NOT ST_Intersects((f."geom"), ST_GeomFromText($1::text, 4326)))`, []any{"POINT(1 2)"}},
		{"A_CONTAINS(stages, ('a'))", 2, `((f."stages") @> $2::text[])`, []any{pq.StringArray{"a"}}},
		{"T_BEFORE(established, DATE('2020-01-01'))", 1, `((((f."established")::timestamp AT TIME ZONE 'UTC') < $1::timestamptz))`,
			[]any{time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}},
		{"T_INTERSECTS(updated, INTERVAL('..', '2020-01-01'))", 1,
			`(((f."updated") <= $1::timestamptz) AND ((f."updated") >= '-infinity'::timestamptz))`,
			[]any{time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}},
		{"CASEI(name) LIKE CASEI('yu%')", 1, `(lower(((f."name")) COLLATE "C.utf8") LIKE lower(($1::text) COLLATE "C.utf8"))`, []any{"yu%"}},
		{"ACCENTI(name) = 'x'", 1, `(unaccent((f."name")) = $1::text)`, []any{"x"}},
		{"area_ha div 2 = 1", 1, `(trunc(((f."area_ha"))::float8 / NULLIF(($1::float8)::float8, 0)) = $2::float8)`, []any{2.0, 1.0}},
	}
	for _, tt := range tests {
		t.Run(tt.filter, func(t *testing.T) {
			e, err := cql2.ParseText(tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			got, args, err := CQL2Where(e, cql2test.Types(), testColumns{}, tt.first, opt)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("SQL\n got %s\nwant %s", got, tt.want)
			}
			if d := cmp.Diff(tt.args, args); d != "" {
				t.Errorf("args (-want +got):\n%s", d)
			}
		})
	}
}

func TestCQL2WhereErrors(t *testing.T) {
	tests := []struct {
		filter string
		opt    CQLOptions
		want   string
	}{
		{"ACCENTI(name) = 'x'", CQLOptions{}, "ACCENTI is not available: the database lacks the unaccent extension"},
		{"area_ha = 'x'", CQLOptions{}, "cannot compare area_ha (a number) with 'x' (a string)"},
		{"nope = 1", CQLOptions{}, `unknown property "nope"; the queryable properties are: active, area_ha, county_code, established, geom, id, name, name_zh, stages, status, updated`},
	}
	for _, tt := range tests {
		t.Run(tt.filter, func(t *testing.T) {
			e, err := cql2.ParseText(tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = CQL2Where(e, cql2test.Types(), testColumns{}, 1, tt.opt)
			if _, ok := err.(*cql2.Error); !ok || err.Error() != tt.want {
				t.Errorf("error %v (%T), want *cql2.Error %q", err, err, tt.want)
			}
		})
	}
}

// sqlToken splits the translator's SQL into its lexemes.
var sqlToken = regexp.MustCompile(`\$[0-9]+|[A-Za-z_][A-Za-z_0-9]*|'[^']*'|"[^"]*"|[0-9]+|::|<>|<=|>=|@>|<@|&&|[()\[\]=<>,.+*/-]|\s+|.`)

// sqlVocabulary is every word and constant the translator may write: the
// SQL of any filter is made of these, placeholders, and punctuation.
var sqlVocabulary = map[string]bool{
	"AND": true, "OR": true, "NOT": true, "IN": true, "IS": true, "NULL": true, "LIKE": true,
	"BETWEEN": true, "COLLATE": true, "AT": true, "TIME": true, "ZONE": true,
	"text": true, "float8": true, "boolean": true, "timestamptz": true, "timestamp": true, "numeric": true,
	"ST_Intersects": true, "ST_Within": true, "ST_Contains": true, "ST_Equals": true, "ST_Touches": true,
	"ST_Crosses": true, "ST_Overlaps": true, "ST_GeomFromText": true,
	"lower": true, "unaccent": true, "trunc": true, "mod": true, "NULLIF": true,
	"f": true, "4326": true, "0": true,
	`"C"`: true, `"C.utf8"`: true, "'UTC'": true, "'-infinity'": true, "'infinity'": true,
}

// FuzzCQL2WhereNoInput checks that whatever the filter, its SQL is made of
// the translator's own vocabulary: every value went to a placeholder and
// every property name to a column the resolver gave.
func FuzzCQL2WhereNoInput(f *testing.F) {
	for _, c := range cql2test.Cases() {
		f.Add(c.Filter)
	}
	f.Add("name = 'x'' OR 1=1 --' AND status LIKE '%\"; DROP TABLE t; --'")
	vocabulary := map[string]bool{}
	for w := range sqlVocabulary {
		vocabulary[w] = true
	}
	for name := range cql2test.Types() {
		vocabulary[pq.QuoteIdentifier(name)] = true
	}
	opt := CQLOptions{Unaccent: true, LowerCollation: "C.utf8"}
	f.Fuzz(func(t *testing.T, filter string) {
		e, err := cql2.ParseText(filter)
		if err != nil || cql2.Check(e, cql2test.Types()) != nil {
			return
		}
		got, args, err := CQL2Where(e, cql2test.Types(), testColumns{}, 1, opt)
		if err != nil {
			t.Fatalf("CQL2Where(%s): %v", e, err)
		}
		for _, tok := range sqlToken.FindAllString(got, -1) {
			switch {
			case strings.TrimSpace(tok) == "", vocabulary[tok], strings.ContainsAny(tok[:1], "()[]=<>,.+*/-:@&"):
			case tok[0] == '$':
				var n int
				if _, err := fmt.Sscanf(tok, "$%d", &n); err != nil || n < 1 || n > len(args) {
					t.Fatalf("placeholder %s with %d args in %s", tok, len(args), got)
				}
			default:
				t.Fatalf("the SQL of %s has %q, which the translator does not write:\n%s", e, tok, got)
			}
		}
	})
}

// TestCQL2WherePostGIS runs the shared table of filters in PostGIS and in
// memory over the same rows, and checks that both select the ids the table
// says.
func TestCQL2WherePostGIS(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	db, err := sql.Open("postgres", postgistest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// One connection, so that the session's time zone holds for every
	// query: dates must not move with it.
	db.SetMaxOpenConns(1)
	for _, stmt := range []string{
		`SET TimeZone = 'Asia/Shanghai'`,
		`CREATE EXTENSION IF NOT EXISTS unaccent`,
		`CREATE TABLE cql_features (
			id integer PRIMARY KEY, name text, name_zh text, area_ha numeric, county_code integer,
			status text, active boolean, established date, updated timestamptz, stages text[],
			geom geometry(Geometry, 4326))`,
		`CREATE INDEX cql_features_geom ON cql_features USING gist (geom)`,
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	rows := cql2test.Rows()
	for _, r := range rows {
		var wkt any
		if r.Geom != nil {
			wkt = cql2.WKT(r.Geom)
		}
		var stages any
		if s, ok := r.Props["stages"].([]string); ok {
			stages = pq.StringArray(s)
		}
		_, err := db.ExecContext(ctx, `INSERT INTO cql_features VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
			ST_GeomFromText($11, 4326))`, r.ID, r.Props["name"], r.Props["name_zh"], r.Props["area_ha"],
			r.Props["county_code"], r.Props["status"], r.Props["active"], r.Props["established"],
			r.Props["updated"], stages, wkt)
		if err != nil {
			t.Fatalf("insert row %d: %v", r.ID, err)
		}
	}
	opt, err := DetectCQLOptions(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if !opt.Unaccent || opt.LowerCollation == "" {
		t.Fatalf("DetectCQLOptions = %+v, want unaccent and C.utf8 on the test server", opt)
	}

	type testCase struct {
		cql2test.Case
		known bool // whether Want is written down, or only agreement checked
	}
	var cases []testCase
	for _, c := range cql2test.Cases() {
		cases = append(cases, testCase{c, true})
	}
	for _, f := range cql2test.SpatialFilters() {
		cases = append(cases, testCase{cql2test.Case{Filter: f}, false})
	}
	for _, f := range cql2test.RandomFilters(1, 500) {
		cases = append(cases, testCase{cql2test.Case{Filter: f}, false})
	}
	for _, c := range cases {
		t.Run(c.Filter, func(t *testing.T) {
			e, err := cql2.ParseText(c.Filter)
			if err != nil {
				t.Fatal(err)
			}
			var inMemory []int
			for _, r := range rows {
				ok, err := cql2.Eval(e, r)
				if err != nil {
					t.Fatal(err)
				}
				if ok {
					inMemory = append(inMemory, r.ID)
				}
			}
			where, args, err := CQL2Where(e, cql2test.Types(), testColumns{}, 1, opt)
			if err != nil {
				t.Fatal(err)
			}
			q := "SELECT id FROM cql_features f WHERE " + where + " ORDER BY id"
			res, err := db.QueryContext(ctx, q, args...)
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			defer res.Close()
			var inSQL []int
			for res.Next() {
				var id int
				if err := res.Scan(&id); err != nil {
					t.Fatal(err)
				}
				inSQL = append(inSQL, id)
			}
			if err := res.Err(); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(inMemory, inSQL); d != "" {
				t.Errorf("PostGIS and memory differ (-memory +PostGIS):\n%s\nSQL: %s", d, q)
			}
			if d := cmp.Diff(c.Want, inSQL); d != "" && c.known {
				t.Errorf("PostGIS selects (-want +got):\n%s\nSQL: %s", d, q)
			}
		})
	}

	for _, f := range cql2test.Unevaluable() {
		t.Run(f, func(t *testing.T) {
			e, err := cql2.ParseText(f)
			if err != nil {
				t.Fatal(err)
			}
			where, args, err := CQL2Where(e, cql2test.Types(), testColumns{}, 1, opt)
			if err != nil {
				t.Fatal(err)
			}
			var n int
			err = CQL2QueryError(db.QueryRowContext(ctx, "SELECT count(*) FROM cql_features f WHERE "+where, args...).Scan(&n))
			if _, ok := err.(*cql2.Error); !ok {
				t.Errorf("query: %v (%T), want a *cql2.Error", err, err)
			}
		})
	}

	// CASEI and ACCENTI of every character of the Basic Multilingual Plane,
	// in one string: memory and PostGIS must give the same text.
	var bmp strings.Builder
	for r := rune(0x20); r < 0x10000; r++ {
		if r < 0xd800 || r > 0xdfff {
			bmp.WriteRune(r)
		}
	}
	for _, fn := range []string{cql2.CaseI, cql2.AccentI} {
		t.Run(fn+" agrees on every character", func(t *testing.T) {
			call := cql2.Func{Name: fn, Args: []cql2.Expr{cql2.String{Value: bmp.String()}}}
			b := &sqlBuilder{s: cql2test.Types(), cols: testColumns{}, first: 1, opt: opt}
			q, err := b.value(call)
			if err != nil {
				t.Fatal(err)
			}
			var pg string
			if err := db.QueryRowContext(ctx, "SELECT "+q, b.args...).Scan(&pg); err != nil {
				t.Fatal(err)
			}
			same := cql2.Compare{Op: cql2.OpEq, L: call, R: cql2.String{Value: pg}}
			if ok, err := cql2.Eval(same, nil); err != nil || !ok {
				t.Errorf("%s in memory differs from %s in PostgreSQL on U+0020–U+FFFF (%v)", fn, q, err)
			}
		})
	}

	t.Run("spatial filters use the GIST index", func(t *testing.T) {
		if _, err := db.ExecContext(ctx, "SET enable_seqscan = off"); err != nil {
			t.Fatal(err)
		}
		defer db.ExecContext(ctx, "SET enable_seqscan = on")
		for _, filter := range []string{
			"S_INTERSECTS(geom, POINT(5 5))", "S_WITHIN(geom, BBOX(0, 0, 30, 30))", "S_CONTAINS(geom, POINT(5 5)) AND area_ha > 1",
		} {
			e, err := cql2.ParseText(filter)
			if err != nil {
				t.Fatal(err)
			}
			where, args, err := CQL2Where(e, cql2test.Types(), testColumns{}, 1, opt)
			if err != nil {
				t.Fatal(err)
			}
			var plan []string
			res, err := db.QueryContext(ctx, "EXPLAIN SELECT id FROM cql_features f WHERE "+where, args...)
			if err != nil {
				t.Fatal(err)
			}
			for res.Next() {
				var line string
				if err := res.Scan(&line); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, line)
			}
			res.Close()
			if !strings.Contains(strings.Join(plan, "\n"), "cql_features_geom") {
				t.Errorf("%s: the plan does not use the GIST index:\n%s", filter, strings.Join(plan, "\n"))
			}
		}
	})
}
