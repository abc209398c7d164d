package api_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/parkmap/parkmap/api"
	"github.com/parkmap/parkmap/data/memory"
	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/data/storetest"
)

// browserAccept is what Chromium sends when it opens a page.
const browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8"

// hostile is text no page may pass on as markup.
const hostile = `<script>alert("x")</script>`

// htmlServer serves the synthetic city from the embedded store; edit, when
// given, changes the data first.
func htmlServer(t *testing.T, edit func(*seed.Dataset)) *httptest.Server {
	t.Helper()
	d, err := storetest.City()
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(d)
	}
	store, err := memory.New(d)
	if err != nil {
		t.Fatal(err)
	}
	h, err := api.NewServer(api.Config{Version: "test", Projector: projector(t)}, store, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// htmlResponse is what these tests need of a response.
type htmlResponse struct {
	status      int
	contentType string
	vary        []string
	body        string
	header      http.Header
}

// fetch GETs a URL with an Accept header ("" for none), following
// redirects and decompressing as a browser would.
func fetch(t *testing.T, rawURL, accept string) htmlResponse {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	var vary []string
	for _, v := range res.Header.Values("Vary") {
		for _, part := range strings.Split(v, ",") {
			vary = append(vary, strings.TrimSpace(part))
		}
	}
	return htmlResponse{res.StatusCode, res.Header.Get("Content-Type"), vary, string(body), res.Header}
}

// inlineCode finds what a Content-Security-Policy of default-src 'self'
// refuses: a script without src, an event handler attribute, a style
// attribute or element.
var inlineCode = regexp.MustCompile(`(?i)<script(\s+type="module")?>|<script(\s[^>]*)?>[^<]|<[^>]*\s(on[a-z]+|style)=|<style`)

func TestHTMLPages(t *testing.T) {
	srv := htmlServer(t, nil)
	api := srv.URL + "/api"
	tests := []struct {
		name, path, accept string
		want               []string
	}{
		{"landing", "?f=html", "", []string{
			"产业园区与产业链布局", "Industrial zones and their chain segments", "OGC API - Features for industrial zones",
			`href="` + api + `/docs"`, `href="` + api + `/collections?f=html"`, "要素集合", "Feature collections",
			`<link rel="alternate" type="application/json" href="` + api + `?f=json">`}},
		{"landing by Accept", "", browserAccept, []string{"产业园区与产业链布局"}},
		{"conformance", "/conformance?f=html", "", []string{
			"符合的标准", "Conformance classes", "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"}},
		{"collections", "/collections?f=html", "", []string{
			"产业园区", "Industrial zones", "企业项目", "Enterprise projects", "县级行政区", "Counties", "地块", "Land parcels",
			`data-collection="parks"`, `data-collection="parcels"`, `href="` + api + `/collections/projects/items?f=html"`}},
		{"collection", "/collections/parks?f=html", "", []string{
			"产业园区及分配给各园区的产业链环节。", "Industrial zones with the chain segments allocated to each.",
			"名称（英文）", "Name (English)", "<code>planned_area_km2</code>", "number (km²)", "MultiPolygon",
			`href="` + api + `/collections/parks/items?f=html"`}},
		{"items", "/collections/parks/items?f=html", "", []string{
			"第 1–5 个，共 5 个要素", "Features 1–5 of 5", `data-matched="5"`,
			`data-id="QJ_01"`, `data-id="alpha"`, `data-id="reserve-9"`, `data-id="Dateline.W"`, `data-id="dateline~e"`,
			"青界一号园", "Qingjie Park No. 1", "承接环节", "Segments", "面积", "(ha)", "ore; foil; cell",
			`href="` + api + `/collections/parks/items/QJ_01?f=html"`, `href="` + api + `/collections/parks/items/dateline~e?f=html"`,
			`id="apimap"`, `data-geojson="` + api + `/collections/parks/items?f=json"`,
			`src="` + srv.URL + `/vendor/leaflet/leaflet.js"`, `src="` + srv.URL + `/js/apimap.js"`}},
		{"items by Accept", "/collections/counties/items?limit=1&offset=1", browserAccept, []string{
			"Features 2–2 of 3", `rel="prev"`, `rel="next"`, "乙县", "Yi County",
			`href="` + api + `/collections/counties/items?cursor=`,
			`href="` + api + `/collections/counties/items?limit=1&amp;offset=0"`}},
		{"items filtered", "/collections/parks/items?f=html&status=reserved&properties=name_zh,status&skipGeometry=true", "", []string{
			"Features 1–1 of 1", `data-id="reserve-9"`, "预留园", "状态"}},
		{"items past the end", "/collections/parks/items?f=html&offset=10", "", []string{
			"No features on this page (5 in all)", `rel="prev"`}},
		{"feature", "/collections/parks/items/QJ_01?f=html", "", []string{
			"<title>青界一号园 · Qingjie Park No. 1 — parkmap</title>",
			`<code class="apipage__id">QJ_01</code>`, "名称（英文）", "<code>name_en</code>", "<li>foil</li>",
			"县级行政区代码", "990101", "1.5 km²", `data-property="area_ha"`, " ha</td>", `data-geojson="` + api + `/collections/parks/items/QJ_01?f=json"`}},
		{"unplaced project", "/collections/projects/items/p.300?f=html", "", []string{
			"<title>丙电池包 · Bing Packs — parkmap</title>", "<code class=\"apipage__id\">p.300</code>", "企业项目", `data-property="park"`, `<span class="null" title="null">—</span>`}},
		{"docs", "/docs", "", []string{
			"API 文档", "API documentation", `id="swagger-ui"`, `data-spec="` + api + `/openapi"`,
			`src="` + srv.URL + `/vendor/swagger-ui/swagger-ui-bundle.js"`, `href="` + srv.URL + `/vendor/swagger-ui/swagger-ui.css"`,
			`src="` + srv.URL + `/js/apidocs.js"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := fetch(t, api+tt.path, tt.accept)
			if res.status != http.StatusOK {
				t.Fatalf("status %d, want 200:\n%s", res.status, res.body)
			}
			if res.contentType != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q, want text/html; charset=utf-8", res.contentType)
			}
			if tt.name != "docs" && !slices.Contains(res.vary, "Accept") {
				t.Errorf("Vary %q lacks Accept", res.vary)
			}
			for _, want := range tt.want {
				if !strings.Contains(res.body, want) {
					t.Errorf("the page lacks %s", want)
				}
			}
			if m := inlineCode.FindString(res.body); m != "" {
				t.Errorf("the page has inline code, which a Content-Security-Policy refuses: %q", m)
			}
		})
	}
}

// TestHTMLNegotiation checks that f wins over Accept, and that Accept picks
// the page only when the client ranks HTML above JSON.
func TestHTMLNegotiation(t *testing.T) {
	srv := htmlServer(t, nil)
	tests := []struct {
		name, path, accept, want string
	}{
		{"browser", "/api/collections/parks/items", browserAccept, "text/html; charset=utf-8"},
		{"no Accept", "/api/collections/parks/items", "", "application/geo+json"},
		{"any", "/api/collections/parks/items", "*/*", "application/geo+json"},
		{"GeoJSON", "/api/collections/parks/items", "application/geo+json", "application/geo+json"},
		{"JSON above HTML", "/api/collections/parks/items", "text/html;q=0.5, application/json", "application/geo+json"},
		{"HTML above JSON", "/api/collections/parks/items", "application/json;q=0.5, text/html", "text/html; charset=utf-8"},
		{"text/* above JSON", "/api/collections", "application/*;q=0.2, text/*", "text/html; charset=utf-8"},
		{"HTML refused", "/api", "text/html;q=0, */*", "application/json"},
		{"f=json over Accept", "/api/collections/parks/items?f=json", browserAccept, "application/geo+json"},
		{"f=csv over Accept", "/api/collections/parks/items?f=csv", browserAccept, "text/csv; charset=utf-8"},
		{"f=html over Accept", "/api/collections/parks?f=html", "application/json", "text/html; charset=utf-8"},
		{"feature", "/api/collections/parks/items/QJ_01", browserAccept, "text/html; charset=utf-8"},
		{"conformance", "/api/conformance", browserAccept, "text/html; charset=utf-8"},
		{"schema has no page", "/api/collections/parks/schema", browserAccept, "application/schema+json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := fetch(t, srv.URL+tt.path, tt.accept)
			if res.status != http.StatusOK || res.contentType != tt.want {
				t.Errorf("%d %q, want 200 %q", res.status, res.contentType, tt.want)
			}
		})
	}
	t.Run("JSON varies by Accept", func(t *testing.T) {
		res := fetch(t, srv.URL+"/api/collections/parks/items", "")
		// Go's client asks for gzip, so the gzip middleware names
		// Accept-Encoding too: once is enough.
		if !slices.Contains(res.vary, "Accept") || !slices.Contains(res.vary, "Accept-Encoding") || len(res.vary) != 2 {
			t.Errorf("Vary %q, want Accept and Accept-Encoding, once each", res.vary)
		}
	})
	t.Run("not modified", func(t *testing.T) {
		res := fetch(t, srv.URL+"/api/collections/parks/items?f=html", "")
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/collections/parks/items?f=html", nil)
		req.Header.Set("If-None-Match", res.header.Get("ETag"))
		again, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		again.Body.Close()
		if again.StatusCode != http.StatusNotModified {
			t.Errorf("a page revalidated with its ETag answered %d, want 304", again.StatusCode)
		}
	})
}

// TestHTMLErrors checks that what has no page, or names nothing, answers
// with the JSON error, never an HTML page that echoes the request.
func TestHTMLErrors(t *testing.T) {
	srv := htmlServer(t, nil)
	tests := []struct {
		name, path, accept string
		status             int
	}{
		{"unknown collection", "/api/collections/nowhere/items?f=html", "", http.StatusNotFound},
		{"unknown collection by Accept", "/api/collections/nowhere", browserAccept, http.StatusNotFound},
		{"unknown feature", "/api/collections/parks/items/nowhere?f=html", "", http.StatusNotFound},
		{"hostile collection", "/api/collections/" + url.PathEscape(hostile) + "?f=html", "", http.StatusNotFound},
		{"hostile feature id", "/api/collections/parks/items/" + url.PathEscape(`<b onclick="alert(1)">x`) + "?f=html", browserAccept, http.StatusBadRequest},
		{"hostile path", "/api/collections/parks/items/" + url.PathEscape(hostile) + "?f=html", browserAccept, http.StatusNotFound},
		{"hostile limit", "/api/collections/parks/items?f=html&limit=" + url.QueryEscape(hostile), "", http.StatusBadRequest},
		{"hostile parameter", "/api/collections/parks/items?f=html&" + url.QueryEscape(hostile) + "=1", "", http.StatusBadRequest},
		{"no page for the schema", "/api/collections/parks/schema?f=html", "", http.StatusBadRequest},
		{"no such format", "/api/collections/parks/items?f=xml", "", http.StatusBadRequest},
		{"parameter on the docs", "/api/docs?x=1", "", http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := fetch(t, srv.URL+tt.path, tt.accept)
			if res.status != tt.status {
				t.Errorf("status %d, want %d:\n%s", res.status, tt.status, res.body)
			}
			if !strings.HasPrefix(res.contentType, "application/json") {
				t.Errorf("Content-Type %q, want the JSON error", res.contentType)
			}
			var e struct{ Code, Description string }
			if err := json.Unmarshal([]byte(res.body), &e); err != nil || e.Code == "" || e.Description == "" {
				t.Errorf("body %s is not the JSON error (%v)", res.body, err)
			}
			if strings.Contains(res.body, "<script") || strings.Contains(res.body, "<b ") {
				t.Errorf("the error passes markup on: %s", res.body)
			}
		})
	}
}

// TestHTMLEscapes serves data and a request carrying markup, and checks
// that the pages show it as text.
func TestHTMLEscapes(t *testing.T) {
	srv := htmlServer(t, func(d *seed.Dataset) {
		for i := range d.Parks {
			if d.Parks[i].ID == "alpha" {
				d.Parks[i].NameEN = hostile
				d.Parks[i].NameZH = `<img src=x onerror=alert(1)>`
				d.Parks[i].NoteEN = `" onmouseover="alert(1)`
			}
		}
	})
	api := srv.URL + "/api"
	for _, path := range []string{
		"/collections/parks/items?f=html",
		"/collections/parks/items/alpha?f=html",
		"/collections/parks/items?f=html&name_en=" + url.QueryEscape(hostile),
		"/collections/parks/items?f=html&sortby=" + url.QueryEscape("+name_en") + "&name_zh=" + url.QueryEscape(`"><script>alert(1)</script>`),
	} {
		t.Run(path, func(t *testing.T) {
			res := fetch(t, api+path, "")
			if res.status != http.StatusOK {
				t.Fatalf("status %d, want 200:\n%s", res.status, res.body)
			}
			for _, bad := range []string{"<script>alert", "<img src=x", `" onmouseover="`, `"><script>`} {
				if strings.Contains(res.body, bad) {
					t.Errorf("the page passes %s on as markup", bad)
				}
			}
			if m := inlineCode.FindString(res.body); m != "" {
				t.Errorf("the page has inline code: %q", m)
			}
		})
	}
	t.Run("shown as text", func(t *testing.T) {
		res := fetch(t, api+"/collections/parks/items/alpha?f=html", "")
		for _, want := range []string{"&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;"} {
			if !strings.Contains(res.body, want) {
				t.Errorf("the page does not show %s as text", want)
			}
		}
	})
}

// TestHTMLLinks checks the links between the JSON documents and their
// pages, and the landing page's service-doc.
func TestHTMLLinks(t *testing.T) {
	srv := htmlServer(t, nil)
	type link struct{ Href, Rel, Type string }
	var landing struct{ Links []link }
	if err := json.Unmarshal([]byte(fetch(t, srv.URL+"/api", "").body), &landing); err != nil {
		t.Fatal(err)
	}
	for _, want := range []link{
		{srv.URL + "/api/openapi", "service-desc", "application/vnd.oai.openapi+json;version=3.0"},
		{srv.URL + "/api/docs", "service-doc", "text/html"},
		{srv.URL + "/api?f=html", "alternate", "text/html"},
	} {
		if !slices.Contains(landing.Links, want) {
			t.Errorf("the landing page lacks the link %+v: %+v", want, landing.Links)
		}
	}
	for _, path := range []string{
		"/api", "/api/collections", "/api/collections/parks",
		"/api/collections/parks/items?limit=2", "/api/collections/parks/items/dateline~e",
	} {
		t.Run(path, func(t *testing.T) {
			var doc struct{ Links []link }
			if err := json.Unmarshal([]byte(fetch(t, srv.URL+path, "").body), &doc); err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(doc.Links, func(l link) bool { return l.Rel == "alternate" && strings.Contains(l.Href, "f=html") })
			if i < 0 {
				t.Fatalf("no alternate link to the page: %+v", doc.Links)
			}
			page := fetch(t, doc.Links[i].Href, "")
			if page.status != http.StatusOK || page.contentType != "text/html; charset=utf-8" || doc.Links[i].Type != "text/html" {
				t.Errorf("the alternate %+v answers %d %q", doc.Links[i], page.status, page.contentType)
			}
			back := regexp.MustCompile(`<link rel="alternate" type="application/json" href="([^"]+)">`).FindStringSubmatch(page.body)
			if back == nil {
				t.Fatal("the page does not link its JSON")
			}
			res := fetch(t, strings.ReplaceAll(back[1], "&amp;", "&"), browserAccept)
			if res.status != http.StatusOK || !strings.Contains(res.contentType, "json") {
				t.Errorf("the page's JSON link %s answers %d %q", back[1], res.status, res.contentType)
			}
		})
	}
	t.Run("OpenAPI offers f=html", func(t *testing.T) {
		var doc struct {
			Paths map[string]struct {
				Get struct {
					Parameters []struct {
						Name   string
						Schema struct{ Enum []string }
					}
					Responses map[string]struct{ Content map[string]any }
				}
			}
		}
		if err := json.Unmarshal([]byte(fetch(t, srv.URL+"/api/openapi", "").body), &doc); err != nil {
			t.Fatal(err)
		}
		for path, want := range map[string][]string{
			"/":                                    {"json", "html"},
			"/collections":                         {"json", "html"},
			"/collections/parks/items":             {"json", "csv", "geojsonseq", "kml", "gpkg", "html"},
			"/collections/parks/items/{featureId}": {"json", "html"},
			"/collections/parks/schema":            {"json"},
		} {
			op, ok := doc.Paths[path]
			if !ok {
				t.Errorf("no path %s", path)
				continue
			}
			i := slices.IndexFunc(op.Get.Parameters, func(p struct {
				Name   string
				Schema struct{ Enum []string }
			}) bool {
				return p.Name == "f"
			})
			if i < 0 {
				t.Errorf("%s has no f parameter", path)
				continue
			}
			if got := op.Get.Parameters[i].Schema.Enum; !slices.Equal(got, want) {
				t.Errorf("%s offers f=%q, want %q", path, got, want)
			}
			_, page := op.Get.Responses["200"].Content["text/html"]
			if page != slices.Contains(want, "html") {
				t.Errorf("%s: a text/html answer listed is %v, want %v", path, page, !page)
			}
		}
	})
}
