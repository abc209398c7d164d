package geo

// SegmentCoverage is one segment of a chain with the zones that host it.
type SegmentCoverage struct {
	Segment Segment
	Parks   []string // ids, in the order the parks were given
}

// Coverage is a chain's segments × zones: which zone hosts what, the gaps
// (segments no zone hosts: the links to fill, 补链) and the overlaps
// (segments allocated to two or more zones).
type Coverage struct {
	Chain    *Chain
	Parks    []string // the zones allocated to or reserved for the chain
	Segments []SegmentCoverage
	Gaps     []string // segment slugs, in chain order
	Overlaps []SegmentCoverage
}

// CoverageOf builds the coverage of chain by the parks allocated to it.
func CoverageOf(chain *Chain, parks []Park) Coverage {
	cov := Coverage{Chain: chain, Parks: []string{}, Segments: []SegmentCoverage{}, Gaps: []string{}, Overlaps: []SegmentCoverage{}}
	for _, p := range parks {
		if p.Chain == chain.Slug {
			cov.Parks = append(cov.Parks, p.ID)
		}
	}
	for _, st := range chain.Stages {
		for _, seg := range chain.Segments {
			if seg.Stage != st.Slug {
				continue
			}
			sc := SegmentCoverage{Segment: seg, Parks: []string{}}
			for _, p := range parks {
				if p.Chain == chain.Slug && p.Hosts(seg.Slug) {
					sc.Parks = append(sc.Parks, p.ID)
				}
			}
			cov.Segments = append(cov.Segments, sc)
			switch {
			case len(sc.Parks) == 0:
				cov.Gaps = append(cov.Gaps, seg.Slug)
			case len(sc.Parks) > 1:
				cov.Overlaps = append(cov.Overlaps, sc)
			}
		}
	}
	return cov
}
