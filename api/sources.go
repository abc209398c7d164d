package api

import "github.com/gin-gonic/gin"

// sourceJSON is one cited source as /api/sources serves it: its fields, for
// a page to lay out and link, and its citation, the one line built once on
// the server (geo.Source.Citation) that features carry in their sources.
type sourceJSON struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Publisher string `json:"publisher"`
	Date      string `json:"date,omitempty"`
	URL       string `json:"url,omitempty"`
	Citation  string `json:"citation"`
}

type sourcesJSON struct {
	Sources []sourceJSON `json:"sources"`
	// DataDate is how recent the data is: the date of its newest source,
	// as precise as that source is (YYYY, YYYY-MM or YYYY-MM-DD); absent
	// when no source is dated. A dataset has no date of its own yet.
	DataDate string `json:"data_date,omitempty"`
}

// sources serves every cited source with its fields and its citation, and
// the data's date, so the map can link each source and say how recent it is
// without taking citations apart.
func (s *server) sources(c *gin.Context) error {
	list, err := s.store.Sources(c.Request.Context())
	if err != nil {
		return err
	}
	out := sourcesJSON{Sources: make([]sourceJSON, 0, len(list))}
	for _, src := range list {
		out.Sources = append(out.Sources, sourceJSON{src.ID, src.Title, src.Publisher, src.Date, src.URL, src.Citation()})
		out.DataDate = later(out.DataDate, src.Date)
	}
	return writeJSON(c, contentJSON, out)
}

// later returns the later of two dates written YYYY, YYYY-MM or
// YYYY-MM-DD. They compare as text, and of a year and a day in it the day
// counts as later: it says more.
func later(a, b string) string {
	if b > a {
		return b
	}
	return a
}
