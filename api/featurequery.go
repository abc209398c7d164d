package api

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/geo"
	"github.com/parkmap/parkmap/geo/cql2"
)

// The parameters every items endpoint takes, beyond the collection's own
// queryable properties.
var itemsParams = []string{"bbox", "limit", "offset", "cursor", "datetime", "filter", "filter-lang", "filter-crs", "crs", "bbox-crs", "sortby", "properties", "skipGeometry", "coordsys", "f"}

// itemsParamsOf lists every parameter the collection's items accept: the
// common ones, then each queryable property by name and by its short alias.
func itemsParamsOf(c *geo.Collection) []string {
	return append(slices.Clone(itemsParams), queryableParams(c)...)
}

// parseSortBy parses sortby: names separated by commas, each with an
// optional + (ascending, the default; a + in a query string arrives as a
// space) or - (descending). Each must be one of sortable.
func parseSortBy(s string, sortable []string) ([]geo.SortKey, error) {
	var keys []geo.SortKey
	for _, term := range strings.Split(s, ",") {
		term = strings.TrimSpace(term)
		desc := false
		switch {
		case strings.HasPrefix(term, "-"):
			desc, term = true, term[1:]
		case strings.HasPrefix(term, "+"):
			term = term[1:]
		}
		if term == "" {
			return nil, invalid("sortby has an empty key; give +name or -name from: %s", strings.Join(sortable, ", "))
		}
		if !slices.Contains(sortable, term) {
			return nil, invalid("cannot sort by %q; sortable: %s", truncate(term), strings.Join(sortable, ", "))
		}
		if slices.ContainsFunc(keys, func(k geo.SortKey) bool { return k.Property == term }) {
			return nil, invalid("sortby names %q twice", term)
		}
		keys = append(keys, geo.SortKey{Property: term, Descending: desc})
	}
	return keys, nil
}

// parseProperties parses properties: the names of the properties to keep,
// comma-separated, each one of valid. An empty value keeps none.
func parseProperties(s string, valid []string) ([]string, error) {
	keep := []string{}
	if strings.TrimSpace(s) == "" {
		return keep, nil
	}
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if !slices.Contains(valid, name) {
			return nil, invalid("no property %q; the properties are: %s", truncate(name), strings.Join(valid, ", "))
		}
		if !slices.Contains(keep, name) {
			keep = append(keep, name)
		}
	}
	return keep, nil
}

// parseBool parses a boolean parameter such as skipGeometry.
func parseBool(name, s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1":
		return true, nil
	case "false", "0":
		return false, nil
	}
	return false, invalid("%s must be true or false; got %q", name, truncate(s))
}

// parseDatetime parses an OGC datetime: an instant (a date or an RFC 3339
// date-time) or an interval start/end whose open end is ".." or empty. A
// date stands for its whole day, in UTC.
func parseDatetime(s string) (geo.Interval, error) {
	const want = "datetime must be a date (2024-05-01), a date-time (2024-05-01T08:00:00Z) or an interval start/end with .. for an open end"
	parts := strings.Split(s, "/")
	switch len(parts) {
	case 1:
		start, end, err := parseInstant(parts[0])
		if err != nil {
			return geo.Interval{}, invalid("%s; got %q", want, truncate(s))
		}
		return geo.Interval{Start: &start, End: &end}, nil
	case 2:
		var iv geo.Interval
		if open(parts[0]) && open(parts[1]) {
			return iv, invalid("datetime interval %q is open at both ends; give at least one of them", truncate(s))
		}
		if !open(parts[0]) {
			start, _, err := parseInstant(parts[0])
			if err != nil {
				return iv, invalid("%s; the start %q is neither", want, truncate(parts[0]))
			}
			iv.Start = &start
		}
		if !open(parts[1]) {
			_, end, err := parseInstant(parts[1])
			if err != nil {
				return iv, invalid("%s; the end %q is neither", want, truncate(parts[1]))
			}
			iv.End = &end
		}
		if iv.Start != nil && iv.End != nil && iv.End.Before(*iv.Start) {
			return iv, invalid("datetime interval %q ends before it starts", truncate(s))
		}
		return iv, nil
	}
	return geo.Interval{}, invalid("%s; got %q", want, truncate(s))
}

func open(s string) bool { return s == "" || s == ".." }

// parseInstant returns the first and last moment an instant stands for:
// one moment for a date-time, the whole day for a date.
func parseInstant(s string) (start, end time.Time, err error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, strings.ToUpper(s)); err == nil {
		return t.UTC(), t.UTC(), nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, t, err
	}
	return t, t.Add(24*time.Hour - time.Nanosecond), nil
}

// parseCondition parses a filter on a queryable property: values separated
// by commas, matched as "any of", each of the property's type and, where
// valid values are known, one of them.
func parseCondition(p geo.Property, param, s string, valid []string) (geo.Condition, error) {
	values := parseList(s)
	listValid := ""
	if len(valid) > 0 {
		listValid = "; valid: " + strings.Join(valid, ", ")
	}
	if len(values) == 0 {
		return geo.Condition{}, invalid("%s is empty; give one or more values, comma-separated%s", param, listValid)
	}
	cond := geo.Condition{Property: p.Name}
	for _, v := range values {
		switch p.Type {
		case geo.TypeNumber, geo.TypeInteger:
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
				return cond, invalid("%s takes numbers; %q is not a finite number", param, truncate(v))
			}
			cond.AnyOf = append(cond.AnyOf, f)
		case geo.TypeBoolean:
			b, err := parseBool(param, v)
			if err != nil {
				return cond, err
			}
			cond.AnyOf = append(cond.AnyOf, b)
		default:
			if valid != nil && !slices.Contains(valid, v) {
				return cond, invalid("unknown %s %q%s", param, truncate(v), listValid)
			}
			cond.AnyOf = append(cond.AnyOf, v)
		}
	}
	return cond, nil
}

// parseFilter parses a CQL2 filter in its language (cql2-text, the default,
// or cql2-json) and checks it against the collection's queryables. Its
// geometry literals are in crs (filter-crs) and are brought to CRS84 by
// pj, as the stores filter in CRS84.
func parseFilter(def *geo.Collection, text, lang string, crs *geo.CRS, pj geo.Projector) (cql2.Expr, error) {
	var e cql2.Expr
	var err error
	switch lang {
	case "", "cql2-text":
		e, err = cql2.ParseText(text)
	case "cql2-json":
		e, err = cql2.ParseJSON([]byte(text))
	default:
		return nil, invalid("filter-lang %q is not offered: cql2-text (the default) or cql2-json", truncate(lang))
	}
	if err == nil && !crs.IsCRS84() {
		e, err = cql2.TransformGeometries(e, func(g orb.Geometry) (orb.Geometry, error) {
			return crs.GeometryToCRS84(pj, g)
		})
	}
	if err == nil {
		err = cql2.Check(e, def.CQL2Schema())
	}
	if err != nil {
		return nil, invalid("filter: %s", strings.TrimPrefix(err.Error(), geo.EInvalid+": "))
	}
	return e, nil
}

// datetimeParam reads datetime; nil when it is not given.
func datetimeParam(c *gin.Context) (*geo.Interval, error) {
	v, ok := c.GetQuery("datetime")
	if !ok {
		return nil, nil
	}
	iv, err := parseDatetime(v)
	if err != nil {
		return nil, err
	}
	return &iv, nil
}

// filterParam reads filter with its filter-lang and filter-crs, whose
// geometries pj brings to CRS84; nil when no filter is given.
func filterParam(c *gin.Context, def *geo.Collection, pj geo.Projector) (cql2.Expr, error) {
	v, ok := c.GetQuery("filter")
	if !ok {
		if _, lang := c.GetQuery("filter-lang"); lang {
			return nil, invalid("filter-lang without a filter")
		}
		return nil, nil
	}
	filterCRS, err := parseCRSParam(c, "filter-crs")
	if err != nil {
		return nil, err
	}
	return parseFilter(def, v, c.Query("filter-lang"), filterCRS, pj)
}

// conditions reads the filters on queryable properties, by name or short
// name, each checked against the values the property may take.
func (s *server) conditions(c *gin.Context, def *geo.Collection) ([]geo.Condition, error) {
	var where []geo.Condition
	for _, p := range def.Properties {
		if !p.Queryable {
			continue
		}
		for _, param := range []string{p.Param, p.Name} {
			v, ok := c.GetQuery(param)
			if param == "" || !ok {
				continue
			}
			valid, err := s.validValues(c, p)
			if err != nil {
				return nil, err
			}
			cond, err := parseCondition(p, param, v, valid)
			if err != nil {
				return nil, err
			}
			where = append(where, cond)
		}
	}
	return where, nil
}

// queryableParams are the parameters naming a collection's queryable
// properties, by short name and by name.
func queryableParams(c *geo.Collection) []string {
	var out []string
	for _, p := range c.Properties {
		if !p.Queryable {
			continue
		}
		if p.Param != "" {
			out = append(out, p.Param)
		}
		out = append(out, p.Name)
	}
	return out
}
