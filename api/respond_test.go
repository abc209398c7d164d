package api

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestVaryKeepsHandlersValues: /api/siting varies on Accept-Language, and
// writing the body must not drop it, or a shared cache would serve one
// language's reasons to readers of the other.
func TestVaryKeepsHandlersValues(t *testing.T) {
	for _, st := range stores(t) {
		t.Run(st.name, func(t *testing.T) {
			h := testServer(t, Config{}, st.store)
			resp, body := do(t, h, get("/api/siting?segment=cathode", "Accept-Language", "en"))
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			vary := strings.Join(resp.Header.Values("Vary"), ", ")
			for _, want := range []string{"Accept-Language", "Accept-Encoding"} {
				if !strings.Contains(vary, want) {
					t.Errorf("Vary %q lacks %s", vary, want)
				}
			}
		})
	}
}

func TestAddVary(t *testing.T) {
	tests := []struct {
		name, have string
		add        []string
		want       string
	}{
		{"empty", "", []string{"Accept-Encoding"}, "Accept-Encoding"},
		{"kept", "Accept-Language", []string{"Accept-Encoding"}, "Accept-Language, Accept-Encoding"},
		{"no duplicate", "accept-encoding, Accept-Language", []string{"Accept-Encoding"}, "accept-encoding, Accept-Language"},
		{"star", "*", []string{"Accept-Encoding"}, "*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.have != "" {
				h.Set("Vary", tt.have)
			}
			addVary(h, tt.add...)
			if got := h.Get("Vary"); got != tt.want {
				t.Errorf("Vary = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestETagAcrossCodings: the gzip and identity bodies are one
// representation in two codings, so their tag is weak (a strong tag names
// one sequence of bytes), and If-None-Match with it, in either form,
// answers 304 to either coding.
func TestETagAcrossCodings(t *testing.T) {
	const path = "/api/collections/counties/items"
	for _, st := range stores(t) {
		t.Run(st.name, func(t *testing.T) {
			h := testServer(t, Config{}, st.store)
			plain, plainBody := do(t, h, get(path))
			zipped, zippedBody := do(t, h, get(path, "Accept-Encoding", "gzip"))
			if plain.StatusCode != 200 || zipped.StatusCode != 200 {
				t.Fatalf("statuses %d, %d", plain.StatusCode, zipped.StatusCode)
			}
			if got := zipped.Header.Get("Content-Encoding"); got != "gzip" {
				t.Fatalf("Accept-Encoding: gzip got Content-Encoding %q", got)
			}
			if got := plain.Header.Get("Content-Encoding"); got != "" {
				t.Fatalf("no Accept-Encoding got Content-Encoding %q", got)
			}
			if unzipped := gunzip(t, zippedBody); len(unzipped) != len(plainBody) {
				t.Errorf("gunzipped body is %d bytes, identity %d", len(unzipped), len(plainBody))
			}
			tag := plain.Header.Get("ETag")
			if !strings.HasPrefix(tag, `W/"`) {
				t.Errorf("ETag %q is strong, though the body goes out in two codings", tag)
			}
			if got := zipped.Header.Get("ETag"); got != tag {
				t.Errorf("ETags differ across codings: %q and %q (weak tags name the representation)", got, tag)
			}
			for _, inm := range []string{tag, strings.TrimPrefix(tag, "W/"), `"other", ` + tag} {
				for _, ae := range []string{"", "gzip"} {
					resp, _ := do(t, h, get(path, "If-None-Match", inm, "Accept-Encoding", ae))
					if resp.StatusCode != http.StatusNotModified {
						t.Errorf("If-None-Match %s, Accept-Encoding %q: status %d, want 304", inm, ae, resp.StatusCode)
					}
				}
			}
			if resp, _ := do(t, h, get(path, "If-None-Match", `W/"other"`)); resp.StatusCode != http.StatusOK {
				t.Errorf("a stale tag got %d, want 200", resp.StatusCode)
			}
		})
	}
}

func gunzip(t *testing.T, body string) []byte {
	t.Helper()
	r, err := gzip.NewReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestAcceptEncoding honours q-values: q=0 refuses a coding.
func TestAcceptEncoding(t *testing.T) {
	tests := []struct {
		header string
		want   bool
	}{
		{"", false},
		{"gzip", true},
		{"GZIP", true},
		{"x-gzip", true},
		{"gzip;q=0", false},
		{"gzip; q=0.0", false},
		{"gzip;q=0, identity", false},
		{"br, gzip;q=0.5", true},
		{"*", true},
		{"*;q=0", false},
		{"*, gzip;q=0", false},
		{"identity;q=1, gzip;q=0.5", false},
		{"gzip;q=0.5, identity;q=0", true},
		{"deflate, br", false},
		{"gzip;q=abc", false},
		{"gzip;q=2", false},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			if got := acceptsGzip(tt.header); got != tt.want {
				t.Errorf("acceptsGzip(%q) = %v, want %v", tt.header, got, tt.want)
			}
		})
	}
}

// TestGzipQZero: "gzip;q=0" gets the identity body, from the API and for
// the web map alike.
func TestGzipQZero(t *testing.T) {
	h := testServer(t, Config{}, memoryStore(t))
	for _, path := range []string{"/api/collections/counties/items", "/"} {
		for _, tt := range []struct{ ae, want string }{{"gzip;q=0", ""}, {"gzip;q=0.8", "gzip"}} {
			resp, body := do(t, h, get(path, "Accept-Encoding", tt.ae))
			if got := resp.Header.Get("Content-Encoding"); got != tt.want || resp.StatusCode != 200 {
				t.Errorf("GET %s with %q: status %d, Content-Encoding %q, want %q", path, tt.ae, resp.StatusCode, got, tt.want)
			}
			if tt.want == "" && bytes.HasPrefix([]byte(body), []byte{0x1f, 0x8b}) {
				t.Errorf("GET %s with %q: the body is gzipped", path, tt.ae)
			}
		}
	}
}

// TestAssetTagsPerCoding: the web map's files are served with a strong tag
// per coding, so that Range requests stay correct.
func TestAssetTagsPerCoding(t *testing.T) {
	h := testServer(t, Config{}, memoryStore(t))
	plain, _ := do(t, h, get("/"))
	zipped, _ := do(t, h, get("/", "Accept-Encoding", "gzip"))
	if zipped.Header.Get("Content-Encoding") != "gzip" {
		t.Fatal("the map's page is not gzipped")
	}
	a, b := plain.Header.Get("ETag"), zipped.Header.Get("ETag")
	if a == "" || a == b || strings.HasPrefix(a, "W/") || strings.HasPrefix(b, "W/") {
		t.Errorf("ETags %q (identity) and %q (gzip): want two distinct strong tags", a, b)
	}
	if resp, _ := do(t, h, get("/", "Accept-Encoding", "gzip", "If-None-Match", b)); resp.StatusCode != http.StatusNotModified {
		t.Errorf("revalidating the gzipped page: %d, want 304", resp.StatusCode)
	}
}

// TestWeakETagIsStable: a representation's tag is the same in every
// process and replica (TestReplica compares them across two servers), so
// it is a fixed function of the bytes: no per-process seed, as
// hash/maphash would have. The empty input's is xxHash64's published
// value, ef46db3751d8e999.
func TestWeakETagIsStable(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"empty", "", `W/"70bbN1HY6Zk"`},
		{"page", `{"type":"FeatureCollection","features":[]}`, `W/"zH0sUTkATvg"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := weakETag([]byte(tt.body)); got != tt.want {
				t.Errorf("weakETag(%q) = %s, want %s", tt.body, got, tt.want)
			}
		})
	}
}
