package cql2

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ParseText parses a cql2-text filter (OGC 21-065, the BNF of its annex A).
// A filter it cannot read is an *Error giving the line and column where it
// went wrong and what was expected there. Filters longer than MaxLen or
// nested deeper than MaxDepth are refused before they cost much.
//
// Keywords and function names are case-insensitive; property names are not.
// Operator precedence, loosest first: OR, AND, NOT, the predicates
// (comparisons, LIKE, BETWEEN, IN, IS NULL), + and -, then *, /, div and %.
func ParseText(src string) (Expr, error) {
	if len(src) > MaxLen {
		return nil, errorf("the filter is %d bytes long; at most %d are accepted", len(src), MaxLen)
	}
	p := &parser{lx: newLexer(src)}
	first := p.peek()
	if first.kind == tEOF {
		return nil, &Error{Line: 1, Column: 1, Msg: "the filter is empty"}
	}
	e, err := p.parseBool()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, p.errAt(t, "expected an operator, AND, OR or the end of the filter after %s, found %s",
			p.prev().describe(), t.describe())
	}
	if err := p.condition(e, first); err != nil {
		return nil, err
	}
	if d := depth(e); d > MaxDepth {
		return nil, errorf("the filter nests %d levels deep; at most %d are accepted", d, MaxDepth)
	}
	return e, nil
}

// parser is a recursive-descent parser that reads tokens as it goes, with
// two of lookahead: a filter refused early is never lexed to its end.
type parser struct {
	lx    *lexer
	ahead [3]token // lexed, not yet taken: ahead[:n]
	n     int
	last  token // the token taken last
	taken bool  // whether any token was taken
	depth int
}

func (p *parser) peek() token { return p.peekAt(0) }

func (p *parser) peekAt(off int) token {
	for p.n <= off {
		if p.n > 0 && p.ahead[p.n-1].kind == tEOF {
			return p.ahead[p.n-1]
		}
		p.ahead[p.n] = p.lx.next()
		p.n++
	}
	return p.ahead[off]
}

func (p *parser) prev() token {
	if !p.taken {
		return token{kind: tEOF}
	}
	return p.last
}

func (p *parser) take() token {
	t := p.peek()
	if t.kind != tEOF {
		copy(p.ahead[:], p.ahead[1:p.n])
		p.n--
		p.last, p.taken = t, true
	}
	return t
}

// errAt is an error at t; a token the lexer could not read brings its own.
func (p *parser) errAt(t token, format string, args ...any) *Error {
	if t.err != nil {
		return t.err
	}
	return &Error{Line: t.line, Column: t.col, Msg: fmt.Sprintf(format, args...)}
}

// expected is the error for a token that is not what the grammar needs.
func (p *parser) expected(what string) *Error {
	t := p.peek()
	if !p.taken {
		return p.errAt(t, "expected %s, found %s", what, t.describe())
	}
	return p.errAt(t, "expected %s after %s, found %s", what, p.prev().describe(), t.describe())
}

// enter counts one level of nesting; every recursive production calls it.
func (p *parser) enter() error {
	p.depth++
	if p.depth > MaxDepth {
		return p.errAt(p.peek(), "the filter nests deeper than %d levels", MaxDepth)
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

// isKeyword reports whether the token is the bare word kw, in any case.
func (t token) isKeyword(kw string) bool { return t.kind == tIdent && strings.EqualFold(t.text, kw) }

func (t token) isPunct(s string) bool { return t.kind == tPunct && t.text == s }

func (p *parser) expectPunct(s, what string) error {
	if !p.peek().isPunct(s) {
		return p.expected(what)
	}
	p.take()
	return nil
}

// isPredicate reports whether e is a boolean-valued node (as opposed to a
// value that may or may not be boolean, such as a property).
func isPredicate(e Expr) bool {
	switch e := e.(type) {
	case Not, And, Or, Compare, Like, Between, In, IsNull:
		return true
	case Func:
		return funcKinds[e.Name] != kindString
	}
	return false
}

// canBeBool reports whether e may stand where a condition is expected: a
// predicate, a boolean literal, or a property (the checker then demands
// that it be boolean).
func canBeBool(e Expr) bool {
	switch e.(type) {
	case Bool, Property:
		return true
	}
	return isPredicate(e)
}

// parseBool parses terms joined by OR. A lone term may be a value (in
// parentheses, "(a + 1) * 2 > 3"); terms that are joined must be conditions.
func (p *parser) parseBool() (Expr, error) {
	return p.joined("OR", p.parseAnd, func(args []Expr) Expr { return Or{Args: args} })
}

func (p *parser) parseAnd() (Expr, error) {
	return p.joined("AND", p.parseNot, func(args []Expr) Expr { return And{Args: args} })
}

// joined parses operands separated by the keyword sep.
func (p *parser) joined(sep string, operand func() (Expr, error), build func([]Expr) Expr) (Expr, error) {
	var args []Expr
	var starts []token
	for {
		starts = append(starts, p.peek())
		e, err := operand()
		if err != nil {
			return nil, err
		}
		args = append(args, e)
		if !p.peek().isKeyword(sep) {
			break
		}
		p.take()
	}
	if len(args) == 1 {
		return args[0], nil
	}
	for i, a := range args {
		if err := p.condition(a, starts[i]); err != nil {
			return nil, err
		}
	}
	return build(args), nil
}

// condition refuses a value where a condition must be.
func (p *parser) condition(e Expr, start token) error {
	if canBeBool(e) {
		return nil
	}
	return p.errAt(start, "expected a condition (such as name = 'x'), found the value %s", e)
}

func (p *parser) parseNot() (Expr, error) {
	if p.peek().isKeyword("NOT") {
		p.take()
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer p.leave()
		start := p.peek()
		x, err := p.parseNot()
		if err != nil {
			return nil, err
		}
		if err := p.condition(x, start); err != nil {
			return nil, err
		}
		return Not{X: x}, nil
	}
	return p.parsePredicate()
}

var compOps = map[string]bool{OpEq: true, OpNe: true, OpLt: true, OpGt: true, OpLe: true, OpGe: true}

// value parses an operand of a predicate: an arithmetic expression that
// is not itself a condition.
func (p *parser) value(what string) (Expr, error) {
	start := p.peek()
	if start.kind == tEOF || start.isPunct(")") || start.isPunct(",") ||
		(start.kind == tIdent && reserved[strings.ToUpper(start.text)] && !isValueKeyword(start.text)) {
		return nil, p.expected(what)
	}
	e, err := p.parseAdditive()
	if err != nil {
		return nil, err
	}
	if isPredicate(e) {
		return nil, p.errAt(start, "expected %s, found a condition: %s", what, e)
	}
	return e, nil
}

func (p *parser) parsePredicate() (Expr, error) {
	start := p.peek()
	if start.kind == tEOF || start.isPunct(")") {
		return nil, p.expected("a condition")
	}
	l, err := p.parseAdditive()
	if err != nil {
		return nil, err
	}
	t := p.peek()
	if t.kind == tPunct && compOps[t.text] {
		if isPredicate(l) {
			return nil, p.errAt(start, "cannot compare a condition with %s; compare values", t.text)
		}
		p.take()
		r, err := p.value("a value")
		if err != nil {
			return nil, err
		}
		return Compare{Op: t.text, L: l, R: r}, nil
	}
	negate := false
	if t.isKeyword("NOT") {
		n := p.peekAt(1)
		if n.isKeyword("LIKE") || n.isKeyword("BETWEEN") || n.isKeyword("IN") {
			p.take()
			negate = true
			t = p.peek()
		}
	}
	var e Expr
	switch {
	case t.isKeyword("LIKE"):
		p.take()
		pat, err := p.parsePattern()
		if err != nil {
			return nil, err
		}
		e = Like{X: l, Pattern: pat}
	case t.isKeyword("BETWEEN"):
		p.take()
		lo, err := p.value("a value")
		if err != nil {
			return nil, err
		}
		if !p.peek().isKeyword("AND") {
			return nil, p.expected("AND")
		}
		p.take()
		hi, err := p.value("a value")
		if err != nil {
			return nil, err
		}
		e = Between{X: l, Lo: lo, Hi: hi}
	case t.isKeyword("IN"):
		p.take()
		if err := p.expectPunct("(", "( and a list of values"); err != nil {
			return nil, err
		}
		var list []Expr
		for {
			v, err := p.value("a value in the IN list")
			if err != nil {
				return nil, err
			}
			list = append(list, v)
			if p.peek().isPunct(",") {
				p.take()
				continue
			}
			if err := p.expectPunct(")", "',' or ')'"); err != nil {
				return nil, err
			}
			break
		}
		e = In{X: l, List: list}
	case t.isKeyword("IS"):
		p.take()
		if p.peek().isKeyword("NOT") {
			p.take()
			negate = true
		}
		if !p.peek().isKeyword("NULL") {
			return nil, p.expected("NULL")
		}
		p.take()
		e = IsNull{X: l}
	default:
		return l, nil
	}
	if isPredicate(l) {
		return nil, p.errAt(start, "expected a value before %s, found a condition", t.describe())
	}
	if negate {
		e = Not{X: e}
	}
	return e, nil
}

// parsePattern parses a LIKE pattern: a string, or CASEI/ACCENTI of one.
func (p *parser) parsePattern() (Expr, error) {
	t := p.peek()
	if t.kind == tString {
		p.take()
		if err := checkPattern(t.val); err != nil {
			return nil, p.errAt(t, "%s", err.Msg)
		}
		return String{Value: t.val}, nil
	}
	if (t.isKeyword(CaseI) || t.isKeyword(AccentI)) && p.peekAt(1).isPunct("(") {
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer p.leave()
		p.take()
		p.take()
		inner, err := p.parsePattern()
		if err != nil {
			return nil, err
		}
		if err := p.expectPunct(")", "')'"); err != nil {
			return nil, err
		}
		return Func{Name: strings.ToUpper(t.text), Args: []Expr{inner}}, nil
	}
	return nil, p.expected("a pattern (a string such as 'Yuxi%')")
}

// checkPattern refuses a LIKE pattern that ends in a lone escape, as
// PostgreSQL does.
func checkPattern(s string) *Error {
	esc := false
	for i := 0; i < len(s); i++ {
		if esc {
			esc = false
			continue
		}
		if s[i] == '\\' {
			esc = true
		}
	}
	if esc {
		return errorf(`a LIKE pattern cannot end with the escape character \`)
	}
	return nil
}

func (p *parser) parseAdditive() (Expr, error) {
	l, err := p.parseMul()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		if !t.isPunct("+") && !t.isPunct("-") {
			return l, nil
		}
		p.take()
		r, err := p.parseMul()
		if err != nil {
			return nil, err
		}
		l = Arith{Op: t.text, L: l, R: r}
	}
}

func (p *parser) parseMul() (Expr, error) {
	l, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		var op string
		switch {
		case t.isPunct("*"), t.isPunct("/"), t.isPunct("%"):
			op = t.text
		case t.isKeyword("DIV"):
			op = OpDiv
		default:
			return l, nil
		}
		p.take()
		r, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		l = Arith{Op: op, L: l, R: r}
	}
}

func (p *parser) parseUnary() (Expr, error) {
	if !p.peek().isPunct("-") {
		return p.parsePrimary()
	}
	p.take()
	if t := p.peek(); t.kind == tNumber {
		p.take()
		v, err := p.number(t)
		if err != nil {
			return nil, err
		}
		return Number{Value: -v}, nil
	}
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	x, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	return Arith{Op: OpMul, L: Number{Value: -1}, R: x}, nil
}

func (p *parser) number(t token) (float64, error) {
	v, err := strconv.ParseFloat(t.text, 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, p.errAt(t, "the number %s is out of range", t.text)
	}
	return v, nil
}

// reserved words cannot be bare property names (quote them: "and").
var reserved = map[string]bool{
	"AND": true, "OR": true, "NOT": true, "LIKE": true, "BETWEEN": true, "IN": true, "IS": true,
	"NULL": true, "TRUE": true, "FALSE": true, "DIV": true, "DATE": true, "TIMESTAMP": true,
	"INTERVAL": true, "BBOX": true, "POINT": true, "LINESTRING": true, "POLYGON": true,
	"MULTIPOINT": true, "MULTILINESTRING": true, "MULTIPOLYGON": true, "GEOMETRYCOLLECTION": true,
}

// isValueKeyword reports whether the reserved word starts a value.
func isValueKeyword(s string) bool {
	switch strings.ToUpper(s) {
	case "TRUE", "FALSE", "DATE", "TIMESTAMP", "INTERVAL", "BBOX", "POINT", "LINESTRING", "POLYGON",
		"MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION":
		return true
	}
	return false
}

func (p *parser) parsePrimary() (Expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	t := p.peek()
	switch t.kind {
	case tNumber:
		p.take()
		v, err := p.number(t)
		if err != nil {
			return nil, err
		}
		return Number{Value: v}, nil
	case tString:
		p.take()
		return String{Value: t.val}, nil
	case tQuoted:
		p.take()
		if t.val == "" {
			return nil, p.errAt(t, "a property name cannot be empty")
		}
		return Property{Name: t.val}, nil
	case tPunct:
		if t.isPunct("(") {
			p.take()
			e, err := p.parseBool()
			if err != nil {
				return nil, err
			}
			if err := p.expectPunct(")", "')'"); err != nil {
				return nil, err
			}
			return e, nil
		}
	case tIdent:
		return p.parseWord()
	}
	return nil, p.expected("a value")
}

// parseWord parses what starts with a bare word: a keyword literal, a
// function call, or a property name.
func (p *parser) parseWord() (Expr, error) {
	t := p.peek()
	up := strings.ToUpper(t.text)
	switch up {
	case "TRUE", "FALSE":
		p.take()
		return Bool{Value: up == "TRUE"}, nil
	case "DATE", "TIMESTAMP":
		p.take()
		if err := p.expectPunct("(", "'('"); err != nil {
			return nil, err
		}
		s := p.peek()
		if s.kind != tString {
			return nil, p.expected("a quoted " + strings.ToLower(up))
		}
		p.take()
		v, err := instant(s.val, up == "DATE")
		if err != nil {
			return nil, p.errAt(s, "%s", err.Msg)
		}
		if err := p.expectPunct(")", "')'"); err != nil {
			return nil, err
		}
		return v, nil
	case "INTERVAL":
		p.take()
		if err := p.expectPunct("(", "'('"); err != nil {
			return nil, err
		}
		start, err := p.intervalEnd()
		if err != nil {
			return nil, err
		}
		if err := p.expectPunct(",", "','"); err != nil {
			return nil, err
		}
		end, err := p.intervalEnd()
		if err != nil {
			return nil, err
		}
		if err := p.expectPunct(")", "')'"); err != nil {
			return nil, err
		}
		return Interval{Start: start, End: end}, nil
	case "BBOX", "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION":
		return p.parseGeometry()
	}
	if p.peekAt(1).isPunct("(") {
		kind := funcKinds[up]
		if kind == kindUnknown {
			return nil, p.errAt(t, "unknown function %s", t.describe())
		}
		p.take()
		p.take()
		var args []Expr
		for i := 0; i < kind.arity(); i++ {
			if i > 0 {
				if err := p.expectPunct(",", fmt.Sprintf("',' and argument %d of %s", i+1, up)); err != nil {
					return nil, err
				}
			}
			var a Expr
			var err error
			if kind == kindArray && p.peek().isPunct("(") {
				a, err = p.parseArray()
			} else {
				a, err = p.value(fmt.Sprintf("argument %d of %s", i+1, up))
			}
			if err != nil {
				return nil, err
			}
			args = append(args, a)
		}
		if err := p.expectPunct(")", fmt.Sprintf("')' after the %d arguments of %s", kind.arity(), up)); err != nil {
			return nil, err
		}
		return Func{Name: up, Args: args}, nil
	}
	if reserved[up] {
		return nil, p.errAt(t, "expected a value, found the keyword %s (a property of that name is written \"%s\")", up, t.text)
	}
	p.take()
	return Property{Name: t.text}, nil
}

// intervalEnd parses one end of an INTERVAL: a date or timestamp string,
// '..' for an open end, or a property.
func (p *parser) intervalEnd() (Expr, error) {
	t := p.peek()
	switch t.kind {
	case tString:
		p.take()
		if t.val == ".." {
			return nil, nil
		}
		date := len(t.val) == len("2006-01-02")
		v, err := instant(t.val, date)
		if err != nil {
			return nil, p.errAt(t, "%s", err.Msg)
		}
		return v, nil
	case tQuoted, tIdent:
		if t.isKeyword("DATE") || t.isKeyword("TIMESTAMP") {
			// Not in the BNF, which wants bare strings here, but what
			// a writer of DATE('…') elsewhere will try.
			return p.parseWord()
		}
		if t.kind == tIdent && (reserved[strings.ToUpper(t.text)] || p.peekAt(1).isPunct("(")) {
			break
		}
		p.take()
		name := t.text
		if t.kind == tQuoted {
			name = t.val
		}
		return Property{Name: name}, nil
	}
	return nil, p.expected("a date, a timestamp, '..' or a property")
}

// instant reads a date (2006-01-02) or an RFC 3339 timestamp, in UTC.
func instant(s string, date bool) (Expr, *Error) {
	if date {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return nil, errorf("'%s' is not a date (YYYY-MM-DD)", s)
		}
		return Date{Value: d}, nil
	}
	ts, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return nil, errorf("'%s' is not a timestamp (RFC 3339, such as 2024-05-01T08:00:00Z)", s)
	}
	return Timestamp{Value: ts.UTC()}, nil
}

// parseArray parses an array literal: ( [element {, element}] ), where an
// element is a value or a nested array.
func (p *parser) parseArray() (Expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	p.take() // (
	items := []Expr{}
	if p.peek().isPunct(")") {
		p.take()
		return Array{Items: items}, nil
	}
	for {
		var v Expr
		var err error
		if p.peek().isPunct("(") {
			v, err = p.parseArray()
		} else {
			v, err = p.value("an array element")
		}
		if err != nil {
			return nil, err
		}
		items = append(items, v)
		if p.peek().isPunct(",") {
			p.take()
			continue
		}
		if err := p.expectPunct(")", "',' or ')'"); err != nil {
			return nil, err
		}
		return Array{Items: items}, nil
	}
}
