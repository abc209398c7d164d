package api

import (
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/parkmap/parkmap/geo"
)

// positionKey holds, in a request's context, how many features come
// before a page asked for by cursor (whose query has Offset 0).
const positionKey = "parkmap.position"

// readCursor reads the cursor parameter into q.After. A cursor and an
// offset are two ways of saying where a page starts: both is a 400.
func (s *server) readCursor(c *gin.Context, def *geo.Collection, q *geo.FeatureQuery, v string) error {
	if _, ok := c.GetQuery("offset"); ok {
		return invalid("cursor and offset are exclusive: a cursor says where its page starts")
	}
	if !geo.KeysetPageable(def, q.SortBy) {
		return invalid("cursor: this sortby pages by offset only")
	}
	ks, pos, err := s.cursors.decode(v, def, queryDigest(query(c)), q.SortBy)
	if err != nil {
		return err
	}
	q.After = &ks
	c.Set(positionKey, pos)
	return nil
}

// pagePosition is how many features come before the page.
func pagePosition(c *gin.Context, q geo.FeatureQuery) int {
	if v, ok := c.Get(positionKey); ok {
		return v.(int)
	}
	return q.Offset
}

// pageLinks builds self, collection and, where they exist, next and prev,
// keeping every parameter the client sent. A next link carries a cursor
// when the store gave the page's last position (keyset paging), else an
// offset; prev is an offset, and a page past the end has its prev at the
// last page. Whether there is a next page is known from numberMatched
// when it is exact, else from a full page; returned is how many features
// the page has (a streamed page does not hold them).
func (s *server) pageLinks(c *gin.Context, def *geo.Collection, q geo.FeatureQuery, page geo.FeaturePage, returned int) ([]link, error) {
	base := s.baseURL(c) + "/api/collections/" + def.ID
	params := query(c)
	kept := newLinkQuery(params, "limit", "offset", cursorParam)
	limit := strconv.Itoa(q.Limit)
	href := func(name, value string) string {
		return base + "/items?" + kept.with("limit", limit, name, value)
	}
	at := func(offset int) string { return href("offset", strconv.Itoa(offset)) }
	pos := pagePosition(c, q)
	var self string
	if _, ok := params[cursorParam]; ok { // the page's own cursor
		self = base + "/items?" + newLinkQuery(params, "limit", "offset").with("limit", limit)
	} else {
		self = at(pos)
	}
	links := []link{
		{self, relSelf, contentGeoJSON, "This page"},
		{base, relCollection, contentJSON, "The collection"},
	}
	end := pos + returned
	more := end < page.Matched
	if page.Estimated {
		more = returned == q.Limit
	}
	if more {
		var next string
		if page.Last != nil {
			cur, err := s.cursors.encode(def.ID, queryDigest(params), end, page.Last)
			if err != nil {
				return nil, err
			}
			next = href(cursorParam, cur)
		} else {
			next = at(pos + q.Limit)
		}
		links = append(links, link{next, relNext, contentGeoJSON, "Next page"})
	}
	if pos > 0 {
		prev := max(0, min(pos-q.Limit, page.Matched-q.Limit))
		links = append(links, link{at(prev), relPrev, contentGeoJSON, "Previous page"})
	}
	return links, nil
}
