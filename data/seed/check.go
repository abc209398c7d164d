package seed

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"

	"github.com/parkmap/parkmap/geo"
)

// idPattern is the syntax of every id and slug a data folder gives: it
// stays readable in a URL path without escaping, and bounded.
var idPattern = regexp.MustCompile(geo.Parks.IDPattern)

// sourceDate is the syntax of a source's date: a year, a month or a day,
// or none.
var sourceDate = regexp.MustCompile(`^([0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)?$`)

// texts reports the texts, by field, that no store can hold.
func texts(bad func(field, format string, args ...any), fields map[string]string) {
	for _, field := range slices.Sorted(maps.Keys(fields)) {
		if err := noNUL(fields[field]); err != nil {
			bad(field, "%v", err)
		}
	}
}

// listedOnce reports a segment a zone or project lists twice: its list is
// a set, and PostGIS keeps one row per zone and segment.
func listedOnce(bad func(field, format string, args ...any), segments []string) {
	seen := map[string]bool{}
	for _, s := range segments {
		if seen[s] {
			bad("segments", "segment %q is listed twice", s)
		}
		seen[s] = true
	}
}

// check resolves every reference in the dataset, so that a broken data
// folder fails at load rather than as a strange answer later. It reports
// every problem, each with its file, its feature (or entry) and its field.
func (d *Dataset) check() error {
	var problems []error
	at := func(file string, i int, id string) func(field, format string, args ...any) {
		return func(field, format string, args ...any) {
			where := fmt.Sprintf("%s: feature %d (%s)", file, i+1, id)
			if file == FileChains || file == FileSources {
				where = fmt.Sprintf("%s: entry %d (%s)", file, i+1, id)
			}
			if field != "" {
				where += ": " + field
			}
			problems = append(problems, fmt.Errorf("%s: %s", where, fmt.Sprintf(format, args...)))
		}
	}
	sources := map[string]bool{}
	for i, s := range d.Sources {
		bad := at(FileSources, i, s.ID)
		if s.Title == "" || s.Publisher == "" {
			bad("", "title and publisher are required")
		}
		if _, err := checkID("id", s.ID); err != nil {
			bad("", "%v", err)
		}
		if !sourceDate.MatchString(s.Date) {
			bad("date", "%q is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", s.Date)
		}
		texts(bad, map[string]string{"title": s.Title, "publisher": s.Publisher, "url": s.URL, "note": s.Note})
		if sources[s.ID] {
			bad("id", "%q is used twice", s.ID)
		}
		sources[s.ID] = true
	}
	cited := func(bad func(field, format string, args ...any), ids []string) {
		if len(ids) == 0 {
			bad("sources", "cites no source")
		}
		for _, id := range ids {
			if !sources[id] {
				bad("sources", "cites unknown source %q", id)
			}
		}
	}
	segments := map[string]string{} // slug -> chain
	chains := map[string]bool{}
	for i, c := range d.Chains {
		bad := at(FileChains, i, c.Slug)
		if _, err := checkID("slug", c.Slug); err != nil {
			bad("", "%v", err)
		}
		if chains[c.Slug] {
			bad("slug", "%q is used twice", c.Slug)
		}
		chains[c.Slug] = true
		cited(bad, c.Sources)
		texts(bad, map[string]string{"name_zh": c.NameZH, "name_en": c.NameEN})
		stages := map[string]bool{}
		for _, st := range c.Stages {
			if _, err := checkID("stages", st.Slug); err != nil {
				bad("", "%v", err)
			}
			if stages[st.Slug] {
				bad("stages", "stage %q is listed twice", st.Slug)
			}
			stages[st.Slug] = true
			texts(bad, map[string]string{"stages: " + st.Slug + ": name_zh": st.NameZH, "stages: " + st.Slug + ": name_en": st.NameEN})
		}
		for _, s := range c.Segments {
			if _, err := checkID("segments", s.Slug); err != nil {
				bad("", "%v", err)
			}
			texts(bad, map[string]string{"segments: " + s.Slug + ": name_zh": s.NameZH, "segments: " + s.Slug + ": name_en": s.NameEN})
			if _, ok := c.Stage(s.Stage); !ok {
				bad("segments", "segment %s: unknown stage %q", s.Slug, s.Stage)
			}
			if other, dup := segments[s.Slug]; dup {
				bad("segments", "segment %s is in chains %s and %s", s.Slug, other, c.Slug)
			}
			segments[s.Slug] = c.Slug
		}
		flows := map[[2]string]bool{}
		for _, f := range c.Flows {
			switch {
			case f.From == f.To:
				bad("flows", "flow from %q to itself", f.From)
			case flows[[2]string{f.From, f.To}]:
				bad("flows", "flow from %q to %q is listed twice", f.From, f.To)
			}
			flows[[2]string{f.From, f.To}] = true
			if _, ok := c.Segment(f.From); !ok {
				bad("flows", "flow from unknown segment %q", f.From)
			}
			if _, ok := c.Segment(f.To); !ok {
				bad("flows", "flow to unknown segment %q", f.To)
			}
		}
	}
	counties := map[string]bool{}
	for i, c := range d.Counties {
		bad := at(FileCounties, i, c.Code)
		if _, err := checkID("code", c.Code); err != nil {
			bad("", "%v", err)
		}
		cited(bad, c.Sources)
		if err := geo.Validate(c.Geometry); err != nil {
			bad("geometry", "%v", err)
		}
		if counties[c.Code] {
			bad("code", "%q is used twice", c.Code)
		}
		counties[c.Code] = true
	}
	parks := map[string]bool{}
	for i, p := range d.Parks {
		bad := at(FileParks, i, p.ID)
		if _, err := checkID("id", p.ID); err != nil {
			bad("", "%v", err)
		}
		if parks[p.ID] {
			bad("id", "%q is used twice", p.ID)
		}
		cited(bad, p.Sources)
		if !p.Status.Valid() {
			bad("status", "unknown status %q", p.Status)
		}
		if !counties[p.CountyCode] {
			bad("county_code", "unknown county %q", p.CountyCode)
		}
		if _, ok := d.Chain(p.Chain); !ok {
			bad("chain", "unknown chain %q", p.Chain)
		}
		listedOnce(bad, p.Segments)
		for _, s := range p.Segments {
			if segments[s] != p.Chain {
				bad("segments", "segment %q is not in chain %s", s, p.Chain)
			}
		}
		if err := geo.Validate(p.Geometry); err != nil {
			bad("geometry", "%v", err)
		}
		parks[p.ID] = true
	}
	projects := map[string]bool{}
	for i, p := range d.Projects {
		bad := at(FileProjects, i, p.ID)
		if _, err := checkID("id", p.ID); err != nil {
			bad("", "%v", err)
		}
		if projects[p.ID] {
			bad("id", "%q is used twice", p.ID)
		}
		projects[p.ID] = true
		cited(bad, p.Sources)
		if _, ok := d.Chain(p.Chain); !ok {
			bad("chain", "unknown chain %q", p.Chain)
		}
		listedOnce(bad, p.Segments)
		for _, s := range p.Segments {
			if segments[s] != p.Chain {
				bad("segments", "segment %q is not in chain %s", s, p.Chain)
			}
		}
		if p.Park != "" && !parks[p.Park] {
			bad("park", "unknown zone %q", p.Park)
		}
		if p.CountyCode != "" && !counties[p.CountyCode] {
			bad("county_code", "unknown county %q", p.CountyCode)
		}
		if p.Location != nil && p.Park == "" {
			bad("geometry", "placed without a zone: a position nobody published")
		}
	}
	return errors.Join(problems...)
}
