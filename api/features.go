package api

import (
	"bytes"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/parkmap/parkmap/geo"
)

func (s *server) landing(c *gin.Context) error {
	base := s.baseURL(c) + "/api"
	return writeJSON(c, contentJSON, map[string]any{
		"title":       "parkmap: Yuxi industrial parks and battery-chain segments · 玉溪产业园区与新能源电池产业链布局",
		"description": "OGC API - Features for Yuxi's battery-chain zones, enterprise projects and counties. Zone boundaries are schematic.",
		"version":     s.cfg.Version,
		"links": []link{
			{base, relSelf, contentJSON, "This document"},
			{base + "/openapi", relServiceDesc, contentOpenAPI, "The API definition (OpenAPI 3.0)"},
			{base + "/conformance", relConformance, contentJSON, "Conformance classes"},
			{base + "/collections", relData, contentJSON, "Feature collections"},
			{s.baseURL(c) + "/", relAlternate, contentHTML, "The map"},
		},
	})
}

func (s *server) conformance(c *gin.Context) error {
	return writeJSON(c, contentJSON, map[string]any{"conformsTo": conformanceClasses})
}

// collectionJSON is one collection's metadata.
type collectionJSON struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	ItemType    string   `json:"itemType"`
	CRS         []string `json:"crs"`
	Extent      *extent  `json:"extent,omitempty"`
	Links       []link   `json:"links"`
}

type extent struct {
	Spatial struct {
		BBox [][4]float64 `json:"bbox"`
		CRS  string       `json:"crs"`
	} `json:"spatial"`
}

func (s *server) describe(c *gin.Context, info collectionInfo) (collectionJSON, error) {
	href := s.baseURL(c) + "/api/collections/" + info.ID
	cj := collectionJSON{
		ID: info.ID, Title: info.Title, Description: info.Description, ItemType: "feature", CRS: []string{crs84},
		Links: []link{
			{href, relSelf, contentJSON, "This collection"},
			{href + "/items", relItems, contentGeoJSON, "Its features"},
			{href + "/schema", relDescribedBy, contentSchema, "The schema of its features"},
			// GDAL up to 3.6 looks for this spelling only.
			{href + "/schema", "describedBy", contentSchema, "The schema of its features"},
		},
	}
	b, ok, err := s.store.Extent(c.Request.Context(), info.ID)
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
	out := make([]collectionJSON, 0, len(collectionInfos))
	for _, info := range collectionInfos {
		cj, err := s.describe(c, info)
		if err != nil {
			return err
		}
		out = append(out, cj)
	}
	href := s.baseURL(c) + "/api/collections"
	return writeJSON(c, contentJSON, map[string]any{
		"links":       []link{{href, relSelf, contentJSON, "The collections"}},
		"collections": out,
	})
}

func (s *server) findCollection(c *gin.Context) (collectionInfo, error) {
	id := c.Param("collectionId")
	info, ok := findCollection(id)
	if !ok {
		ids := make([]string, len(collectionInfos))
		for i, ci := range collectionInfos {
			ids[i] = ci.ID
		}
		return info, geo.Errorf(geo.ENotFound, "no collection %q; the collections are %s", truncate(id), strings.Join(ids, ", "))
	}
	return info, nil
}

func (s *server) collection(c *gin.Context) error {
	info, err := s.findCollection(c)
	if err != nil {
		return err
	}
	cj, err := s.describe(c, info)
	if err != nil {
		return err
	}
	return writeJSON(c, contentJSON, cj)
}

// items serves a page of features. The store hands over encoded features;
// they are spliced into the response without being decoded again.
func (s *server) items(c *gin.Context) error {
	info, err := s.findCollection(c)
	if err != nil {
		return err
	}
	q, err := s.featureQuery(c, info)
	if err != nil {
		return err
	}
	page, err := s.store.Features(c.Request.Context(), info.ID, q)
	if err != nil {
		return err
	}
	links := s.pageLinks(c, info.ID, q, page)
	linksJSON, err := json.Marshal(links)
	if err != nil {
		return err
	}
	size := 256 + len(linksJSON)
	for _, f := range page.Features {
		size += len(f) + 1
	}
	var features bytes.Buffer
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
	features.WriteString(`,"numberReturned":`)
	features.WriteString(strconv.Itoa(len(page.Features)))
	features.WriteString(`,"links":`)
	features.Write(linksJSON)
	etagOf := bytes.Clone(features.Bytes())
	features.WriteString(`,"timeStamp":"`)
	features.WriteString(time.Now().UTC().Format(time.RFC3339))
	features.WriteString(`"}`)
	writeBody(c, contentGeoJSON, features.Bytes(), etagOf)
	return nil
}

func (s *server) featureQuery(c *gin.Context, info collectionInfo) (geo.FeatureQuery, error) {
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
	if v, ok := c.GetQuery("bbox"); ok {
		b, err := parseBBox(v)
		if err != nil {
			return q, err
		}
		q.BBox = &b
	}
	for _, name := range []string{"segment", "stage", "county", "status"} {
		if _, ok := c.GetQuery(name); ok && !slices.Contains(info.Filters, name) {
			return q, invalid("collection %s has no %q filter; it filters by bbox only", info.ID, name)
		}
	}
	// The slugs are checked against the store's chains, read only when
	// asked for, so that a plain page stays one round trip.
	var chains []geo.Chain
	if c.Query("segment") != "" || c.Query("stage") != "" {
		if chains, err = s.store.Chains(c.Request.Context()); err != nil {
			return q, err
		}
	}
	if v, ok := c.GetQuery("segment"); ok {
		if q.Segments, err = known("segment", parseList(v), segmentSlugs(chains)); err != nil {
			return q, err
		}
	}
	if v, ok := c.GetQuery("stage"); ok {
		if q.Stages, err = known("stage", parseList(v), stageSlugs(chains)); err != nil {
			return q, err
		}
	}
	if v, ok := c.GetQuery("county"); ok {
		if !countyCode.MatchString(v) {
			return q, invalid("county must be a 6-digit administrative code such as 530402; got %q", truncate(v))
		}
		q.County = v
	}
	if v, ok := c.GetQuery("status"); ok {
		q.Status = geo.Status(v)
		if !q.Status.Valid() {
			return q, invalid("status must be one of operating, planned, reserved; got %q", truncate(v))
		}
	}
	return q, nil
}

// known checks every value against the valid ones, naming them when one is not.
func known(name string, values, valid []string) ([]string, error) {
	if len(values) == 0 {
		return nil, invalid("%s is empty; give one or more of: %s", name, strings.Join(valid, ", "))
	}
	for _, v := range values {
		if !slices.Contains(valid, v) {
			return nil, invalid("unknown %s %q; valid: %s", name, truncate(v), strings.Join(valid, ", "))
		}
	}
	return values, nil
}

func segmentSlugs(chains []geo.Chain) []string {
	var out []string
	for _, c := range chains {
		for _, s := range c.Segments {
			out = append(out, s.Slug)
		}
	}
	return out
}

func stageSlugs(chains []geo.Chain) []string {
	var out []string
	for _, c := range chains {
		for _, s := range c.Stages {
			if !slices.Contains(out, s.Slug) {
				out = append(out, s.Slug)
			}
		}
	}
	return out
}

// pageLinks builds self, collection and, where they exist, next and prev,
// keeping every parameter the client sent.
func (s *server) pageLinks(c *gin.Context, collection string, q geo.FeatureQuery, page geo.FeaturePage) []link {
	base := s.baseURL(c) + "/api/collections/" + collection
	href := func(offset int) string {
		v := url.Values{}
		for name, values := range c.Request.URL.Query() {
			v[name] = values
		}
		v.Set("limit", strconv.Itoa(q.Limit))
		v.Set("offset", strconv.Itoa(offset))
		return base + "/items?" + v.Encode()
	}
	links := []link{
		{href(q.Offset), relSelf, contentGeoJSON, "This page"},
		{base, relCollection, contentJSON, "The collection"},
	}
	if q.Offset+len(page.Features) < page.Matched {
		links = append(links, link{href(q.Offset + q.Limit), relNext, contentGeoJSON, "Next page"})
	}
	if q.Offset > 0 {
		links = append(links, link{href(max(0, q.Offset-q.Limit)), relPrev, contentGeoJSON, "Previous page"})
	}
	return links
}

func (s *server) item(c *gin.Context) error {
	info, err := s.findCollection(c)
	if err != nil {
		return err
	}
	id, err := parseID(c.Param("featureId"))
	if err != nil {
		return err
	}
	f, err := s.store.Feature(c.Request.Context(), info.ID, id)
	if err != nil {
		return err
	}
	base := s.baseURL(c) + "/api/collections/" + info.ID
	links, err := json.Marshal([]link{
		{base + "/items/" + id, relSelf, contentGeoJSON, "This feature"},
		{base, relCollection, contentJSON, "The collection"},
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
