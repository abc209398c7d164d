package api

import (
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/parkmap/parkmap/geo"
)

type chainSegment struct {
	geo.Segment
	Parks []string `json:"parks"` // zones hosting it, by id; empty for a gap
}

type chainJSON struct {
	Slug     string         `json:"slug"`
	NameZH   string         `json:"name_zh"`
	NameEN   string         `json:"name_en"`
	Stages   []geo.Stage    `json:"stages"`
	Segments []chainSegment `json:"segments"`
	Flows    []geo.Flow     `json:"flows"`
	Sources  []string       `json:"sources"`
	// Chains names every chain, so a client can ask for another.
	Chains []chainName `json:"chains"`
}

type chainName struct {
	Slug   string `json:"slug"`
	NameZH string `json:"name_zh"`
	NameEN string `json:"name_en"`
}

// findChain returns the chain the request names and all the chains, or an
// error that lists the valid ones. With no name it is the city's default
// chain, else the dataset's first chain that has segments: the data says
// which chain it maps, not the code. The chains are the zone index's.
func (s *server) findChain(c *gin.Context, index *geo.ZoneIndex) (*geo.Chain, []geo.Chain, error) {
	chains := index.Chains()
	slug, named := c.GetQuery("chain")
	if !named {
		city, err := s.store.City(c.Request.Context())
		if err != nil {
			return nil, nil, err
		}
		if ch := defaultChain(city, chains); ch != nil {
			return ch, chains, nil
		}
		return nil, nil, geo.Errorf(geo.ENotFound, "the dataset has no chain with segments")
	}
	slugs := make([]string, 0, len(chains))
	for i := range chains {
		if chains[i].Slug == slug {
			return &chains[i], chains, nil
		}
		slugs = append(slugs, chains[i].Slug)
	}
	return nil, nil, invalid("unknown chain %q; valid: %s", truncate(slug), strings.Join(slugs, ", "))
}

// chain serves a chain with the zones hosting each segment, from the
// store's zone index rather than every zone.
func (s *server) chain(c *gin.Context) error {
	ctx := c.Request.Context()
	index, err := s.store.ZoneIndex(ctx)
	if err != nil {
		return err
	}
	ch, chains, err := s.findChain(c, index)
	if err != nil {
		return err
	}
	names := make([]chainName, 0, len(chains))
	for _, other := range chains {
		names = append(names, chainName{other.Slug, other.NameZH, other.NameEN})
	}
	sources, err := s.store.Sources(ctx)
	if err != nil {
		return err
	}
	out := chainJSON{Slug: ch.Slug, NameZH: ch.NameZH, NameEN: ch.NameEN, Stages: nonNilSlice(ch.Stages),
		Flows: nonNilSlice(ch.Flows), Sources: cite(sources, ch.Sources), Chains: names,
		Segments: make([]chainSegment, 0, len(ch.Segments))}
	for _, seg := range ch.Segments {
		out.Segments = append(out.Segments, chainSegment{seg, nonNilSlice(index.Hosts(seg.Slug))})
	}
	return writeJSON(c, contentJSON, out)
}

// cite renders source ids as citations.
func cite(sources []geo.Source, ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		for _, s := range sources {
			if s.ID == id {
				out = append(out, s.Citation())
			}
		}
	}
	return out
}

func nonNilSlice[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
