package api

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/parkmap/parkmap/geo"
)

// The HTML form of each OGC resource, from the same data as its JSON form.

// landingHTML is the landing page: what the service is and where to go.
func (s *server) landingHTML(c *gin.Context) error {
	root := s.baseURL(c)
	api := root + "/api"
	d, err := s.readDataset(c.Request.Context())
	if err != nil {
		return err
	}
	return writeHTML(c, "landing", htmlPage{
		Title: d.title(),
		Root:  root, JSON: s.withFormat(c, "json"),
		Data: struct {
			Description geo.Text
			Version     string
			Links       []htmlLink
		}{
			Description: d.description(),
			Version:     s.cfg.Version,
			Links: []htmlLink{
				{api + "/collections?f=html", geo.Text{ZH: "要素集合", EN: "Feature collections"}},
				{api + "/docs", geo.Text{ZH: "API 文档", EN: "API documentation"}},
				{api + "/openapi", geo.Text{ZH: "API 定义（OpenAPI 3.0，JSON）", EN: "API definition (OpenAPI 3.0, JSON)"}},
				{api + "/conformance?f=html", geo.Text{ZH: "符合的标准", EN: "Conformance classes"}},
				{root + "/", geo.Text{ZH: "地图", EN: "The map"}},
			},
		},
	})
}

// conformanceHTML lists the conformance classes.
func (s *server) conformanceHTML(c *gin.Context) error {
	return writeHTML(c, "conformance", htmlPage{
		Title: geo.Text{ZH: "符合的标准", EN: "Conformance classes"},
		Root:  s.baseURL(c), Crumbs: s.htmlCrumbs(c, nil, false), JSON: s.withFormat(c, "json"),
		Data: s.conformsTo(),
	})
}

// htmlCollection is one collection as the collection pages show it.
type htmlCollection struct {
	Def    *geo.Collection
	Href   string // its HTML page
	Items  string // its features' HTML page
	API    string // its JSON, without a query
	Extent string
}

func (s *server) htmlCollection(c *gin.Context, def *geo.Collection, cj collectionJSON) htmlCollection {
	api := s.baseURL(c) + "/api/collections/" + url.PathEscape(def.ID)
	hc := htmlCollection{Def: def, Href: api + "?f=html", Items: api + "/items?f=html", API: api}
	if cj.Extent != nil && len(cj.Extent.Spatial.BBox) > 0 {
		b := cj.Extent.Spatial.BBox[0]
		hc.Extent = fmt.Sprintf("%.4f, %.4f – %.4f, %.4f", b[0], b[1], b[2], b[3])
	}
	return hc
}

// collectionsHTML lists the collections.
func (s *server) collectionsHTML(c *gin.Context, cjs []collectionJSON) error {
	var list []htmlCollection
	for _, cj := range cjs {
		if def, ok := s.cfg.Collections.Find(cj.ID); ok {
			list = append(list, s.htmlCollection(c, def, cj))
		}
	}
	return writeHTML(c, "collections", htmlPage{
		Title: geo.Text{ZH: "要素集合", EN: "Feature collections"},
		Root:  s.baseURL(c), Crumbs: s.htmlCrumbs(c, nil, false), JSON: s.withFormat(c, "json"),
		Data: list,
	})
}

// collectionHTML describes one collection and its properties.
func (s *server) collectionHTML(c *gin.Context, def *geo.Collection, cj collectionJSON) error {
	crumbs := s.htmlCrumbs(c, def, false)
	return writeHTML(c, "collection", htmlPage{
		Title: def.Title, Root: s.baseURL(c), Crumbs: crumbs[:len(crumbs)-1], JSON: s.withFormat(c, "json"),
		Data: s.htmlCollection(c, def, cj),
	})
}

// htmlFeature is one feature as the pages show it: its id, the link to its
// page and a cell for each property shown.
type htmlFeature struct {
	ID    string
	Href  string
	Cells []htmlCell
}

// htmlCell is a property's value: a text, a list, or nothing (null).
type htmlCell struct {
	Text string
	List []string
	Null bool
	Unit string
}

// htmlValue turns a JSON value into a cell: text as it is, a number as JSON
// writes it, with the property's unit.
func htmlValue(raw json.RawMessage, p geo.Property) htmlCell {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil || v == nil {
		return htmlCell{Null: true}
	}
	switch v := v.(type) {
	case string:
		return htmlCell{Text: v, Unit: p.Unit}
	case []any:
		list := make([]string, len(v))
		for i, e := range v {
			if s, ok := e.(string); ok {
				list[i] = s
			} else {
				b, _ := json.Marshal(e)
				list[i] = string(b)
			}
		}
		if len(list) == 0 {
			return htmlCell{Null: true}
		}
		return htmlCell{List: list}
	}
	return htmlCell{Text: trimRaw(raw), Unit: p.Unit}
}

// trimRaw is a raw JSON value as text.
func trimRaw(raw json.RawMessage) string { return strings.TrimSpace(string(raw)) }

// decodeFeature reads an encoded feature's id and properties; an id may be
// a number in a user's table.
func decodeFeature(raw json.RawMessage) (id string, props map[string]json.RawMessage, err error) {
	var f struct {
		ID         json.RawMessage            `json:"id"`
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		return "", nil, err
	}
	if err := json.Unmarshal(f.ID, &id); err != nil {
		id = trimRaw(f.ID)
	}
	return id, f.Properties, nil
}

// shown is the properties a page shows: all, or those asked for.
func shown(def *geo.Collection, q geo.FeatureQuery) []geo.Property {
	var out []geo.Property
	for _, p := range def.Properties {
		if q.Properties == nil || slices.Contains(q.Properties, p.Name) {
			out = append(out, p)
		}
	}
	return out
}

// itemsHTML is a page of features: how many match, the pager, a small map
// of the page's features and a table of their properties.
func (s *server) itemsHTML(c *gin.Context, def *geo.Collection, q geo.FeatureQuery, page geo.FeaturePage) error {
	columns := shown(def, q)
	base := s.baseURL(c) + "/api/collections/" + url.PathEscape(def.ID) + "/items/"
	rows := make([]htmlFeature, 0, len(page.Features))
	for _, raw := range page.Features {
		id, props, err := decodeFeature(raw)
		if err != nil {
			return err
		}
		row := htmlFeature{ID: id, Href: base + url.PathEscape(id) + "?f=html"}
		for _, p := range columns {
			row.Cells = append(row.Cells, htmlValue(props[p.Name], p))
		}
		rows = append(rows, row)
	}
	var prev, next string
	links, err := s.pageLinks(c, def, q, page, len(page.Features))
	if err != nil {
		return err
	}
	for _, l := range links {
		switch l.Rel {
		case relPrev:
			prev = l.Href
		case relNext:
			next = l.Href
		}
	}
	first, last := 0, 0
	if len(rows) > 0 {
		pos := pagePosition(c, q)
		first, last = pos+1, pos+len(rows)
	}
	crumbs := s.htmlCrumbs(c, def, true)
	return writeHTML(c, "items", htmlPage{
		Title: def.Title, Root: s.baseURL(c), Crumbs: crumbs[:len(crumbs)-1], JSON: s.withFormat(c, "json"),
		Styles:  []string{"/vendor/leaflet/leaflet.css"},
		Scripts: []htmlScript{{Src: "/vendor/leaflet/leaflet.js"}, {Src: "/js/apimap.js", Module: true}},
		Data: struct {
			Collection    htmlCollection
			Columns       []geo.Property
			Features      []htmlFeature
			Matched       int
			First, Last   int
			Prev, Next    string
			GeoJSON, CSV  string
			ItemBase      string
			SkipsGeometry bool
		}{
			Collection: s.htmlCollection(c, def, collectionJSON{}),
			Columns:    columns, Features: rows, Matched: page.Matched, First: first, Last: last,
			Prev: prev, Next: next, GeoJSON: s.withFormat(c, "json"), CSV: s.withFormat(c, "csv"),
			ItemBase: base, SkipsGeometry: q.SkipGeometry,
		},
	})
}

// itemHTML is one feature: its properties as a table, and a small map.
func (s *server) itemHTML(c *gin.Context, def *geo.Collection, raw json.RawMessage) error {
	id, props, err := decodeFeature(raw)
	if err != nil {
		return err
	}
	cells := make([]htmlCell, len(def.Properties))
	for i, p := range def.Properties {
		cells[i] = htmlValue(props[p.Name], p)
	}
	title := featureTitle(def, props)
	if title.ZH == "" && title.EN == "" {
		title = geo.Text{EN: id}
	}
	return writeHTML(c, "item", htmlPage{
		Title: title, Root: s.baseURL(c), Crumbs: s.htmlCrumbs(c, def, true), JSON: s.withFormat(c, "json"),
		Styles:  []string{"/vendor/leaflet/leaflet.css"},
		Scripts: []htmlScript{{Src: "/vendor/leaflet/leaflet.js"}, {Src: "/js/apimap.js", Module: true}},
		Data: struct {
			ID         string
			Collection *geo.Collection
			Properties []geo.Property
			Cells      []htmlCell
			GeoJSON    string
		}{id, def, def.Properties, cells, s.withFormat(c, "json")},
	})
}

// featureTitle names a feature for its page: its first text property
// ending in _zh and _en (name_zh, enterprise_en), else its name or title.
func featureTitle(def *geo.Collection, props map[string]json.RawMessage) geo.Text {
	var t geo.Text
	text := func(name string) string {
		var v string
		_ = json.Unmarshal(props[name], &v) // a null or a number names nothing: ""
		return v
	}
	for _, p := range def.Properties {
		if p.Type != geo.TypeString {
			continue
		}
		switch {
		case t.ZH == "" && strings.HasSuffix(p.Name, "_zh"):
			t.ZH = text(p.Name)
		case t.EN == "" && strings.HasSuffix(p.Name, "_en"):
			t.EN = text(p.Name)
		}
	}
	for _, name := range []string{"name", "title"} {
		if t.ZH == "" && t.EN == "" {
			t.EN = text(name)
		}
	}
	return t
}
