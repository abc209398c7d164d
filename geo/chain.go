package geo

import "slices"

// Stage is one step of a chain, from resources upstream to recycling
// downstream. Order is its column, 0 the most upstream.
type Stage struct {
	Slug   string `json:"slug"`
	NameZH string `json:"name_zh"`
	NameEN string `json:"name_en"`
	Order  int    `json:"order"`
}

// Segment is one link of a chain that a zone can host (cathode, separator…).
type Segment struct {
	Slug   string `json:"slug"`
	NameZH string `json:"name_zh"`
	NameEN string `json:"name_en"`
	Stage  string `json:"stage"`
}

// Flow is a material flow from a supplier segment to the segment that uses it.
type Flow struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Chain is an industrial chain: its stages, segments and flows. Chains that
// have not been broken down yet have no stages or segments.
type Chain struct {
	Slug     string    `json:"slug"`
	NameZH   string    `json:"name_zh"`
	NameEN   string    `json:"name_en"`
	Stages   []Stage   `json:"stages"`
	Segments []Segment `json:"segments"`
	Flows    []Flow    `json:"flows"`
	Sources  []string  `json:"sources"`
}

// Segment returns the segment with the given slug.
func (c *Chain) Segment(slug string) (Segment, bool) {
	i := slices.IndexFunc(c.Segments, func(s Segment) bool { return s.Slug == slug })
	if i < 0 {
		return Segment{}, false
	}
	return c.Segments[i], true
}

// Stage returns the stage with the given slug.
func (c *Chain) Stage(slug string) (Stage, bool) {
	i := slices.IndexFunc(c.Stages, func(s Stage) bool { return s.Slug == slug })
	if i < 0 {
		return Stage{}, false
	}
	return c.Stages[i], true
}

// Suppliers returns the segments that flow directly into slug, sorted.
func (c *Chain) Suppliers(slug string) []string {
	var out []string
	for _, f := range c.Flows {
		if f.To == slug {
			out = append(out, f.From)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Customers returns the segments that slug flows directly into, sorted.
func (c *Chain) Customers(slug string) []string {
	var out []string
	for _, f := range c.Flows {
		if f.From == slug {
			out = append(out, f.To)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Upstream returns every segment from which material reaches slug, however
// many flows away, sorted. Cycles (recycling feeds lithium carbonate back)
// are walked once; slug itself is left out.
func (c *Chain) Upstream(slug string) []string { return c.walk(slug, c.Suppliers) }

// Downstream returns every segment that material from slug reaches, sorted,
// slug itself left out.
func (c *Chain) Downstream(slug string) []string { return c.walk(slug, c.Customers) }

func (c *Chain) walk(start string, next func(string) []string) []string {
	seen := map[string]bool{start: true}
	queue := []string{start}
	var out []string
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, n := range next(s) {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
				queue = append(queue, n)
			}
		}
	}
	slices.Sort(out)
	return out
}

// StagesOf returns the stages of the given segments, in chain order, each
// once; empty, not nil, when there are none.
func (c *Chain) StagesOf(segments []string) []string {
	out := []string{}
	for _, st := range c.Stages {
		for _, slug := range segments {
			if s, ok := c.Segment(slug); ok && s.Stage == st.Slug {
				out = append(out, st.Slug)
				break
			}
		}
	}
	return out
}
