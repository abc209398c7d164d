package seed

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/parkmap/parkmap/geo"
)

// idPattern is the syntax of every id and slug a data folder gives: it
// stays readable in a URL path without escaping, and bounded.
var idPattern = regexp.MustCompile(geo.Parks.IDPattern)

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
		if s.ID == "" || s.Title == "" || s.Publisher == "" {
			bad("", "id, title and publisher are required")
		}
		if s.ID != "" && !idPattern.MatchString(s.ID) {
			bad("id", "%q is not an id (%s)", s.ID, idPattern)
		}
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
		if !idPattern.MatchString(c.Slug) {
			bad("slug", "%q is not an id (%s)", c.Slug, idPattern)
		}
		if chains[c.Slug] {
			bad("slug", "%q is used twice", c.Slug)
		}
		chains[c.Slug] = true
		cited(bad, c.Sources)
		for _, s := range c.Segments {
			if _, ok := c.Stage(s.Stage); !ok {
				bad("segments", "segment %s: unknown stage %q", s.Slug, s.Stage)
			}
			if other, dup := segments[s.Slug]; dup {
				bad("segments", "segment %s is in chains %s and %s", s.Slug, other, c.Slug)
			}
			segments[s.Slug] = c.Slug
		}
		for _, f := range c.Flows {
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
		if !idPattern.MatchString(p.ID) {
			bad("id", "%q is not an id (%s)", p.ID, idPattern)
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
		if !idPattern.MatchString(p.ID) {
			bad("id", "%q is not an id (%s)", p.ID, idPattern)
		}
		if projects[p.ID] {
			bad("id", "%q is used twice", p.ID)
		}
		projects[p.ID] = true
		cited(bad, p.Sources)
		if _, ok := d.Chain(p.Chain); !ok {
			bad("chain", "unknown chain %q", p.Chain)
		}
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
