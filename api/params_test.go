package api

import (
	"math"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/geo"
)

func TestParseBBox(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    orb.Bound
		wantErr bool
	}{
		{"yuxi", "101.2,23.3,103.2,24.9", orb.Bound{Min: orb.Point{101.2, 23.3}, Max: orb.Point{103.2, 24.9}}, false},
		{"spaces", " 1, 2 ,3,4", orb.Bound{Min: orb.Point{1, 2}, Max: orb.Point{3, 4}}, false},
		{"six numbers", "1,2,0,3,4,100", orb.Bound{Min: orb.Point{1, 2}, Max: orb.Point{3, 4}}, false},
		{"whole world", "-180,-90,180,90", orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}, false},
		{"three numbers", "1,2,3", orb.Bound{}, true},
		{"five numbers", "1,2,3,4,5", orb.Bound{}, true},
		{"empty", "", orb.Bound{}, true},
		{"words", "a,b,c,d", orb.Bound{}, true},
		{"nan", "NaN,1,2,3", orb.Bound{}, true},
		{"inf", "1,1,Inf,3", orb.Bound{}, true},
		{"lon out of range", "181,0,182,1", orb.Bound{}, true},
		{"lat out of range", "0,-91,1,1", orb.Bound{}, true},
		{"lat inverted", "0,10,1,5", orb.Bound{}, true},
		{"across the antimeridian: west edge east of the east edge", "170,0,-170,10", orb.Bound{Min: orb.Point{170, 0}, Max: orb.Point{-170, 10}}, false},
		{"injection", "1,2,3,4);DROP TABLE parks;--", orb.Bound{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseBBox(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("parseBBox(%q) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			}
			if err != nil && geo.ErrorCode(err) != geo.EInvalid {
				t.Errorf("error code %q, want invalid", geo.ErrorCode(err))
			}
			if got != tt.want {
				t.Errorf("parseBBox(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzParseBBox(f *testing.F) {
	for _, s := range []string{"101.2,23.3,103.2,24.9", "1,2,3", "1,2,0,3,4,5", "-180,-90,180,90", "1e308,1,2,3", ",,,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := parseBBox(s)
		if err != nil {
			if geo.ErrorCode(err) != geo.EInvalid {
				t.Fatalf("parseBBox(%q): code %q, want invalid", s, geo.ErrorCode(err))
			}
			return
		}
		for _, v := range []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("parseBBox(%q) = %v: not finite", s, b)
			}
		}
		if b.Min[0] > b.Max[0] || b.Min[1] > b.Max[1] || b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90 {
			t.Fatalf("parseBBox(%q) = %v: out of range or inverted", s, b)
		}
	})
}

func TestParseID(t *testing.T) {
	for _, tt := range []struct {
		in string
		ok bool
	}{
		{"longquan", true}, {"530402", true}, {"eve-yuxi-cells", true}, {"QJ_01", true}, {"Longquan", true},
		{"", false}, {"-x", false}, {"a b", false}, {"../etc/passwd", false}, {"a/b", false},
		{"'; DROP TABLE parks; --", false}, {"龙泉", false}, {string(make([]byte, 201)), false},
	} {
		_, err := parseID(slug, tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("parseID(%q) error = %v, want ok %v", tt.in, err, tt.ok)
		}
	}
}

// slug is the built-in collections' id pattern.
var slug = regexp.MustCompile(geo.Parks.IDPattern)

func FuzzParseID(f *testing.F) {
	for _, s := range []string{"longquan", "530402", "a-b", "", "%00", "'; --"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := parseID(slug, s)
		if err != nil {
			if geo.ErrorCode(err) != geo.EInvalid {
				t.Fatalf("parseID(%q): code %q", s, geo.ErrorCode(err))
			}
			return
		}
		if id != s || len(id) > 200 {
			t.Fatalf("parseID(%q) = %q", s, id)
		}
		for _, r := range id {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.~", r)) {
				t.Fatalf("parseID(%q) accepted %q: not URL-safe", s, r)
			}
		}
	})
}

func FuzzParseCount(f *testing.F) {
	for _, s := range []string{"0", "100", "-1", "abc", "99999999999999999999", " 7"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseCount("limit", s, maxLimit)
		if err != nil {
			if geo.ErrorCode(err) != geo.EInvalid {
				t.Fatalf("parseCount(%q): code %q", s, geo.ErrorCode(err))
			}
			return
		}
		if n < 0 || n > maxLimit {
			t.Fatalf("parseCount(%q) = %d, out of 0..%d", s, n, maxLimit)
		}
	})
}

func TestParsePoint(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want orb.Point
		ok   bool
	}{
		{"102.72,24.31", orb.Point{102.72, 24.31}, true},
		{" -180 , 90 ", orb.Point{-180, 90}, true},
		{"102.72", orb.Point{}, false},
		{"102.72,24.31,5", orb.Point{}, false},
		{"181,0", orb.Point{}, false},
		{"0,-90.5", orb.Point{}, false},
		{"NaN,1", orb.Point{}, false},
		{"1,Inf", orb.Point{}, false},
		{"east,north", orb.Point{}, false},
		{"", orb.Point{}, false},
	} {
		got, err := parsePoint("near", tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parsePoint(%q) = %v, %v; want %v ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func FuzzParsePoint(f *testing.F) {
	for _, s := range []string{"102.72,24.31", "1,2,3", "-180,-90", "1e400,0", ","} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := parsePoint("near", s)
		if err != nil {
			if geo.ErrorCode(err) != geo.EInvalid {
				t.Fatalf("parsePoint(%q): code %q", s, geo.ErrorCode(err))
			}
			return
		}
		if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.Abs(p[0]) > 180 || math.Abs(p[1]) > 90 {
			t.Fatalf("parsePoint(%q) = %v", s, p)
		}
	})
}

func FuzzParseWeight(f *testing.F) {
	for _, s := range []string{"0", "0.4", "-1", "1001", "NaN", "1e309", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := parseWeight("w_near", s)
		if err != nil {
			if geo.ErrorCode(err) != geo.EInvalid {
				t.Fatalf("parseWeight(%q): code %q", s, geo.ErrorCode(err))
			}
			return
		}
		if math.IsNaN(v) || v < 0 || v > 1000 {
			t.Fatalf("parseWeight(%q) = %v", s, v)
		}
	})
}

func TestParseLanguage(t *testing.T) {
	for _, tt := range []struct {
		param  string
		given  bool
		accept string
		want   geo.Lang
		ok     bool
	}{
		{"en", true, "zh-CN", geo.LangEN, true},
		{"zh", true, "en", geo.LangZH, true},
		{"fr", true, "", "", false},
		{"", true, "", "", false},
		{"", false, "en-GB,en;q=0.9", geo.LangEN, true},
		{"", false, "fr-FR, zh-Hans;q=0.8, en;q=0.5", geo.LangZH, true},
		{"", false, "de", geo.LangZH, true},
		{"", false, "", geo.LangZH, true},
	} {
		got, err := parseLanguage(tt.param, tt.given, tt.accept)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseLanguage(%q, %v, %q) = %q, %v; want %q ok %v", tt.param, tt.given, tt.accept, got, err, tt.want, tt.ok)
		}
	}
}

func FuzzParseLanguage(f *testing.F) {
	f.Add("en", true, "")
	f.Add("", false, "zh-CN,zh;q=0.9,en;q=0.8")
	f.Add("", false, ";;,,;q=")
	f.Fuzz(func(t *testing.T, param string, given bool, accept string) {
		lang, err := parseLanguage(param, given, accept)
		if err != nil {
			if geo.ErrorCode(err) != geo.EInvalid || !given {
				t.Fatalf("parseLanguage(%q, %v, %q): %v", param, given, accept, err)
			}
			return
		}
		if lang != geo.LangZH && lang != geo.LangEN {
			t.Fatalf("parseLanguage(%q, %v, %q) = %q", param, given, accept, lang)
		}
	})
}

// FuzzParseSitingOptions: any mode, limit and area either parse into the
// bounds the API states or are refused as invalid, never anything else.
func FuzzParseSitingOptions(f *testing.F) {
	for _, s := range [][3]string{{"parcels", "20", "1.5"}, {"zones", "10000", ""}, {"", "-1", "NaN"}, {"parcels", "1e3", "-0"}, {"lots", "99999999999999999999", "1e309"}} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, mode, limit, area string) {
		q := url.Values{}
		for k, v := range map[string]string{"mode": mode, "limit": limit, "min_area_ha": area} {
			if v != "" {
				q.Set(k, v)
			}
		}
		o, err := parseSitingOptions(q)
		if err != nil {
			if geo.ErrorCode(err) != geo.EInvalid {
				t.Fatalf("%v: %v is not EInvalid", q, err)
			}
			return
		}
		maxResults := maxZoneResults
		if o.mode == sitingParcels {
			maxResults = geo.MaxParcelResults
		} else if o.mode != sitingZones {
			t.Fatalf("%v: mode %q", q, o.mode)
		}
		if o.limit < 1 || o.limit > maxResults {
			t.Fatalf("%v: limit %d", q, o.limit)
		}
		if a := o.minAreaHa; a != nil && (o.mode != sitingParcels || !(*a >= 0 && *a <= geo.MaxParcelAreaHa)) {
			t.Fatalf("%v: area %v in mode %s", q, *a, o.mode)
		}
	})
}
