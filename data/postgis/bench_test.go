package postgis

import (
	"bytes"
	"context"
	"database/sql/driver"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/lib/pq"
	"github.com/paulmach/orb"
	orbewkb "github.com/paulmach/orb/encoding/ewkb"
	"github.com/paulmach/orb/geojson"
	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/ewkb"

	"github.com/parkmap/parkmap/geo"
)

var pgbenchScripts = flag.String("pgbench-scripts", "",
	"write the pgbench scripts of scripts/bench.sh into this directory")

// benchQuery is the query the items endpoint sends with no parameters: the
// API's default page.
var benchQuery = geo.FeatureQuery{Limit: 100}

// TestPgbenchScripts turns the statement Features runs for the items
// endpoint's default page into a pgbench script per collection, the
// arguments built by the store's own pageSQL and written in as literals,
// and checks that the script's SQL returns the very rows Features returns.
// scripts/bench.sh runs it with -pgbench-scripts DIR to get the scripts.
func TestPgbenchScripts(t *testing.T) {
	s, _ := newSeeded(t)
	ctx := context.Background()
	for _, def := range []*geo.Collection{geo.Parks, geo.Counties} {
		name := def.ID
		t.Run(name, func(t *testing.T) {
			st, err := pageSQL(def, benchQuery, s.cql, s.countCap)
			if err != nil {
				t.Fatal(err)
			}
			script, err := inline(st.page, st.args)
			if err != nil {
				t.Fatal(err)
			}

			want, err := s.Features(ctx, def, benchQuery)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := s.db.QueryContext(ctx, script)
			if err != nil {
				t.Fatalf("%v\n%s", err, script)
			}
			defer rows.Close()
			got := geo.FeaturePage{Last: want.Last}
			for rows.Next() {
				var (
					f  []byte
					id string
				)
				if err := rows.Scan(&got.Matched, &id, &f); err != nil {
					t.Fatal(err)
				}
				got.Features = append(got.Features, f)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("the script's rows differ from Features' (-Features +script):\n%s", diff)
			}

			if *pgbenchScripts == "" {
				return
			}
			text := fmt.Sprintf("-- GET /api/collections/%s/items: the statement data/postgis runs, its arguments\n"+
				"-- inlined (go test ./data/postgis -run TestPgbenchScripts -pgbench-scripts DIR).\n%s;\n", name, script)
			if err := os.WriteFile(filepath.Join(*pgbenchScripts, name+".sql"), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}
}

var placeholder = regexp.MustCompile(`\$[0-9]+`)

// inline replaces each $n in query with args[n-1] as an SQL literal.
// PostgreSQL plans lib/pq's unnamed statements with their parameters'
// values, so the plan is the one the store gets.
func inline(query string, args []any) (string, error) {
	var err error
	out := placeholder.ReplaceAllStringFunc(query, func(p string) string {
		n, _ := strconv.Atoi(p[1:])
		if n < 1 || n > len(args) {
			err = fmt.Errorf("%s: %d arguments", p, len(args))
			return p
		}
		lit, e := literal(args[n-1])
		if e != nil {
			err = e
		}
		return lit
	})
	return out, err
}

func literal(v any) (string, error) {
	if dv, ok := v.(driver.Valuer); ok {
		var err error
		if v, err = dv.Value(); err != nil {
			return "", err
		}
	}
	switch v := v.(type) {
	case nil:
		return "NULL", nil
	case int:
		return strconv.Itoa(v), nil
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64), nil
	case string:
		return pq.QuoteLiteral(v), nil
	case []byte:
		return pq.QuoteLiteral(string(v)), nil
	}
	return "", fmt.Errorf("no literal for %T", v)
}

// Where GeoJSON is encoded (DESIGN.md, "Performance principles"): in SQL
// (ST_AsGeoJSON and json_build_object, what Features does), or in Go from the
// geometry read as EWKB. qCountiesPageEWKB selects the same page as
// qCountiesPage, with the properties as columns and the geometry as EWKB.
const qCountiesPageEWKB = `
SELECT f.matched, x.code, x.name_zh, x.name_en, x.area_km2, x.citations, ST_AsEWKB(x.geom)
FROM (
	SELECT x.code, count(*) OVER () AS matched FROM counties x
	ORDER BY x.code LIMIT $1 OFFSET $2
) f JOIN counties x ON x.code = f.code
ORDER BY x.code`

// qCountiesPageJSONCast is qCountiesPage as it was before features were
// assembled as text: the geometry cast to json inside json_build_object,
// which re-parses it. Kept to measure against ("sql-json-cast").
const qCountiesPageJSONCast = `
SELECT f.matched, json_build_object(
	'type', 'Feature',
	'id', x.code,
	'geometry', ST_AsGeoJSON(x.geom, 7)::json,
	'properties', json_build_object(
		'code', x.code,
		'name_zh', x.name_zh,
		'name_en', x.name_en,
		'area_km2', x.area_km2,
		'sources', x.citations))::text
FROM (
	SELECT x.code, count(*) OVER () AS matched FROM counties x
	ORDER BY x.code LIMIT $1 OFFSET $2
) f JOIN counties x ON x.code = f.code
ORDER BY x.code`

// countiesSQL reads the counties' default page with query, a variant of
// qCountiesPage, scanning it as Features does.
func countiesSQL(ctx context.Context, s *Store, query string) (geo.FeaturePage, error) {
	rows, err := s.db.QueryContext(ctx, query, benchQuery.Limit, benchQuery.Offset)
	if err != nil {
		return geo.FeaturePage{}, err
	}
	defer rows.Close()
	page := geo.FeaturePage{Features: []json.RawMessage{}}
	for rows.Next() {
		var f []byte
		if err := rows.Scan(&page.Matched, &f); err != nil {
			return geo.FeaturePage{}, err
		}
		page.Features = append(page.Features, f)
	}
	return page, rows.Err()
}

// countyEncoder turns one row of qCountiesPageEWKB into a feature.
type countyEncoder func(code, nameZH, nameEN string, areaKM2 float64, sources []string, ewkb []byte) (json.RawMessage, error)

// encoders are the Go-side encodings measured against the SQL one.
var encoders = []struct {
	name   string
	encode countyEncoder
}{
	// go-geom decodes the EWKB; coordinates are appended as text directly
	// from its flat array, properties through encoding/json.
	{"go-geom", encodeCountyGoGeom},
	// orb decodes the EWKB and encodes the feature with encoding/json, as
	// data/memory does once at load.
	{"orb", encodeCountyOrb},
}

// countiesGo reads the counties' default page with qCountiesPageEWKB and
// encodes it with enc.
func countiesGo(ctx context.Context, s *Store, enc countyEncoder) (geo.FeaturePage, error) {
	rows, err := s.db.QueryContext(ctx, qCountiesPageEWKB, benchQuery.Limit, benchQuery.Offset)
	if err != nil {
		return geo.FeaturePage{}, err
	}
	defer rows.Close()
	page := geo.FeaturePage{Features: []json.RawMessage{}}
	for rows.Next() {
		var (
			code, nameZH, nameEN string
			area                 float64
			sources              []string
			g                    []byte
		)
		if err := rows.Scan(&page.Matched, &code, &nameZH, &nameEN, &area, (*pq.StringArray)(&sources), &g); err != nil {
			return geo.FeaturePage{}, err
		}
		f, err := enc(code, nameZH, nameEN, area, nonNil(sources), g)
		if err != nil {
			return geo.FeaturePage{}, err
		}
		page.Features = append(page.Features, f)
	}
	return page, rows.Err()
}

type countyProperties struct {
	Code    string   `json:"code"`
	NameZH  string   `json:"name_zh"`
	NameEN  string   `json:"name_en"`
	AreaKM2 float64  `json:"area_km2"`
	Sources []string `json:"sources"`
}

func encodeCountyGoGeom(code, nameZH, nameEN string, areaKM2 float64, sources []string, b []byte) (json.RawMessage, error) {
	g, err := ewkb.Unmarshal(b)
	if err != nil {
		return nil, err
	}
	mp, ok := g.(*geom.MultiPolygon)
	if !ok {
		return nil, fmt.Errorf("geometry is %T, want MultiPolygon", g)
	}
	id, err := json.Marshal(code)
	if err != nil {
		return nil, err
	}
	props, err := json.Marshal(countyProperties{code, nameZH, nameEN, areaKM2, sources})
	if err != nil {
		return nil, err
	}
	// A point is 16 bytes of EWKB and about 23 of text: "[102.1357422,23.328125],".
	out := make([]byte, 0, 96+len(id)+len(props)+len(b)*3/2)
	out = append(out, `{"type":"Feature","id":`...)
	out = append(out, id...)
	out = append(out, `,"geometry":{"type":"MultiPolygon","coordinates":[`...)
	flat, stride := mp.FlatCoords(), mp.Stride()
	start := 0
	for i, ends := range mp.Endss() {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, '[')
		for j, end := range ends {
			if j > 0 {
				out = append(out, ',')
			}
			out = append(out, '[')
			for k := start; k < end; k += stride {
				if k > start {
					out = append(out, ',')
				}
				out = append(out, '[')
				out = appendCoordinate(out, flat[k])
				out = append(out, ',')
				out = appendCoordinate(out, flat[k+1])
				out = append(out, ']')
			}
			out = append(out, ']')
			start = end
		}
		out = append(out, ']')
	}
	out = append(out, `]},"properties":`...)
	out = append(out, props...)
	return append(out, '}'), nil
}

// appendCoordinate writes x with at most 7 decimals, as ST_AsGeoJSON(g, 7).
func appendCoordinate(b []byte, x float64) []byte {
	n := len(b)
	b = strconv.AppendFloat(b, x, 'f', 7, 64) // always has a '.'
	for b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	b = bytes.TrimSuffix(b, []byte("."))
	if string(b[n:]) == "-0" {
		b = append(b[:n], '0')
	}
	return b
}

func encodeCountyOrb(code, nameZH, nameEN string, areaKM2 float64, sources []string, b []byte) (json.RawMessage, error) {
	g, _, err := orbewkb.Unmarshal(b)
	if err != nil {
		return nil, err
	}
	mp, ok := g.(orb.MultiPolygon)
	if !ok {
		return nil, fmt.Errorf("geometry is %T, want MultiPolygon", g)
	}
	for _, poly := range mp {
		for _, ring := range poly {
			for i, p := range ring {
				ring[i] = orb.Point{math.Round(p[0]*1e7) / 1e7, math.Round(p[1]*1e7) / 1e7}
			}
		}
	}
	return json.Marshal(struct {
		Type       string            `json:"type"`
		ID         string            `json:"id"`
		Geometry   *geojson.Geometry `json:"geometry"`
		Properties countyProperties  `json:"properties"`
	}{"Feature", code, geojson.NewGeometry(mp), countyProperties{code, nameZH, nameEN, areaKM2, sources}})
}

// TestEncodings checks that the other encodings measured by
// BenchmarkCountiesEncoding (in Go, and in SQL with the json cast) produce
// the features the store's SQL produces, so that the benchmark compares like
// with like.
func TestEncodings(t *testing.T) {
	s, _ := newSeeded(t)
	ctx := context.Background()
	want, err := s.Features(ctx, geo.Counties, benchQuery)
	if err != nil {
		t.Fatal(err)
	}
	type variant struct {
		name string
		read func() (geo.FeaturePage, error)
	}
	variants := []variant{{"sql-json-cast", func() (geo.FeaturePage, error) {
		return countiesSQL(ctx, s, qCountiesPageJSONCast)
	}}}
	for _, e := range encoders {
		variants = append(variants, variant{e.name, func() (geo.FeaturePage, error) {
			return countiesGo(ctx, s, e.encode)
		}})
	}
	for _, e := range variants {
		t.Run(e.name, func(t *testing.T) {
			got, err := e.read()
			if err != nil {
				t.Fatal(err)
			}
			if got.Matched != want.Matched || len(got.Features) != len(want.Features) {
				t.Fatalf("%d of %d features, SQL gives %d of %d", len(got.Features), got.Matched, len(want.Features), want.Matched)
			}
			for i := range want.Features {
				if diff := cmp.Diff(decode(t, want.Features[i]), decode(t, got.Features[i])); diff != "" {
					t.Errorf("feature %d (-SQL +%s):\n%s", i, e.name, diff)
				}
			}
		})
	}
}

// BenchmarkCountiesEncoding reads the counties' default page (nine detailed
// boundaries, about 290 KB of GeoJSON) encoded in SQL by Features ("sql"),
// in SQL with the geometry cast to json as Features once did
// ("sql-json-cast"), and read as EWKB and encoded in Go. "ewkb-scan" is the
// Go side's query and scan alone, without decoding or encoding: what the
// database and the wire cost it. One client, one query at a time: the
// database's share of ns/op is what a busy database would be short of.
func BenchmarkCountiesEncoding(b *testing.B) {
	s, _ := newSeeded(b)
	ctx := context.Background()
	b.Run("sql", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Features(ctx, geo.Counties, benchQuery); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sql-json-cast", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := countiesSQL(ctx, s, qCountiesPageJSONCast); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ewkb-scan", func(b *testing.B) {
		none := func(string, string, string, float64, []string, []byte) (json.RawMessage, error) { return nil, nil }
		b.ReportAllocs()
		for b.Loop() {
			if _, err := countiesGo(ctx, s, none); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, e := range encoders {
		b.Run(e.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := countiesGo(ctx, s, e.encode); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
