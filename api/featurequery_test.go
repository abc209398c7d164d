package api

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/parkmap/parkmap/geo"
)

func TestParseSortBy(t *testing.T) {
	sortable := geo.Parks.Sortables()
	tests := []struct {
		in      string
		want    []geo.SortKey
		wantErr string
	}{
		{"name_en", []geo.SortKey{{Property: "name_en"}}, ""},
		{"-name_en", []geo.SortKey{{Property: "name_en", Descending: true}}, ""},
		{"+name_en", []geo.SortKey{{Property: "name_en"}}, ""},
		{" name_en", []geo.SortKey{{Property: "name_en"}}, ""}, // a + unescaped in a URL
		{"county_code, -id", []geo.SortKey{{Property: "county_code"}, {Property: "id", Descending: true}}, ""},
		{"", nil, "empty key"},
		{"-", nil, "empty key"},
		{"name_en,", nil, "empty key"},
		{"--name_en", nil, "cannot sort by"},
		{"segments", nil, "cannot sort by \"segments\""},
		{"Name_en", nil, "cannot sort by"},
		{"id,-id", nil, "names \"id\" twice"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseSortBy(tt.in, sortable)
			checkParsed(t, err, tt.wantErr)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("parseSortBy(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// checkParsed holds err to wantErr: nil when it is empty, else an
// EInvalid error saying it.
func checkParsed(t *testing.T, err error, wantErr string) {
	t.Helper()
	switch {
	case wantErr == "" && err != nil:
		t.Fatalf("error %v, want none", err)
	case wantErr != "" && err == nil:
		t.Fatalf("no error, want one saying %q", wantErr)
	case err != nil && (geo.ErrorCode(err) != geo.EInvalid || !strings.Contains(geo.ErrorMessage(err), wantErr)):
		t.Fatalf("error %v (code %s), want %s saying %q", err, geo.ErrorCode(err), geo.EInvalid, wantErr)
	}
}

// sortByString writes keys back as a sortby value.
func sortByString(keys []geo.SortKey) string {
	terms := make([]string, len(keys))
	for i, k := range keys {
		terms[i] = "+" + k.Property
		if k.Descending {
			terms[i] = "-" + k.Property
		}
	}
	return strings.Join(terms, ",")
}

func FuzzParseSortBy(f *testing.F) {
	for _, s := range []string{"name_en", "-name_en,+id", " county_code", "", "-", ",", "id,-id", "+-id", "segments", "\xff"} {
		f.Add(s)
	}
	sortable := geo.Parks.Sortables()
	f.Fuzz(func(t *testing.T, s string) {
		keys, err := parseSortBy(s, sortable)
		if err != nil {
			if geo.ErrorCode(err) != geo.EInvalid {
				t.Fatalf("parseSortBy(%q): %v, want code %s", s, err, geo.EInvalid)
			}
			return
		}
		if len(keys) == 0 {
			t.Fatalf("parseSortBy(%q) accepted no keys", s)
		}
		seen := map[string]bool{}
		for _, k := range keys {
			if !slices.Contains(sortable, k.Property) || seen[k.Property] {
				t.Fatalf("parseSortBy(%q) = %v: an unsortable or repeated key", s, keys)
			}
			seen[k.Property] = true
		}
		again, err := parseSortBy(sortByString(keys), sortable)
		if err != nil || !slices.Equal(again, keys) {
			t.Fatalf("parseSortBy(%q) = %v, but its own form %q gives %v, %v", s, keys, sortByString(keys), again, err)
		}
	})
}

func TestParseProperties(t *testing.T) {
	valid := geo.Parks.Names(nil)
	tests := []struct {
		in      string
		want    []string
		wantErr string
	}{
		{"", []string{}, ""},
		{"  ", []string{}, ""},
		{"status", []string{"status"}, ""},
		{"status, name_en", []string{"status", "name_en"}, ""},
		{"status,status", []string{"status"}, ""},
		{"status,", nil, "no property \"\""},
		{"colour", nil, "no property \"colour\""},
		{"id", nil, "no property \"id\""}, // the id is not a property
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseProperties(tt.in, valid)
			checkParsed(t, err, tt.wantErr)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("parseProperties(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func FuzzParseProperties(f *testing.F) {
	for _, s := range []string{"", "status", "status,name_en", "status,status", ",", "colour", " name_zh ,segments"} {
		f.Add(s)
	}
	valid := geo.Parks.Names(nil)
	f.Fuzz(func(t *testing.T, s string) {
		keep, err := parseProperties(s, valid)
		if err != nil {
			if geo.ErrorCode(err) != geo.EInvalid {
				t.Fatalf("parseProperties(%q): %v, want code %s", s, err, geo.EInvalid)
			}
			return
		}
		if keep == nil {
			t.Fatalf("parseProperties(%q) = nil: accepted, it must keep a list, perhaps empty", s)
		}
		for i, name := range keep {
			if !slices.Contains(valid, name) || slices.Contains(keep[:i], name) {
				t.Fatalf("parseProperties(%q) = %v: an unknown or repeated name", s, keep)
			}
		}
		again, err := parseProperties(strings.Join(keep, ","), valid)
		if err != nil || !slices.Equal(again, keep) {
			t.Fatalf("parseProperties(%q) = %v, but its own form gives %v, %v", s, keep, again, err)
		}
	})
}

func TestParseDatetime(t *testing.T) {
	at := func(s string) *time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return &v
	}
	tests := []struct {
		in      string
		want    geo.Interval
		wantErr string
	}{
		{"2024-05-01", geo.Interval{Start: at("2024-05-01T00:00:00Z"), End: at("2024-05-01T23:59:59.999999999Z")}, ""},
		{"2024-05-01T08:00:00Z", geo.Interval{Start: at("2024-05-01T08:00:00Z"), End: at("2024-05-01T08:00:00Z")}, ""},
		{"2024-05-01t08:00:00+08:00", geo.Interval{Start: at("2024-05-01T00:00:00Z"), End: at("2024-05-01T00:00:00Z")}, ""},
		{"2024-05-01/..", geo.Interval{Start: at("2024-05-01T00:00:00Z")}, ""},
		{"/2024-05-01", geo.Interval{End: at("2024-05-01T23:59:59.999999999Z")}, ""},
		{"2024-05-01/2024-05-01", geo.Interval{Start: at("2024-05-01T00:00:00Z"), End: at("2024-05-01T23:59:59.999999999Z")}, ""},
		{"../..", geo.Interval{}, "open at both ends"},
		{"/", geo.Interval{}, "open at both ends"},
		{"2024-05-02/2024-05-01", geo.Interval{}, "ends before it starts"},
		{"yesterday", geo.Interval{}, "datetime must be"},
		{"2024-05-01/later", geo.Interval{}, "the end \"later\""},
		{"a/b/c", geo.Interval{}, "datetime must be"},
		{"2024-13-01", geo.Interval{}, "datetime must be"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseDatetime(tt.in)
			checkParsed(t, err, tt.wantErr)
			if err == nil && !cmp.Equal(tt.want, got) {
				t.Errorf("parseDatetime(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzParseDatetime(f *testing.F) {
	for _, s := range []string{"2024-05-01", "2024-05-01T08:00:00Z", "2024-05-01T08:00:00.5+08:00", "2024-05-01/..", "../2024-05-01",
		"../..", "2024-05-02/2024-05-01", "yesterday", "/", "9999-12-31T23:59:59Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		iv, err := parseDatetime(s)
		if err != nil {
			if geo.ErrorCode(err) != geo.EInvalid {
				t.Fatalf("parseDatetime(%q): %v, want code %s", s, err, geo.EInvalid)
			}
			return
		}
		if iv.Start == nil && iv.End == nil {
			t.Fatalf("parseDatetime(%q) accepted an interval open at both ends", s)
		}
		if iv.Start != nil && iv.End != nil && iv.End.Before(*iv.Start) {
			t.Fatalf("parseDatetime(%q) = %v .. %v: ends before it starts", s, iv.Start, iv.End)
		}
		// Written back as date-times, the interval reads the same.
		form := func(p *time.Time) string {
			if p == nil {
				return ".."
			}
			return p.Format(time.RFC3339Nano)
		}
		again, err := parseDatetime(form(iv.Start) + "/" + form(iv.End))
		if err != nil || !cmp.Equal(again, iv) {
			t.Fatalf("parseDatetime(%q) = %v, but its own form gives %v, %v", s, iv, again, err)
		}
		for _, p := range []*time.Time{iv.Start, iv.End} {
			if p != nil && !iv.Contains(*p) {
				t.Fatalf("parseDatetime(%q): the interval does not contain its own end %v", s, p)
			}
		}
	})
}

func TestParseCondition(t *testing.T) {
	prop := func(c *geo.Collection, name string) geo.Property {
		p, ok := c.Property(name)
		if !ok {
			t.Fatalf("%s has no property %s", c.ID, name)
		}
		return p
	}
	segments := []string{"ore", "acid", "cell"}
	tests := []struct {
		name    string
		p       geo.Property
		in      string
		valid   []string
		want    []any
		wantErr string
	}{
		{"one segment", prop(geo.Parks, "segments"), "cell", segments, []any{"cell"}, ""},
		{"segments any of, spaces and empties dropped", prop(geo.Parks, "segments"), " ore, ,cell,", segments, []any{"ore", "cell"}, ""},
		{"unknown segment", prop(geo.Parks, "segments"), "foil", segments, nil, "unknown segment \"foil\"; valid: ore, acid, cell"},
		{"empty", prop(geo.Parks, "segments"), " , ", segments, nil, "segment is empty"},
		{"a number", prop(geo.Parks, "planned_area_km2"), "1.5,2", nil, []any{1.5, 2.0}, ""},
		{"a number in words", prop(geo.Parks, "planned_area_km2"), "big", nil, nil, "not a finite number"},
		{"an infinite number", prop(geo.Parks, "planned_area_km2"), "Inf", nil, nil, "not a finite number"},
		{"free text", prop(geo.Projects, "park"), "QJ_01,anything at all", nil, []any{"QJ_01", "anything at all"}, ""},
		{"an enum", prop(geo.Parks, "status"), "reserved", prop(geo.Parks, "status").Enum, []any{"reserved"}, ""},
		{"off the enum", prop(geo.Parks, "status"), "open", prop(geo.Parks, "status").Enum, nil, "valid: operating, planned, reserved"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			param := tt.p.Param
			if param == "" {
				param = tt.p.Name
			}
			got, err := parseCondition(tt.p, param, tt.in, tt.valid)
			checkParsed(t, err, tt.wantErr)
			if err == nil {
				if diff := cmp.Diff(geo.Condition{Property: tt.p.Name, AnyOf: tt.want}, got); diff != "" {
					t.Errorf("parseCondition(%q) (-want +got):\n%s", tt.in, diff)
				}
			}
		})
	}
}

func FuzzParseCondition(f *testing.F) {
	// The queryables of every built-in collection, with the valid values
	// the API would check them against.
	type queryable struct {
		p     geo.Property
		valid []string
	}
	var qs []queryable
	for _, c := range geo.Builtin() {
		for _, p := range c.Properties {
			if !p.Queryable {
				continue
			}
			valid := p.Enum
			if p.Domain != "" {
				valid = []string{"ore", "acid", "990101", "raw"}
			}
			qs = append(qs, queryable{p, valid})
		}
	}
	for i, s := range []string{"cell", "ore,acid", "", ",", "1.5", "-0", "1e400", "NaN", "operating", "true", "990101, raw"} {
		f.Add(uint8(i), s)
	}
	f.Fuzz(func(t *testing.T, which uint8, s string) {
		q := qs[int(which)%len(qs)]
		cond, err := parseCondition(q.p, q.p.Name, s, q.valid)
		if err != nil {
			if geo.ErrorCode(err) != geo.EInvalid {
				t.Fatalf("parseCondition(%s, %q): %v, want code %s", q.p.Name, s, err, geo.EInvalid)
			}
			return
		}
		if cond.Property != q.p.Name || len(cond.AnyOf) == 0 || len(cond.AnyOf) != len(parseList(s)) {
			t.Fatalf("parseCondition(%s, %q) = %+v", q.p.Name, s, cond)
		}
		terms := make([]string, len(cond.AnyOf))
		for i, v := range cond.AnyOf {
			switch v := v.(type) {
			case float64:
				if q.p.Type != geo.TypeNumber && q.p.Type != geo.TypeInteger {
					t.Fatalf("parseCondition(%s, %q): a number for a %s", q.p.Name, s, q.p.Type)
				}
				terms[i] = strconv.FormatFloat(v, 'g', -1, 64)
			case string:
				if q.valid != nil && !slices.Contains(q.valid, v) {
					t.Fatalf("parseCondition(%s, %q): %q is not valid", q.p.Name, s, v)
				}
				if v != strings.TrimSpace(v) || v == "" || strings.Contains(v, ",") {
					t.Fatalf("parseCondition(%s, %q): value %q untrimmed, empty or holding a comma", q.p.Name, s, v)
				}
				terms[i] = v
			case bool:
				terms[i] = strconv.FormatBool(v)
			default:
				t.Fatalf("parseCondition(%s, %q): a value of type %T", q.p.Name, s, v)
			}
		}
		again, err := parseCondition(q.p, q.p.Name, strings.Join(terms, ","), q.valid)
		if err != nil || !cmp.Equal(again, cond) {
			t.Fatalf("parseCondition(%s, %q) = %+v, but its own form gives %+v, %v", q.p.Name, s, cond, again, err)
		}
	})
}
