package cql2_test

import (
	"strings"
	"testing"

	"github.com/parkmap/parkmap/geo/cql2"
	"github.com/parkmap/parkmap/geo/cql2/cql2test"
)

const benchFilter = `name LIKE 'Yu%' AND area_ha BETWEEN 1 AND 100 AND status IN ('operating', 'planned') ` +
	`AND S_INTERSECTS(geom, POLYGON((1 1, 9 1, 9 9, 1 9, 1 1))) AND A_OVERLAPS(stages, ('anode', 'cathode'))`

func BenchmarkParseText(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cql2.ParseText(benchFilter); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseTextMax parses a filter of almost MaxLen bytes: the most
// work one request can ask of the parser.
func BenchmarkParseTextMax(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("status IN ('x'")
	for sb.Len() < cql2.MaxLen-10 {
		sb.WriteString(", 'x'")
	}
	sb.WriteString(")")
	s := sb.String()
	b.ReportAllocs()
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if _, err := cql2.ParseText(s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseTextDeep is a filter nested 100,000 deep, refused.
func BenchmarkParseTextDeep(b *testing.B) {
	s := strings.Repeat("(", 50000) + "a = 1" + strings.Repeat(")", 50000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cql2.ParseText(s); err == nil {
			b.Fatal("accepted")
		}
	}
}

func BenchmarkParseJSONDeep(b *testing.B) {
	s := []byte(strings.Repeat(`{"op":"not","args":[`, 2500) + "true" + strings.Repeat("]}", 2500))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cql2.ParseJSON(s); err == nil {
			b.Fatal("accepted")
		}
	}
}

func BenchmarkEval(b *testing.B) {
	e, err := cql2.ParseText(benchFilter)
	if err != nil {
		b.Fatal(err)
	}
	rows := cql2test.Rows()
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range rows {
			if _, err := cql2.Eval(e, r); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkEvalSpatial measures one exact spatial predicate on one row.
func BenchmarkEvalSpatial(b *testing.B) {
	e, err := cql2.ParseText("S_INTERSECTS(geom, POLYGON((1 1, 9 1, 9 9, 1 9, 1 1)))")
	if err != nil {
		b.Fatal(err)
	}
	r := cql2test.Rows()[0]
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cql2.Eval(e, r); err != nil {
			b.Fatal(err)
		}
	}
}
