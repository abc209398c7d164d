package cql2

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind is the kind of a cql2-text token.
type tokKind int

const (
	tEOF    tokKind = iota
	tIdent          // a bare identifier or keyword
	tQuoted         // a "double-quoted" property name
	tString         // a 'character literal'
	tNumber         // an unsigned number
	tPunct          // ( ) , = <> < > <= >= + - * / %
	tBad            // a character that starts no token
)

// token is one lexeme with where it starts.
type token struct {
	kind      tokKind
	text      string // the source text (for messages and numbers)
	val       string // a string's or a quoted name's value
	line, col int
	err       *Error // why the lexer could not read it (kind tBad)
}

// describe names the token for an error message.
func (t token) describe() string {
	switch t.kind {
	case tEOF:
		return "the end of the filter"
	case tString:
		return "'" + t.val + "'"
	case tBad:
		return "the character " + t.text
	}
	return "'" + t.text + "'"
}

// lexer turns cql2-text into tokens, tracking lines and columns.
type lexer struct {
	src       string
	pos       int
	line, col int
}

func newLexer(src string) *lexer { return &lexer{src: src, line: 1, col: 1} }

func (l *lexer) peekRune(off int) rune {
	if l.pos+off >= len(l.src) {
		return -1
	}
	r, _ := utf8.DecodeRuneInString(l.src[l.pos+off:])
	return r
}

func (l *lexer) advance() rune {
	r, n := utf8.DecodeRuneInString(l.src[l.pos:])
	l.pos += n
	if r == '\n' {
		l.line++
		l.col = 1
	} else {
		l.col++
	}
	return r
}

func isIdentStart(r rune) bool {
	return r == '_' || r == ':' || unicode.IsLetter(r)
}

func isIdentPart(r rune) bool {
	return isIdentStart(r) || r == '.' || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) ||
		r == 0x203F || r == 0x2040
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// next returns the next token; an unterminated string or name is a tBad
// token with its error, after which the input is at its end.
func (l *lexer) next() token {
	t, err := l.lex()
	if err != nil {
		l.pos = len(l.src)
		return token{kind: tBad, line: t.line, col: t.col, err: err}
	}
	return t
}

func (l *lexer) lex() (token, *Error) {
	for l.pos < len(l.src) {
		r := l.peekRune(0)
		if !unicode.IsSpace(r) {
			break
		}
		l.advance()
	}
	t := token{line: l.line, col: l.col}
	if l.pos >= len(l.src) {
		return t, nil
	}
	start := l.pos
	r := l.peekRune(0)
	switch {
	case isIdentStart(r):
		for l.pos < len(l.src) && isIdentPart(l.peekRune(0)) {
			l.advance()
		}
		t.kind = tIdent
	case isDigit(r) || (r == '.' && isDigit(l.peekRune(1))):
		for isDigit(l.peekRune(0)) {
			l.advance()
		}
		if l.peekRune(0) == '.' {
			l.advance()
			for isDigit(l.peekRune(0)) {
				l.advance()
			}
		}
		if e := l.peekRune(0); e == 'e' || e == 'E' {
			off := 1
			if s := l.peekRune(1); s == '+' || s == '-' {
				off = 2
			}
			if isDigit(l.peekRune(off)) {
				for range off {
					l.advance()
				}
				for isDigit(l.peekRune(0)) {
					l.advance()
				}
			}
		}
		t.kind = tNumber
	case r == '\'':
		l.advance()
		var b strings.Builder
		for {
			if l.pos >= len(l.src) {
				return t, &Error{Line: t.line, Column: t.col, Msg: "a string that starts here is never closed with '"}
			}
			c := l.advance()
			switch {
			case c == 0:
				return t, noNUL(t)
			case c == '\'' && l.peekRune(0) == '\'':
				l.advance()
				b.WriteByte('\'')
			case c == '\\' && l.peekRune(0) == '\'':
				l.advance()
				b.WriteByte('\'')
			case c == '\'':
				t.kind, t.val, t.text = tString, b.String(), l.src[start:l.pos]
				return t, nil
			default:
				b.WriteRune(c)
			}
		}
	case r == '"':
		l.advance()
		var b strings.Builder
		for {
			if l.pos >= len(l.src) {
				return t, &Error{Line: t.line, Column: t.col, Msg: `a property name that starts here is never closed with "`}
			}
			c := l.advance()
			if c == 0 {
				return t, noNUL(t)
			}
			if c == '"' {
				if l.peekRune(0) == '"' {
					l.advance()
					b.WriteByte('"')
					continue
				}
				t.kind, t.val, t.text = tQuoted, b.String(), l.src[start:l.pos]
				return t, nil
			}
			b.WriteRune(c)
		}
	case r == '<':
		l.advance()
		if n := l.peekRune(0); n == '>' || n == '=' {
			l.advance()
		}
		t.kind = tPunct
	case r == '>':
		l.advance()
		if l.peekRune(0) == '=' {
			l.advance()
		}
		t.kind = tPunct
	case strings.ContainsRune("(),=+-*/%", r):
		l.advance()
		t.kind = tPunct
	default:
		l.advance()
		t.kind = tBad
		if r == utf8.RuneError {
			t.text = "(invalid UTF-8)"
			return t, nil
		}
	}
	t.text = l.src[start:l.pos]
	return t, nil
}

// noNUL is the error for a NUL character in a string or a name, which
// PostgreSQL's text cannot hold.
func noNUL(t token) *Error {
	return &Error{Line: t.line, Column: t.col, Msg: "a string or a name cannot contain the NUL character"}
}
