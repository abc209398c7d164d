package api

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/parkmap/parkmap/geo"
)

func (s *server) landing(c *gin.Context) error {
	if wantsHTML(c) {
		return s.landingHTML(c)
	}
	base := s.baseURL(c) + "/api"
	d, err := s.readDataset(c.Request.Context())
	if err != nil {
		return err
	}
	links := []link{
		{base, relSelf, contentJSON, "This document"},
		{base + "/openapi", relServiceDesc, contentOpenAPI, "The API definition (OpenAPI 3.0)"},
		{base + "/docs", relServiceDoc, contentHTML, "The API documentation"},
		{base + "/conformance", relConformance, contentJSON, "Conformance classes"},
		{base + "/collections", relData, contentJSON, "Feature collections"},
	}
	if _, ok := s.tileReader(); ok {
		links = append(links, link{s.tileMatrixSetsHref(c), relTilingSchemes, contentJSON, "The tile matrix sets of the tiles"})
	}
	links = append(links,
		link{s.baseURL(c) + "/", relAlternate, contentHTML, "The map"},
		s.alternateHTML(c, "This document as HTML"))
	return writeJSON(c, contentJSON, map[string]any{
		"title":       "parkmap: " + d.title().Bilingual(),
		"description": d.description().EN + " " + d.description().ZH,
		"version":     s.cfg.Version,
		"links":       links,
	})
}

func (s *server) conformance(c *gin.Context) error {
	if wantsHTML(c) {
		return s.conformanceHTML(c)
	}
	return writeJSON(c, contentJSON, map[string]any{"conformsTo": s.conformsTo()})
}

// collectionJSON is one collection's metadata.
type collectionJSON struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	ItemType    string   `json:"itemType"`
	CRS         []string `json:"crs"`
	StorageCRS  string   `json:"storageCrs"`
	Extent      *extent  `json:"extent,omitempty"`
	Links       []link   `json:"links"`
}

type extent struct {
	Spatial struct {
		BBox [][4]float64 `json:"bbox"`
		CRS  string       `json:"crs"`
	} `json:"spatial"`
}

func (s *server) describe(c *gin.Context, def *geo.Collection) (collectionJSON, error) {
	href := s.baseURL(c) + "/api/collections/" + def.ID
	cj := collectionJSON{
		ID: def.ID, Title: def.Title.Bilingual(), Description: def.Description.Bilingual(), ItemType: "feature", CRS: geo.CRSURIs(), StorageCRS: crs84,
		Links: []link{
			{href, relSelf, contentJSON, "This collection"},
			{href + "?f=html", relAlternate, contentHTML, "This collection as HTML"},
			{href + "/items", relItems, contentGeoJSON, "Its features"},
			{href + "/items?f=csv", relItems, contentCSV, "Its features as CSV"},
			{href + "/queryables", relQueryables, contentSchema, "The properties a filter may name"},
			{href + "/schema", relDescribedBy, contentSchema, "The schema of its features"},
			// GDAL up to 3.6 looks for this spelling only.
			{href + "/schema", "describedBy", contentSchema, "The schema of its features"},
		},
	}
	cj.Links = append(cj.Links, s.tileLinks(href)...)
	b, ok, err := s.store.Extent(c.Request.Context(), def)
	if err != nil {
		return cj, err
	}
	if ok {
		cj.Extent = &extent{}
		cj.Extent.Spatial.CRS = crs84
		cj.Extent.Spatial.BBox = [][4]float64{{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}}
	}
	return cj, nil
}

func (s *server) collections(c *gin.Context) error {
	out := make([]collectionJSON, 0, len(s.cfg.Collections))
	for _, def := range s.cfg.Collections {
		cj, err := s.describe(c, def)
		if err != nil {
			return err
		}
		out = append(out, cj)
	}
	if wantsHTML(c) {
		return s.collectionsHTML(c, out)
	}
	href := s.baseURL(c) + "/api/collections"
	return writeJSON(c, contentJSON, map[string]any{
		"links":       []link{{href, relSelf, contentJSON, "The collections"}, s.alternateHTML(c, "The collections as HTML")},
		"collections": out,
	})
}

func (s *server) findCollection(c *gin.Context) (*geo.Collection, error) {
	id := c.Param("collectionId")
	def, ok := s.cfg.Collections.Find(id)
	if !ok {
		return nil, s.cfg.Collections.NotFound(truncate(id))
	}
	return def, nil
}

func (s *server) collection(c *gin.Context) error {
	def, err := s.findCollection(c)
	if err != nil {
		return err
	}
	cj, err := s.describe(c, def)
	if err != nil {
		return err
	}
	if wantsHTML(c) {
		return s.collectionHTML(c, def, cj)
	}
	return writeJSON(c, contentJSON, cj)
}

// items serves a page of features. The store hands over encoded features;
// they are spliced into the response without being decoded again.
func (s *server) items(c *gin.Context) error {
	def, err := s.findCollection(c)
	if err != nil {
		return err
	}
	if err := checkParams(c.Request.URL.Query(), itemsParamsOf(def)); err != nil {
		return err
	}
	q, err := s.featureQuery(c, def)
	if err != nil {
		return err
	}
	off, err := itemsOffset(c, &q, s.cfg.Projector)
	if err != nil {
		return err
	}
	if ex := exportOf(c); ex != nil {
		return s.export(c, def, q, ex, off)
	}
	if wantsHTML(c) {
		q.CRS, off = nil, nil // the page's map is in CRS84
	}
	// A page re-encoded for coordsys goes whole: its features are offset in Go.
	if fs, ok := s.store.(geo.FeatureStreamer); ok && off == nil && !wantsHTML(c) {
		return s.streamItems(c, def, q, fs)
	}
	page, err := s.store.Features(c.Request.Context(), def, q)
	if err != nil {
		return err
	}
	setContentCRS(c, q.CRS)
	if wantsHTML(c) {
		return s.itemsHTML(c, def, q, page)
	}
	if off != nil {
		if page.Features, err = off.features(page.Features); err != nil {
			return err
		}
		off.label(c)
	}
	links, err := s.pageLinks(c, def, q, page, len(page.Features))
	if err != nil {
		return err
	}
	links = append(links, s.alternateHTML(c, "This page as HTML"))
	linksJSON, err := json.Marshal(links)
	if err != nil {
		return err
	}
	size := 256 + len(linksJSON)
	for _, f := range page.Features {
		size += len(f) + 1
	}
	features := getBuffer()
	defer putBuffer(features)
	features.Grow(size)
	features.WriteString(`{"type":"FeatureCollection","features":[`)
	for i, f := range page.Features {
		if i > 0 {
			features.WriteByte(',')
		}
		features.Write(f)
	}
	features.WriteString(`],"numberMatched":`)
	features.WriteString(strconv.Itoa(page.Matched))
	if page.Estimated {
		features.WriteString(`,"numberMatchedEstimated":true`)
	}
	features.WriteString(`,"numberReturned":`)
	features.WriteString(strconv.Itoa(len(page.Features)))
	features.WriteString(`,"links":`)
	features.Write(linksJSON)
	etagEnd := features.Len() // the tag is over all but the timeStamp
	features.WriteString(`,"timeStamp":"`)
	features.WriteString(time.Now().UTC().Format(time.RFC3339))
	features.WriteString(`"}`)
	body := features.Bytes()
	writeBody(c, contentGeoJSON, body, body[:etagEnd])
	return nil
}

// featureQuery reads the items parameters against the collection's
// definition; every name and value is checked before the store sees it.
func (s *server) featureQuery(c *gin.Context, def *geo.Collection) (geo.FeatureQuery, error) {
	q := geo.FeatureQuery{Limit: defaultLimit}
	var err error
	if v, ok := c.GetQuery("limit"); ok {
		if q.Limit, err = parseCount("limit", v, maxLimit); err != nil {
			return q, err
		}
		if q.Limit == 0 {
			return q, invalid("limit must be at least 1 (and at most %d)", maxLimit)
		}
	}
	if v, ok := c.GetQuery("offset"); ok {
		if q.Offset, err = parseCount("offset", v, 1<<31-1); err != nil {
			return q, err
		}
	}
	if q.CRS, err = parseCRSParam(c, "crs"); err != nil {
		return q, err
	}
	bboxCRS, err := parseCRSParam(c, "bbox-crs")
	if err != nil {
		return q, err
	}
	if v, ok := c.GetQuery("bbox"); ok {
		b, err := parseBBoxIn(v, bboxCRS, s.cfg.Projector)
		if err != nil {
			return q, err
		}
		q.BBox = &b
	} else if _, ok := c.GetQuery("bbox-crs"); ok {
		return q, invalid("bbox-crs without a bbox")
	}
	if q.Datetime, err = datetimeParam(c); err != nil {
		return q, err
	}
	if q.Filter, err = filterParam(c, def, s.cfg.Projector); err != nil {
		return q, err
	}
	if v, ok := c.GetQuery("sortby"); ok {
		if q.SortBy, err = parseSortBy(v, def.Sortables()); err != nil {
			return q, err
		}
	}
	if v, ok := c.GetQuery("properties"); ok {
		if q.Properties, err = parseProperties(v, def.Names(nil)); err != nil {
			return q, err
		}
	}
	if v, ok := c.GetQuery("skipGeometry"); ok {
		if q.SkipGeometry, err = parseBool("skipGeometry", v); err != nil {
			return q, err
		}
	}
	if v, ok := c.GetQuery(cursorParam); ok {
		if err := s.readCursor(c, def, &q, v); err != nil {
			return q, err
		}
	}
	q.Where, err = s.conditions(c, def)
	return q, err
}

// validValues returns the values a property may take, nil when any value
// of its type will do. Domains are read from the store only when asked for,
// so that a plain page stays one round trip.
func (s *server) validValues(c *gin.Context, p geo.Property) ([]string, error) {
	if p.Enum != nil {
		return p.Enum, nil
	}
	if p.Domain != "" {
		return s.store.Domain(c.Request.Context(), p.Domain)
	}
	return nil, nil
}

func (s *server) item(c *gin.Context) error {
	def, err := s.findCollection(c)
	if err != nil {
		return err
	}
	id, err := parseID(s.idPatterns[def.ID], c.Param("featureId"))
	if err != nil {
		return err
	}
	crs, err := parseCRSParam(c, "crs")
	if err != nil {
		return err
	}
	html := wantsHTML(c)
	off, err := parseCoordsys(c, crs, s.cfg.Projector)
	if err != nil {
		return err
	}
	storeCRS := crs
	if html || off != nil {
		storeCRS = nil // the page's map draws CRS84; GCJ-02 starts from CRS84
	}
	f, err := s.store.Feature(c.Request.Context(), def, id, storeCRS)
	if err != nil {
		return err
	}
	if html {
		return s.itemHTML(c, def, f)
	}
	if off != nil {
		if f, err = off.feature(f); err != nil {
			return err
		}
		off.label(c)
	} else {
		setContentCRS(c, crs)
	}
	base := s.baseURL(c) + "/api/collections/" + def.ID
	links, err := json.Marshal([]link{
		{base + "/items/" + url.PathEscape(id), relSelf, contentGeoJSON, "This feature"},
		{base, relCollection, contentJSON, "The collection"},
		s.alternateHTML(c, "This feature as HTML"),
	})
	if err != nil {
		return err
	}
	// Splice the links into the encoded feature: drop its closing brace.
	body := make([]byte, 0, len(f)+len(links)+10)
	body = append(body, bytes.TrimSuffix(bytes.TrimSpace(f), []byte("}"))...)
	body = append(body, `,"links":`...)
	body = append(body, links...)
	body = append(body, '}')
	writeBody(c, contentGeoJSON, body, nil)
	return nil
}
