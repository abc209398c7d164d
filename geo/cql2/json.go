package cql2

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// maxJSONDepth bounds the nesting of the JSON itself, checked before
// encoding/json (which recurses) sees it: each CQL2 level is an object and
// its args array, and a geometry adds at most a few levels.
const maxJSONDepth = 2*MaxDepth + 8

// ParseJSON parses a cql2-json filter into the same tree ParseText builds
// for the equivalent cql2-text. Errors name where in the document they are
// (a path such as args[1].args[0]), or the line and column of a JSON
// syntax error.
func ParseJSON(src []byte) (Expr, error) {
	if len(src) > MaxLen {
		return nil, errorf("the filter is %d bytes long; at most %d are accepted", len(src), MaxLen)
	}
	if err := jsonDepth(src); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, jsonError(src, err)
	}
	if dec.More() {
		return nil, errorf("the filter has more than one JSON value")
	}
	e, err := (&jsonParser{}).boolean(v, "")
	if err != nil {
		return nil, err
	}
	if d := depth(e); d > MaxDepth {
		return nil, errorf("the filter nests %d levels deep; at most %d are accepted", d, MaxDepth)
	}
	return e, nil
}

// jsonDepth refuses JSON nested deeper than maxJSONDepth, in one pass over
// the bytes that skips strings.
func jsonDepth(src []byte) error {
	d := 0
	inString, escaped := false, false
	for _, c := range src {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			d++
			if d > maxJSONDepth {
				return errorf("the filter nests deeper than %d levels", MaxDepth)
			}
		case c == ']' || c == '}':
			d--
		}
	}
	return nil
}

// jsonError turns a decoding error into an *Error with a line and column.
func jsonError(src []byte, err error) error {
	var off int64 = -1
	if se, ok := errors.AsType[*json.SyntaxError](err); ok {
		off = se.Offset
	}
	if off < 0 {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			off = int64(len(src)) + 1
		} else {
			return errorf("the filter is not JSON: %v", err)
		}
	}
	line, col := 1, 1
	for i, r := range string(src) {
		if int64(i) >= off-1 && off > 0 {
			break
		}
		if r == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if strings.Contains(msg, "EOF") {
		msg = "the JSON ends too early"
	}
	return &Error{Line: line, Column: col, Msg: "invalid JSON: " + msg}
}

// jsonParser converts decoded JSON into the tree.
type jsonParser struct{}

func at(path string) string {
	if path == "" {
		return "the filter"
	}
	return path
}

func (j *jsonParser) errorf(path, format string, args ...any) *Error {
	return &Error{Msg: at(path) + ": " + fmt.Sprintf(format, args...)}
}

// boolean converts a condition.
func (j *jsonParser) boolean(v any, path string) (Expr, error) {
	e, err := j.expr(v, path)
	if err != nil {
		return nil, err
	}
	if !canBeBool(e) {
		return nil, j.errorf(path, "expected a condition (such as {\"op\": \"=\", ...}), found the value %s", e)
	}
	return e, nil
}

// value converts an operand: anything but a condition.
func (j *jsonParser) value(v any, path string) (Expr, error) {
	if _, ok := v.([]any); ok {
		return nil, j.errorf(path, "an array is only allowed as an argument of the A_ functions and IN")
	}
	e, err := j.expr(v, path)
	if err != nil {
		return nil, err
	}
	if isPredicate(e) {
		return nil, j.errorf(path, "expected a value, found a condition: %s", e)
	}
	return e, nil
}

// array converts a JSON array into an Array literal.
func (j *jsonParser) array(v any, path string) (Expr, error) {
	list, ok := v.([]any)
	if !ok {
		return j.value(v, path)
	}
	items := make([]Expr, 0, len(list))
	for i, it := range list {
		p := fmt.Sprintf("%s[%d]", path, i)
		var e Expr
		var err error
		if _, nested := it.([]any); nested {
			e, err = j.array(it, p)
		} else {
			e, err = j.value(it, p)
		}
		if err != nil {
			return nil, err
		}
		items = append(items, e)
	}
	return Array{Items: items}, nil
}

func (j *jsonParser) expr(v any, path string) (Expr, error) {
	switch v := v.(type) {
	case nil:
		return nil, j.errorf(path, "null is not a CQL2 value (use {\"op\": \"isNull\", ...})")
	case string:
		if strings.ContainsRune(v, 0) {
			return nil, j.errorf(path, "a string cannot contain the NUL character")
		}
		return String{Value: v}, nil
	case json.Number:
		f, err := v.Float64()
		if err != nil || math.IsInf(f, 0) {
			return nil, j.errorf(path, "the number %s is out of range", v)
		}
		return Number{Value: f}, nil
	case bool:
		return Bool{Value: v}, nil
	case []any:
		return nil, j.errorf(path, "an array is only allowed as an argument of the A_ functions and IN")
	case map[string]any:
		return j.object(v, path)
	}
	return nil, j.errorf(path, "unexpected JSON value")
}

// only checks that an object has exactly the keys given.
func (j *jsonParser) only(m map[string]any, path string, keys ...string) error {
	for k := range m {
		found := false
		for _, want := range keys {
			if k == want {
				found = true
			}
		}
		if !found {
			return j.errorf(path, "unexpected member %q (expected %s)", k, strings.Join(keys, ", "))
		}
	}
	return nil
}

func (j *jsonParser) object(m map[string]any, path string) (Expr, error) {
	switch {
	case m["op"] != nil:
		if err := j.only(m, path, "op", "args"); err != nil {
			return nil, err
		}
		return j.op(m, path)
	case m["property"] != nil:
		if err := j.only(m, path, "property"); err != nil {
			return nil, err
		}
		name, ok := m["property"].(string)
		if !ok || name == "" || strings.ContainsRune(name, 0) {
			return nil, j.errorf(path, "a property name must be a non-empty string without NUL")
		}
		return Property{Name: name}, nil
	case m["date"] != nil, m["timestamp"] != nil:
		key := "date"
		if m["timestamp"] != nil {
			key = "timestamp"
		}
		if err := j.only(m, path, key); err != nil {
			return nil, err
		}
		s, ok := m[key].(string)
		if !ok {
			return nil, j.errorf(path, "a %s must be a string", key)
		}
		e, err := instant(s, key == "date")
		if err != nil {
			return nil, j.errorf(path, "%s", err.Msg)
		}
		return e, nil
	case m["interval"] != nil:
		if err := j.only(m, path, "interval"); err != nil {
			return nil, err
		}
		ends, ok := m["interval"].([]any)
		if !ok || len(ends) != 2 {
			return nil, j.errorf(path, "an interval is an array of two instants")
		}
		var out [2]Expr
		for i, end := range ends {
			e, err := j.intervalEnd(end, fmt.Sprintf("%s.interval[%d]", path, i))
			if err != nil {
				return nil, err
			}
			out[i] = e
		}
		return Interval{Start: out[0], End: out[1]}, nil
	case m["bbox"] != nil:
		if err := j.only(m, path, "bbox"); err != nil {
			return nil, err
		}
		list, _ := m["bbox"].([]any)
		var v []float64
		for _, x := range list {
			n, ok := x.(json.Number)
			if !ok {
				return nil, j.errorf(path, "a bbox is an array of 4 or 6 numbers")
			}
			f, err := n.Float64()
			if err != nil || math.IsInf(f, 0) {
				return nil, j.errorf(path, "the number %s is out of range", n)
			}
			v = append(v, f)
		}
		b, msg := bbox(v)
		if msg != "" {
			return nil, j.errorf(path, "%s", msg)
		}
		return Geometry{Geom: b, BBox: true}, nil
	case m["type"] != nil:
		return j.geometry(m, path)
	case m["function"] != nil:
		return nil, j.errorf(path, "unknown function; the functions are CASEI and ACCENTI, as {\"op\": \"casei\", \"args\": [...]}")
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return nil, j.errorf(path, "expected an object with op, property, date, timestamp, interval, bbox or a GeoJSON geometry, found the members %v", keys)
}

func (j *jsonParser) intervalEnd(v any, path string) (Expr, error) {
	switch v := v.(type) {
	case string:
		if v == ".." {
			return nil, nil
		}
		e, err := instant(v, len(v) == len("2006-01-02"))
		if err != nil {
			return nil, j.errorf(path, "%s", err.Msg)
		}
		return e, nil
	case map[string]any:
		e, err := j.object(v, path)
		if err != nil {
			return nil, err
		}
		switch e.(type) {
		case Property, Date, Timestamp:
			return e, nil
		}
	}
	return nil, j.errorf(path, "expected a date, a timestamp, \"..\" or a property")
}

func (j *jsonParser) geometry(m map[string]any, path string) (Expr, error) {
	raw, err := json.Marshal(m)
	if err != nil {
		return nil, j.errorf(path, "invalid GeoJSON geometry")
	}
	g, err := geojson.UnmarshalGeometry(raw)
	if err != nil || g.Coordinates == nil && g.Geometries == nil {
		return nil, j.errorf(path, "invalid GeoJSON geometry (a Point, LineString, Polygon, MultiPoint, MultiLineString, MultiPolygon or GeometryCollection with coordinates)")
	}
	geom := g.Geometry()
	if empty(geom) {
		return nil, j.errorf(path, "empty geometries are not supported")
	}
	if err := validGeometry(geom); err != nil {
		return nil, j.errorf(path, "invalid %s: %v", g.Type, err)
	}
	return Geometry{Geom: geom}, nil
}

// empty reports whether g or any part of it has no points, which WKT
// literals cannot express here.
func empty(g orb.Geometry) bool {
	switch g := g.(type) {
	case nil:
		return true
	case orb.MultiPoint:
		return len(g) == 0
	case orb.LineString:
		return len(g) == 0
	case orb.MultiLineString:
		if len(g) == 0 {
			return true
		}
		for _, l := range g {
			if empty(l) {
				return true
			}
		}
	case orb.Polygon:
		if len(g) == 0 {
			return true
		}
		for _, r := range g {
			if len(r) == 0 {
				return true
			}
		}
	case orb.MultiPolygon:
		if len(g) == 0 {
			return true
		}
		for _, p := range g {
			if empty(p) {
				return true
			}
		}
	case orb.Collection:
		if len(g) == 0 {
			return true
		}
		for _, c := range g {
			if empty(c) {
				return true
			}
		}
	}
	return false
}

func (j *jsonParser) args(m map[string]any, path string, op string, n int) ([]any, error) {
	args, ok := m["args"].([]any)
	if !ok {
		return nil, j.errorf(path, "%q needs an args array", op)
	}
	if n > 0 && len(args) != n {
		return nil, j.errorf(path, "%q takes %d arguments, not %d", op, n, len(args))
	}
	return args, nil
}

func argPath(path string, i int) string {
	if path == "" {
		return fmt.Sprintf("args[%d]", i)
	}
	return fmt.Sprintf("%s.args[%d]", path, i)
}

func (j *jsonParser) op(m map[string]any, path string) (Expr, error) {
	op, ok := m["op"].(string)
	if !ok {
		return nil, j.errorf(path, "op must be a string")
	}
	lower := strings.ToLower(op)
	switch lower {
	case "and", "or", "not":
		n := 0
		if lower == "not" {
			n = 1
		}
		raw, err := j.args(m, path, op, n)
		if err != nil {
			return nil, err
		}
		if lower != "not" && len(raw) < 2 {
			return nil, j.errorf(path, "%q takes at least 2 arguments", op)
		}
		args := make([]Expr, len(raw))
		for i, a := range raw {
			if args[i], err = j.boolean(a, argPath(path, i)); err != nil {
				return nil, err
			}
		}
		switch lower {
		case "and":
			return And{Args: args}, nil
		case "or":
			return Or{Args: args}, nil
		}
		return Not{X: args[0]}, nil
	case "=", "<>", "<", ">", "<=", ">=", "+", "-", "*", "/", "%", "div":
		raw, err := j.args(m, path, op, 2)
		if err != nil {
			return nil, err
		}
		l, err := j.value(raw[0], argPath(path, 0))
		if err != nil {
			return nil, err
		}
		r, err := j.value(raw[1], argPath(path, 1))
		if err != nil {
			return nil, err
		}
		if compOps[lower] {
			return Compare{Op: lower, L: l, R: r}, nil
		}
		return Arith{Op: lower, L: l, R: r}, nil
	case "like":
		raw, err := j.args(m, path, op, 2)
		if err != nil {
			return nil, err
		}
		x, err := j.value(raw[0], argPath(path, 0))
		if err != nil {
			return nil, err
		}
		pat, err := j.pattern(raw[1], argPath(path, 1))
		if err != nil {
			return nil, err
		}
		return Like{X: x, Pattern: pat}, nil
	case "between":
		raw, err := j.args(m, path, op, 3)
		if err != nil {
			return nil, err
		}
		var v [3]Expr
		for i := range v {
			if v[i], err = j.value(raw[i], argPath(path, i)); err != nil {
				return nil, err
			}
		}
		return Between{X: v[0], Lo: v[1], Hi: v[2]}, nil
	case "in":
		raw, err := j.args(m, path, op, 2)
		if err != nil {
			return nil, err
		}
		x, err := j.value(raw[0], argPath(path, 0))
		if err != nil {
			return nil, err
		}
		items, ok := raw[1].([]any)
		if !ok || len(items) == 0 {
			return nil, j.errorf(argPath(path, 1), "IN needs a non-empty array of values")
		}
		list := make([]Expr, len(items))
		for i, it := range items {
			if list[i], err = j.value(it, fmt.Sprintf("%s[%d]", argPath(path, 1), i)); err != nil {
				return nil, err
			}
		}
		return In{X: x, List: list}, nil
	case "isnull":
		raw, err := j.args(m, path, op, 1)
		if err != nil {
			return nil, err
		}
		x, err := j.value(raw[0], argPath(path, 0))
		if err != nil {
			return nil, err
		}
		return IsNull{X: x}, nil
	}
	name := strings.ToUpper(op)
	kind := funcKinds[name]
	if kind == kindUnknown {
		return nil, j.errorf(path, "unknown op %q", op)
	}
	raw, err := j.args(m, path, op, kind.arity())
	if err != nil {
		return nil, err
	}
	args := make([]Expr, len(raw))
	for i, a := range raw {
		if kind == kindArray {
			args[i], err = j.array(a, argPath(path, i))
		} else {
			args[i], err = j.value(a, argPath(path, i))
		}
		if err != nil {
			return nil, err
		}
	}
	return Func{Name: name, Args: args}, nil
}

// pattern converts a LIKE pattern: a string, or casei/accenti of one.
func (j *jsonParser) pattern(v any, path string) (Expr, error) {
	switch v := v.(type) {
	case string:
		if strings.ContainsRune(v, 0) {
			return nil, j.errorf(path, "a string cannot contain the NUL character")
		}
		if err := checkPattern(v); err != nil {
			return nil, j.errorf(path, "%s", err.Msg)
		}
		return String{Value: v}, nil
	case map[string]any:
		if op, ok := v["op"].(string); ok {
			name := strings.ToUpper(op)
			if name == CaseI || name == AccentI {
				if err := j.only(v, path, "op", "args"); err != nil {
					return nil, err
				}
				raw, err := j.args(v, path, op, 1)
				if err != nil {
					return nil, err
				}
				inner, err := j.pattern(raw[0], argPath(path, 0))
				if err != nil {
					return nil, err
				}
				return Func{Name: name, Args: []Expr{inner}}, nil
			}
		}
	}
	return nil, j.errorf(path, "a LIKE pattern is a string, or casei/accenti of one")
}
