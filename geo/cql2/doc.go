// Package cql2 is the filter language of OGC API - Features Part 3: CQL2
// (OGC 21-065), in its text and JSON encodings, as one tree (Expr) that a
// store either evaluates in memory (Eval) or translates (data/postgis turns
// it into SQL with placeholders).
//
// It is pure: it knows nothing of collections, HTTP or SQL. A caller plugs
// it in through three small interfaces:
//
//   - Schema, the queryable properties of a collection and their Types,
//     which Check uses to refuse unknown names and mistyped operands: a
//     small adapter over a collection definition, listing its queryable
//     properties and the geometry.
//   - Record, one feature's property values and geometry, which Eval reads.
//     The embedded store implements it over its decoded features.
//   - postgis.Columns, which maps a property name to the SQL expression of
//     its column, from the definition and never from the request.
//
// The path of a request's filter is:
//
//	e, err := cql2.ParseText(s)           // or cql2.ParseJSON(b) for filter-lang=cql2-json
//	err = cql2.Check(e, schema)           // unknown property, wrong types
//	ok, err := cql2.Eval(e, record)       // in memory, per feature
//	where, args, err := postgis.CQL2Where(e, schema, columns, n, opts) // in PostGIS
//
// A filter-crs other than CRS84 is honoured by TransformGeometries before
// Check. cql2test holds a table of rows and filters with the answers, and
// generators of filters, that every implementation must agree on.
//
// Every error of ParseText, ParseJSON, Check and CQL2Where that the client
// caused is an *Error, whose message is safe to show in a 400: syntax
// errors carry the line and column where the parser stopped and what it
// expected there. Filters longer than MaxLen bytes or nested deeper than
// MaxDepth are refused before they can cost much time or stack.
//
// Semantics, shared by Eval and the SQL translator and held to the same
// answers by the table in cql2test:
//   - NULL is SQL's: a comparison with NULL is unknown, NOT unknown is
//     unknown, and a filter that is unknown for a feature does not select it.
//   - Strings compare by code point (PostgreSQL's "C" collation); CASEI
//     lowers them character by character; ACCENTI strips the diacritics of
//     Latin letters, pinyin tones included.
//   - A date is the instant at midnight UTC of that day; temporal functions
//     follow Allen's interval relations with instants as zero-length
//     intervals and '..' as an unbounded end (TemporalConds), each
//     condition in three-valued logic (a NULL end leaves unknown only the
//     conditions that read it).
//   - Spatial functions are exact DE-9IM predicates (simplefeatures in
//     memory, GEOS in PostGIS) on lon/lat coordinates, planar.
//   - Arithmetic is PostgreSQL's float8: a division or modulo by zero is
//     NULL; an overflow or underflow is an *Error from Eval, and from the
//     database a data exception that postgis.CQL2QueryError makes one.
package cql2
