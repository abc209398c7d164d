package api

import (
	"net/url"
	"slices"
	"testing"
)

// encodeWith is what linkQuery replaces: a copy of the query without
// drop, with set, encoded by url.Values.
func encodeWith(query url.Values, drop []string, set ...string) string {
	v := url.Values{}
	for name, values := range query {
		if !slices.Contains(drop, name) {
			v[name] = values
		}
	}
	for i := 0; i+1 < len(set); i += 2 {
		v.Set(set[i], set[i+1])
	}
	return v.Encode()
}

func TestLinkQuery(t *testing.T) {
	drop := []string{"limit", "offset", cursorParam}
	tests := []struct {
		name string
		raw  string
		set  []string
		want string
	}{
		{"empty", "", nil, ""},
		{"only set", "", []string{"limit", "10", "offset", "20"}, "limit=10&offset=20"},
		{"dropped", "limit=5&offset=7&cursor=abc", []string{"limit", "10"}, "limit=10"},
		{"sorted between", "bbox=1,2,3,4&z=1&m=2", []string{"offset", "100", "limit", "10"}, "bbox=1%2C2%2C3%2C4&limit=10&m=2&offset=100&z=1"},
		{"values keep their order", "b=2&a=9&b=1", []string{"limit", "1"}, "a=9&b=2&b=1&limit=1"},
		{"escaped", "filter=name%20LIKE%20%27%E7%8E%89%25%27&a+b=c%26d", []string{"cursor", "x.y_z-"}, "a+b=c%26d&cursor=x.y_z-&filter=name+LIKE+%27%E7%8E%89%25%27"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := url.ParseQuery(tt.raw)
			if err != nil {
				t.Fatal(err)
			}
			got := newLinkQuery(q, drop...).with(tt.set...)
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if enc := encodeWith(q, drop, tt.set...); got != enc {
				t.Errorf("got %q, url.Values.Encode %q", got, enc)
			}
		})
	}
}

// FuzzLinkQuery holds linkQuery to url.Values.Encode on any query.
func FuzzLinkQuery(f *testing.F) {
	f.Add("bbox=1,2,3,4&limit=5&offset=3&f=json", "7", "cursor")
	f.Add("b=2&a=9&b=1&a%3D=%26", "x y", "offset")
	f.Fuzz(func(t *testing.T, raw, value, name string) {
		q, err := url.ParseQuery(raw)
		if err != nil || name == "limit" { // with takes each name once
			return
		}
		drop := []string{"limit", "offset", cursorParam, name}
		got := newLinkQuery(q, drop...).with("limit", value, name, value)
		if want := encodeWith(q, drop, "limit", value, name, value); got != want {
			t.Errorf("query %q, set limit and %q to %q: got %q, url.Values.Encode %q", raw, name, value, got, want)
		}
	})
}
