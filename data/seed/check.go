package seed

import (
	"fmt"

	"github.com/parkmap/parkmap/geo"
)

// check resolves every reference in the dataset, so that a broken data
// folder fails at load rather than as a strange answer later.
func (d *Dataset) check() error {
	sources := map[string]bool{}
	for _, s := range d.Sources {
		if s.ID == "" || s.Title == "" || s.Publisher == "" {
			return fmt.Errorf("source %q: id, title and publisher are required", s.ID)
		}
		sources[s.ID] = true
	}
	cited := func(what string, ids []string) error {
		if len(ids) == 0 {
			return fmt.Errorf("%s cites no source", what)
		}
		for _, id := range ids {
			if !sources[id] {
				return fmt.Errorf("%s cites unknown source %q", what, id)
			}
		}
		return nil
	}
	segments := map[string]string{} // slug -> chain
	for _, c := range d.Chains {
		if err := cited("chain "+c.Slug, c.Sources); err != nil {
			return err
		}
		for _, s := range c.Segments {
			if _, ok := c.Stage(s.Stage); !ok {
				return fmt.Errorf("segment %s: unknown stage %q", s.Slug, s.Stage)
			}
			if other, dup := segments[s.Slug]; dup {
				return fmt.Errorf("segment %s is in chains %s and %s", s.Slug, other, c.Slug)
			}
			segments[s.Slug] = c.Slug
		}
		for _, f := range c.Flows {
			if _, ok := c.Segment(f.From); !ok {
				return fmt.Errorf("chain %s: flow from unknown segment %q", c.Slug, f.From)
			}
			if _, ok := c.Segment(f.To); !ok {
				return fmt.Errorf("chain %s: flow to unknown segment %q", c.Slug, f.To)
			}
		}
	}
	counties := map[string]bool{}
	for _, c := range d.Counties {
		if err := cited("county "+c.Code, c.Sources); err != nil {
			return err
		}
		if err := geo.Validate(c.Geometry); err != nil {
			return fmt.Errorf("county %s: %w", c.Code, err)
		}
		counties[c.Code] = true
	}
	parks := map[string]bool{}
	for _, p := range d.Parks {
		what := "zone " + p.ID
		if err := cited(what, p.Sources); err != nil {
			return err
		}
		if !p.Status.Valid() {
			return fmt.Errorf("%s: unknown status %q", what, p.Status)
		}
		if !counties[p.CountyCode] {
			return fmt.Errorf("%s: unknown county %q", what, p.CountyCode)
		}
		if _, ok := d.Chain(p.Chain); !ok {
			return fmt.Errorf("%s: unknown chain %q", what, p.Chain)
		}
		for _, s := range p.Segments {
			if segments[s] != p.Chain {
				return fmt.Errorf("%s: segment %q is not in chain %s", what, s, p.Chain)
			}
		}
		if err := geo.Validate(p.Geometry); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		parks[p.ID] = true
	}
	for _, p := range d.Projects {
		what := "project " + p.ID
		if err := cited(what, p.Sources); err != nil {
			return err
		}
		if _, ok := d.Chain(p.Chain); !ok {
			return fmt.Errorf("%s: unknown chain %q", what, p.Chain)
		}
		for _, s := range p.Segments {
			if segments[s] != p.Chain {
				return fmt.Errorf("%s: segment %q is not in chain %s", what, s, p.Chain)
			}
		}
		if p.Park != "" && !parks[p.Park] {
			return fmt.Errorf("%s: unknown zone %q", what, p.Park)
		}
		if p.CountyCode != "" && !counties[p.CountyCode] {
			return fmt.Errorf("%s: unknown county %q", what, p.CountyCode)
		}
		if p.Location != nil && p.Park == "" {
			return fmt.Errorf("%s: placed without a zone: a position nobody published", what)
		}
	}
	return nil
}
