package api

import (
	"net/url"
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
	ks, pos, err := s.cursors.decode(v, def, queryDigest(c.Request.URL.Query()), q.SortBy)
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
	query := c.Request.URL.Query()
	href := func(set func(url.Values)) string {
		v := url.Values{}
		for name, values := range query {
			if name != "offset" && name != cursorParam {
				v[name] = values
			}
		}
		v.Set("limit", strconv.Itoa(q.Limit))
		set(v)
		return base + "/items?" + v.Encode()
	}
	at := func(offset int) func(url.Values) {
		return func(v url.Values) { v.Set("offset", strconv.Itoa(offset)) }
	}
	pos := pagePosition(c, q)
	self := at(pos)
	if cur, ok := query[cursorParam]; ok {
		self = func(v url.Values) { v[cursorParam] = cur }
	}
	links := []link{
		{href(self), relSelf, contentGeoJSON, "This page"},
		{base, relCollection, contentJSON, "The collection"},
	}
	end := pos + returned
	more := end < page.Matched
	if page.Estimated {
		more = returned == q.Limit
	}
	if more {
		next := at(pos + q.Limit)
		if page.Last != nil {
			cur, err := s.cursors.encode(def.ID, queryDigest(query), end, page.Last)
			if err != nil {
				return nil, err
			}
			next = func(v url.Values) { v.Set(cursorParam, cur) }
		}
		links = append(links, link{href(next), relNext, contentGeoJSON, "Next page"})
	}
	if pos > 0 {
		prev := max(0, min(pos-q.Limit, page.Matched-q.Limit))
		links = append(links, link{href(at(prev)), relPrev, contentGeoJSON, "Previous page"})
	}
	return links, nil
}
