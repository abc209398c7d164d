package api

import (
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
)

// wantsHTML reports whether a resource that has an HTML form should answer
// with it: f=html says so, any other f says not, and without f the Accept
// header decides.
func wantsHTML(c *gin.Context) bool {
	if f, ok := query(c)["f"]; ok {
		return len(f) == 1 && f[0] == "html"
	}
	return prefersHTML(c.GetHeader("Accept"))
}

// prefersHTML reports whether an Accept header ranks text/html above every
// JSON type. A tie goes to JSON, the API's default: Accept: */* (curl,
// fetch) gets JSON, and a browser, which names text/html and gives the rest
// to */* at a lower q, gets the page.
func prefersHTML(accept string) bool {
	if accept == "" {
		return false
	}
	ranges := parseAccept(accept)
	html := acceptQ(ranges, "text", "html")
	if html <= 0 {
		return false
	}
	for _, sub := range []string{"json", "geo+json", "schema+json", "vnd.oai.openapi+json"} {
		if acceptQ(ranges, "application", sub) >= html {
			return false
		}
	}
	return true
}

// mediaRange is one entry of an Accept header: type/subtype with its
// quality, * standing for any.
type mediaRange struct {
	typ, sub string
	q        float64
}

// parseAccept reads an Accept header (RFC 9110 §12.5.1) leniently: an entry
// it cannot read is dropped rather than failing the request, and a q that
// is not a number from 0 to 1 counts as 0.
func parseAccept(header string) []mediaRange {
	const maxRanges = 32 // enough for any browser; a longer header is noise
	var out []mediaRange
	for _, entry := range strings.Split(header, ",") {
		if len(out) == maxRanges {
			break
		}
		params := strings.Split(entry, ";")
		typ, sub, ok := strings.Cut(strings.TrimSpace(params[0]), "/")
		typ, sub = strings.ToLower(strings.TrimSpace(typ)), strings.ToLower(strings.TrimSpace(sub))
		if !ok || typ == "" || sub == "" || typ == "*" && sub != "*" {
			continue
		}
		r := mediaRange{typ: typ, sub: sub, q: 1}
		for _, p := range params[1:] {
			name, value, _ := strings.Cut(p, "=")
			if strings.ToLower(strings.TrimSpace(name)) != "q" {
				continue
			}
			q, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
			if err != nil || !(q >= 0 && q <= 1) {
				q = 0
			}
			r.q = q
		}
		out = append(out, r)
	}
	return out
}

// acceptQ is the quality an Accept header gives to typ/sub: that of the
// most specific range matching it (type/sub, then type/*, then */*), 0 when
// none does.
func acceptQ(ranges []mediaRange, typ, sub string) float64 {
	best, q := -1, 0.0
	for _, r := range ranges {
		specificity := -1
		switch {
		case r.typ == typ && r.sub == sub:
			specificity = 2
		case r.typ == typ && r.sub == "*":
			specificity = 1
		case r.typ == "*" && r.sub == "*":
			specificity = 0
		}
		if specificity > best || specificity == best && specificity >= 0 && r.q > q {
			best, q = specificity, r.q
		}
	}
	return q
}
