package api

import (
	"math"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/geo"
)

// parseBBox parses an OGC bbox: minLon,minLat,maxLon,maxLat in CRS84, or
// the 6-number form with heights, which are ignored (the data is 2D).
func parseBBox(s string) (orb.Bound, error) {
	n, err := bboxNumbers(s, "minLon,minLat,maxLon,maxLat")
	if err != nil {
		return orb.Bound{}, err
	}
	minLon, minLat, maxLon, maxLat := n[0], n[1], n[2], n[3]
	for _, lon := range []float64{minLon, maxLon} {
		if lon < -180 || lon > 180 {
			return orb.Bound{}, invalid("bbox longitude %v is outside -180..180", lon)
		}
	}
	for _, lat := range []float64{minLat, maxLat} {
		if lat < -90 || lat > 90 {
			return orb.Bound{}, invalid("bbox latitude %v is outside -90..90", lat)
		}
	}
	if minLat > maxLat {
		return orb.Bound{}, invalid("bbox minimum latitude %v is above the maximum %v", minLat, maxLat)
	}
	// A west edge east of the east edge crosses the antimeridian: the
	// stores answer for both halves.
	return orb.Bound{Min: orb.Point{minLon, minLat}, Max: orb.Point{maxLon, maxLat}}, nil
}

// bboxNumbers reads a bbox's 4 numbers, or 6 with heights, which are
// dropped (the data is 2D); order names the axes for the message.
func bboxNumbers(s, order string) ([4]float64, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 && len(parts) != 6 {
		return [4]float64{}, invalid("bbox must be 4 numbers, %s (or 6 with heights); got %d", order, len(parts))
	}
	n := make([]float64, len(parts))
	for i, p := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return [4]float64{}, invalid("bbox value %d (%q) is not a finite number", i+1, truncate(p))
		}
		n[i] = v
	}
	if len(n) == 6 {
		return [4]float64{n[0], n[1], n[3], n[4]}, nil
	}
	return [4]float64{n[0], n[1], n[2], n[3]}, nil
}

// parseCount parses a non-negative integer parameter (limit, offset).
func parseCount(name, s string, max int) (int, error) {
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, invalid("%s must be a whole number; got %q", name, truncate(s))
	}
	if v < 0 {
		return 0, invalid("%s must not be negative; got %d", name, v)
	}
	return min(v, max), nil
}

// parseID checks a feature id against the collection's id pattern:
// anything else cannot name one of its features.
func parseID(pattern *regexp.Regexp, s string) (string, error) {
	if !pattern.MatchString(s) {
		return "", invalid("feature id %q is malformed: ids here match %s", truncate(s), pattern)
	}
	return s, nil
}

// parseList splits a comma-separated parameter, dropping empty items.
func parseList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// checkParams rejects parameters a route does not know, and repeated ones.
func checkParams(q url.Values, allowed []string) error {
	for name, values := range q {
		if !slices.Contains(allowed, name) {
			return invalid("unknown parameter %q; allowed here: %s", truncate(name), strings.Join(allowed, ", "))
		}
		if len(values) > 1 {
			return invalid("parameter %q is given %d times; give it once (lists are comma-separated)", name, len(values))
		}
	}
	return nil
}

// truncate keeps echoed input short in error messages.
func truncate(s string) string {
	const n = 40
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// parsePoint parses "lon,lat" in WGS 84.
func parsePoint(name, s string) (orb.Point, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 2 {
		return orb.Point{}, invalid("%s must be lon,lat (2 numbers); got %q", name, truncate(s))
	}
	lon, err := parseCoordinate(name+" longitude", parts[0], 180)
	if err != nil {
		return orb.Point{}, err
	}
	lat, err := parseCoordinate(name+" latitude", parts[1], 90)
	if err != nil {
		return orb.Point{}, err
	}
	return orb.Point{lon, lat}, nil
}

// parseCoordinate parses one finite number within ±limit.
func parseCoordinate(name, s string, limit float64) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, invalid("%s %q is not a finite number", name, truncate(s))
	}
	if v < -limit || v > limit {
		return 0, invalid("%s %v is outside -%v..%v", name, v, limit, limit)
	}
	return v, nil
}

// parseWeight parses one siting weight: a finite number from 0 to 1000.
func parseWeight(name, s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, invalid("%s %q is not a finite number", name, truncate(s))
	}
	if v < 0 || v > 1000 {
		return 0, invalid("%s must be from 0 to 1000; got %v", name, v)
	}
	return v, nil
}

// parseLanguage picks the language of reasons: the lang parameter when
// given (zh or en), else the first tag of an Accept-Language header that
// parkmap speaks, else Chinese.
func parseLanguage(param string, given bool, acceptLanguage string) (geo.Lang, error) {
	if given {
		switch geo.Lang(param) {
		case geo.LangZH, geo.LangEN:
			return geo.Lang(param), nil
		}
		return "", invalid("lang must be zh or en; got %q", truncate(param))
	}
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.Split(part, ";")[0]))
		switch {
		case strings.HasPrefix(tag, "zh"):
			return geo.LangZH, nil
		case strings.HasPrefix(tag, "en"):
			return geo.LangEN, nil
		}
	}
	return geo.LangZH, nil
}

// maxParams bounds the parameters of one query string. No route takes
// more than a dozen; the bound is there so that a query string of
// thousands of parameters is refused outright rather than parsed.
const maxParams = 64

// parseQuery parses a raw query string strictly: every "&"-separated
// parameter must be name[=value] with valid percent-escapes and UTF-8, no
// ";" (which net/url drops silently, with everything after it), and at
// most maxParams of them. Go's url.Query drops what it cannot parse and
// answers with the rest, which would serve an unfiltered page to a filter
// it failed to read; here anything unreadable is an error.
func parseQuery(raw string) (url.Values, error) {
	v := url.Values{}
	if raw == "" {
		return v, nil
	}
	if n := strings.Count(raw, "&") + 1; n > maxParams {
		return nil, invalid("the query string has %d parameters; at most %d are read", n, maxParams)
	}
	for part := range strings.SplitSeq(raw, "&") {
		if part == "" {
			continue
		}
		if strings.Contains(part, ";") {
			return nil, invalid("the query string holds a %q in %q: separate parameters with &, and escape ; in a value as %%3B", ";", truncate(part))
		}
		name, value, _ := strings.Cut(part, "=")
		n, err := url.QueryUnescape(name)
		if err != nil {
			return nil, invalid("parameter name %q is not a valid percent-encoded string", truncate(name))
		}
		val, err := url.QueryUnescape(value)
		if err != nil {
			return nil, invalid("the value of %q (%q) is not a valid percent-encoded string", truncate(n), truncate(value))
		}
		if !utf8.ValidString(n) || !utf8.ValidString(val) {
			return nil, invalid("parameter %q is not UTF-8", truncate(strings.ToValidUTF8(n, "?")))
		}
		if n == "" {
			return nil, invalid("a parameter has no name: %q", truncate(part))
		}
		v[n] = append(v[n], val)
	}
	return v, nil
}
