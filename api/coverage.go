package api

import (
	"bytes"
	"encoding/csv"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/parkmap/parkmap/geo"
)

type coverageJSON struct {
	Chain    chainName       `json:"chain"`
	Stages   []geo.Stage     `json:"stages"`
	Parks    []coveragePark  `json:"parks"`
	Segments []chainSegment  `json:"segments"`
	Gaps     []string        `json:"gaps"`
	Overlaps []coverageShare `json:"overlaps"`
}

type coveragePark struct {
	ID     string `json:"id"`
	NameZH string `json:"name_zh"`
	NameEN string `json:"name_en"`
	Status string `json:"status"`
}

type coverageShare struct {
	Segment string   `json:"segment"`
	Parks   []string `json:"parks"`
}

// coverage serves the segments × zones matrix of a chain, with its gaps
// and overlaps named; f=csv gives it as a spreadsheet. The coverage is
// the store's zone index's, computed when the data was written.
func (s *server) coverage(c *gin.Context) error {
	index, err := s.store.ZoneIndex(c.Request.Context())
	if err != nil {
		return err
	}
	ch, _, err := s.findChain(c, index)
	if err != nil {
		return err
	}
	cov, _ := index.Coverage(ch.Slug)
	parks := index.ChainZones(ch.Slug)
	if c.Query("f") == "csv" {
		return writeCoverageCSV(c, cov, parks)
	}
	out := coverageJSON{
		Chain:  chainName{ch.Slug, ch.NameZH, ch.NameEN},
		Stages: nonNilSlice(ch.Stages), Gaps: cov.Gaps,
		Parks:    []coveragePark{},
		Segments: make([]chainSegment, 0, len(cov.Segments)),
		Overlaps: make([]coverageShare, 0, len(cov.Overlaps)),
	}
	for _, p := range parks {
		if p.Chain == ch.Slug {
			out.Parks = append(out.Parks, coveragePark{p.ID, p.NameZH, p.NameEN, string(p.Status)})
		}
	}
	for _, sc := range cov.Segments {
		out.Segments = append(out.Segments, chainSegment{sc.Segment, sc.Parks})
	}
	for _, o := range cov.Overlaps {
		out.Overlaps = append(out.Overlaps, coverageShare{o.Segment.Slug, o.Parks})
	}
	return writeJSON(c, contentJSON, out)
}

// writeCoverageCSV writes UTF-8 with a byte-order mark, so that Excel opens
// the Chinese names correctly.
func writeCoverageCSV(c *gin.Context, cov geo.Coverage, parks []geo.Park) error {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	header := []string{"segment", "name_zh", "name_en", "stage"}
	var ids []string
	for _, p := range parks {
		if p.Chain == cov.Chain.Slug {
			header = append(header, p.ID)
			ids = append(ids, p.ID)
		}
	}
	header = append(header, "zones", "coverage")
	if err := w.Write(header); err != nil {
		return err
	}
	for _, sc := range cov.Segments {
		row := []string{sc.Segment.Slug, sc.Segment.NameZH, sc.Segment.NameEN, sc.Segment.Stage}
		for _, id := range ids {
			mark := ""
			for _, h := range sc.Parks {
				if h == id {
					mark = "1"
				}
			}
			row = append(row, mark)
		}
		state := "hosted"
		switch {
		case len(sc.Parks) == 0:
			state = "gap"
		case len(sc.Parks) > 1:
			state = "overlap"
		}
		row = append(row, strconv.Itoa(len(sc.Parks)), state)
		if err := w.Write(row); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	c.Header("Content-Disposition", `attachment; filename="coverage-`+cov.Chain.Slug+`.csv"`)
	writeBody(c, "text/csv; charset=utf-8", buf.Bytes(), nil)
	return nil
}
