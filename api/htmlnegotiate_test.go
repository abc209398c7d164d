package api

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPrefersHTML(t *testing.T) {
	tests := []struct {
		name, accept string
		want         bool
	}{
		{"Chromium", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7", true},
		{"Firefox", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", true},
		{"none", "", false},
		{"any: the default, JSON", "*/*", false},
		{"JSON", "application/json", false},
		{"GeoJSON", "application/geo+json", false},
		{"GDAL", "application/geo+json, application/json;q=0.9", false},
		{"HTML alone", "text/html", true},
		{"HTML refused", "text/html;q=0", false},
		{"a tie goes to JSON", "text/html, application/json", false},
		{"JSON below", "application/json;q=0.5, text/html", true},
		{"JSON above", "text/html;q=0.5, application/json", false},
		{"text/* above application/*", "text/*, application/*;q=0.1", true},
		{"the specific range wins", "text/html;q=0.1, text/*;q=1, application/json;q=0.5", false},
		{"any below HTML", "text/html, */*;q=0.1", true},
		{"upper case and spaces", " TEXT/HTML ; Q=1 , application/JSON ; q=0.2", true},
		{"bad q counts as 0", "text/html;q=x, */*;q=0.5", false},
		{"q above 1 counts as 0", "text/html;q=2, */*;q=0.5", false},
		{"garbage", "text, /html, */html, ;;;", false},
		{"openapi above HTML", "application/vnd.oai.openapi+json, text/html;q=0.9", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := prefersHTML(tt.accept); got != tt.want {
				t.Errorf("prefersHTML(%q) = %v, want %v", tt.accept, got, tt.want)
			}
		})
	}
}

func TestParseAccept(t *testing.T) {
	got := parseAccept("text/html, application/json;q=0.5;charset=utf-8, nonsense, */*;q=0.1")
	want := []mediaRange{{"text", "html", 1}, {"application", "json", 0.5}, {"*", "*", 0.1}}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(mediaRange{})); diff != "" {
		t.Errorf("parseAccept (-want +got):\n%s", diff)
	}
	// A header of thousands of ranges is read no further than a browser's.
	if n := len(parseAccept(strings.Repeat("text/plain,", 10000))); n != 32 {
		t.Errorf("a long header gave %d ranges, want 32", n)
	}
}

// FuzzParseAccept checks that any Accept header is read without a panic,
// into ranges with a type, a subtype and a q from 0 to 1.
func FuzzParseAccept(f *testing.F) {
	for _, s := range []string{"", "*/*", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html;q=NaN", "a/b;q=1e400", ";;,,/;q=", "text/*;q=-0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ranges := parseAccept(s)
		if len(ranges) > 32 {
			t.Fatalf("%d ranges", len(ranges))
		}
		for _, r := range ranges {
			if r.typ == "" || r.sub == "" || !(r.q >= 0 && r.q <= 1) {
				t.Fatalf("parseAccept(%q) gave %+v", s, r)
			}
		}
		prefersHTML(s)
	})
}
