package geo

import (
	"fmt"
	"strings"
)

// Lang is a language reasons are written in.
type Lang string

// The languages parkmap speaks.
const (
	LangZH Lang = "zh"
	LangEN Lang = "en"
)

// ParksByID indexes zones by id, for Reasons.
func ParksByID(parks []Park) map[string]Park {
	m := make(map[string]Park, len(parks))
	for _, p := range parks {
		if _, ok := m[p.ID]; !ok {
			m[p.ID] = p
		}
	}
	return m
}

// Reasons explains a Site's score in sentences a person can check against
// the map: the plan, each supplier and customer, and the investor's point.
// It names linked zones from parks (see ParksByID), looked up rather than
// searched, since it is called for every zone ranked.
func Reasons(s Site, chain *Chain, parks map[string]Park, q SitingQuery, lang Lang) []string {
	segName := func(slug string) string {
		seg, ok := chain.Segment(slug)
		if !ok {
			return slug
		}
		if lang == LangZH {
			return seg.NameZH
		}
		return lowerFirst(seg.NameEN)
	}
	parkName := func(id string) string {
		p, ok := parks[id]
		switch {
		case !ok:
			return id
		case lang == LangZH:
			return p.NameZH
		}
		return p.NameEN
	}
	zh := lang == LangZH
	c := s.Components
	seg := segName(q.Segment)
	var out []string
	switch {
	case c.Assigned && zh:
		out = append(out, fmt.Sprintf("规划在此布局%s", seg))
	case c.Assigned:
		out = append(out, fmt.Sprintf("The zone plan assigns %s here", seg))
	case c.Reserved && zh:
		out = append(out, fmt.Sprintf("预留为未来的%s产业园区，尚未布局具体环节", chain.NameZH))
	case c.Reserved:
		out = append(out, fmt.Sprintf("Reserved as a future %s park; no segments assigned yet", lowerFirst(chain.NameEN)))
	case zh:
		out = append(out, fmt.Sprintf("规划未在此布局%s", seg))
	default:
		out = append(out, fmt.Sprintf("The zone plan does not assign %s here", seg))
	}
	for _, side := range []struct {
		set         LinkSet
		zh, en, one string
	}{{c.Suppliers, "上游供应", "suppliers", "supplier"}, {c.Customers, "下游用户", "customers", "customer"}} {
		if side.set.Total == 0 {
			if zh {
				out = append(out, fmt.Sprintf("%s没有%s环节", seg, side.zh))
			} else {
				out = append(out, fmt.Sprintf("%s has no %s in the chain", upperFirst(seg), side.en))
			}
			continue
		}
		var here []string
		for _, l := range side.set.Links {
			if l.Here {
				here = append(here, segName(l.Segment))
			}
		}
		one := side.set.Total == 1
		switch {
		case len(here) == 0 && zh:
			out = append(out, fmt.Sprintf("园区内没有%s的%s环节（共 %d 个）", seg, side.zh, side.set.Total))
		case len(here) == 0 && one:
			out = append(out, fmt.Sprintf("Does not host the one %s of %s", side.one, seg))
		case len(here) == 0:
			out = append(out, fmt.Sprintf("Hosts none of the %d %s of %s", side.set.Total, side.en, seg))
		case zh:
			out = append(out, fmt.Sprintf("园区内有%s的 %d 个%s环节中的 %d 个：%s", seg, side.set.Total, side.zh, side.set.Here, strings.Join(here, "、")))
		case one:
			out = append(out, fmt.Sprintf("Hosts the one %s of %s: %s", side.one, seg, here[0]))
		default:
			out = append(out, fmt.Sprintf("Hosts %d of %d %s of %s: %s", side.set.Here, side.set.Total, side.en, seg, strings.Join(here, ", ")))
		}

		for _, l := range side.set.Links {
			switch {
			case l.Here:
			case l.DistanceM == nil && zh:
				out = append(out, fmt.Sprintf("尚无园区布局%s（待补链）", segName(l.Segment)))
			case l.DistanceM == nil:
				out = append(out, fmt.Sprintf("No zone hosts %s yet (a gap to fill)", segName(l.Segment)))
			case zh:
				out = append(out, fmt.Sprintf("距最近的%s园区（%s）%.1f 公里", segName(l.Segment), parkName(l.Park), *l.DistanceM/1000))
			default:
				out = append(out, fmt.Sprintf("%.1f km from the nearest %s zone, %s", *l.DistanceM/1000, segName(l.Segment), parkName(l.Park)))
			}
		}
	}
	if c.NearM != nil {
		switch {
		case *c.NearM == 0 && zh:
			out = append(out, "所选地点位于园区内")
		case *c.NearM == 0:
			out = append(out, "Your point lies inside the zone")
		case zh:
			out = append(out, fmt.Sprintf("距所选地点 %.1f 公里", *c.NearM/1000))
		default:
			out = append(out, fmt.Sprintf("%.1f km from your point", *c.NearM/1000))
		}
	}
	return out
}

// lowerFirst lowercases a leading capital so a name reads inside a
// sentence ("Battery cells" → "battery cells"), but leaves acronyms alone.
func lowerFirst(s string) string {
	if len(s) >= 2 && s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z') {
		return string(s[0]+'a'-'A') + s[1:]
	}
	return s
}

func upperFirst(s string) string {
	if len(s) >= 1 && s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}
