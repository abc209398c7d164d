package api

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
	"net/url"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/gin-gonic/gin"

	"github.com/parkmap/parkmap/geo"
)

// The HTML forms of the OGC resources (f=html, or a browser's Accept) are
// light pages a person can browse, as pygeoapi and pg_featureserv offer:
// server-rendered with html/template, which escapes every value, in both
// languages, with no inline script or style so that a Content-Security-
// Policy of default-src 'self' holds. Their stylesheet and the small map's
// script are web assets (pages.css, js/apimap.js; not under /api, which is
// the API's alone).

//go:embed html/*.tmpl
var htmlFiles embed.FS

// htmlPages holds each page's template, parsed once: the layout with the
// page's own "content". Parsed templates are safe for concurrent use.
var htmlPages = parsePages("landing", "conformance", "collections", "collection", "items", "item", "docs")

func parsePages(names ...string) map[string]*template.Template {
	layout := template.Must(template.New("layout.tmpl").Funcs(template.FuncMap{
		"text": func(zh, en string) geo.Text { return geo.Text{ZH: zh, EN: en} },
	}).ParseFS(htmlFiles, "html/layout.tmpl"))
	pages := map[string]*template.Template{}
	for _, name := range names {
		pages[name] = template.Must(template.Must(layout.Clone()).ParseFS(htmlFiles, "html/"+name+".tmpl"))
	}
	return pages
}

// htmlPage is what the layout needs around a page's content.
type htmlPage struct {
	Title geo.Text
	// Root is the service root (the map's address), for the web assets.
	Root string
	// Crumbs lead from the landing page to this one's parent.
	Crumbs []htmlLink
	// JSON is the same resource as JSON, the page's alternate.
	JSON string
	// Styles and Scripts are web assets under Root the page loads.
	Styles  []string
	Scripts []htmlScript
	Data    any
}

// htmlLink is a link with a bilingual label.
type htmlLink struct {
	Href  string
	Label geo.Text
}

// htmlScript is a script the page loads; a module runs after the deferred
// classic scripts before it, in order.
type htmlScript struct {
	Src    string
	Module bool
}

// writeHTML renders a page and sends it with an ETag; the content is a
// function of the URL and the Accept header, so caches keep one of each.
func writeHTML(c *gin.Context, name string, page htmlPage) error {
	var buf bytes.Buffer
	if err := htmlPages[name].ExecuteTemplate(&buf, "layout", page); err != nil {
		return err
	}
	writeBody(c, contentHTML+"; charset=utf-8", buf.Bytes(), nil)
	return nil
}

// withFormat is the URL of this request with f set to format, absolute.
func (s *server) withFormat(c *gin.Context, format string) string {
	return s.baseURL(c) + c.Request.URL.Path + "?" + newLinkQuery(query(c), "f").with("f", format)
}

// alternateHTML is the link from a JSON document to its HTML form.
func (s *server) alternateHTML(c *gin.Context, title string) link {
	return link{s.withFormat(c, "html"), relAlternate, contentHTML, title}
}

// htmlCrumbs are the pages above a resource: the landing page, and the
// collections and the collection as deep as the path goes.
func (s *server) htmlCrumbs(c *gin.Context, def *geo.Collection, items bool) []htmlLink {
	api := s.baseURL(c) + "/api"
	crumbs := []htmlLink{{api + "?f=html", geo.Text{ZH: "首页", EN: "Home"}}}
	if def == nil {
		return crumbs
	}
	crumbs = append(crumbs, htmlLink{api + "/collections?f=html", geo.Text{ZH: "要素集合", EN: "Collections"}})
	href := api + "/collections/" + url.PathEscape(def.ID)
	crumbs = append(crumbs, htmlLink{href + "?f=html", def.Title})
	if items {
		crumbs = append(crumbs, htmlLink{href + "/items?f=html", geo.Text{ZH: "要素", EN: "Features"}})
	}
	return crumbs
}

// withPage adds the HTML page to the answers of an operation that serves
// one (f=html, or Accept: text/html), so that the documentation lists it.
func withPage(op *openapi3.Operation, formats []string) {
	if !slices.Contains(formats, "html") {
		return
	}
	if ok := op.Responses.Status(http.StatusOK); ok != nil && ok.Value != nil {
		if ok.Value.Content == nil {
			ok.Value.Content = openapi3.Content{}
		}
		ok.Value.Content[contentHTML] = openapi3.NewMediaType().WithSchema(stringSchema())
	}
}
