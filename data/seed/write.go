package seed

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// Write writes the dataset to dir as a data folder that Load reads back
// the same: the same dataset gives the same bytes, so that an export can be
// compared and kept under version control. Each GeoJSON feature is one
// line; properties are in key order.
func Write(dir string, d *Dataset) error {
	if len(d.Parcels) > 0 {
		return errors.New("seed: writing parcels is not supported yet")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	files := map[string][]byte{}
	var err error
	if files[FileChains], err = indented(map[string]any{"chains": d.Chains}); err != nil {
		return err
	}
	if files[FileSources], err = indented(map[string]any{"sources": d.Sources}); err != nil {
		return err
	}
	if d.City != nil {
		if files[FileCity], err = indented(d.City); err != nil {
			return err
		}
	}
	var parks, projects, counties []*geojson.Feature
	for _, p := range d.Parks {
		f := geojson.NewFeature(p.Geometry)
		f.ID = p.ID
		f.Properties = geojson.Properties{"name_zh": p.NameZH, "name_en": p.NameEN, "county_code": p.CountyCode,
			"status": string(p.Status), "chain": p.Chain, "segments": p.Segments, "planned_area_km2": p.PlannedAreaKM2,
			"geometry_accuracy": string(p.Accuracy), "note_zh": p.NoteZH, "note_en": p.NoteEN, "sources": p.Sources}
		parks = append(parks, f)
	}
	for _, p := range d.Projects {
		var g orb.Geometry
		if p.Location != nil {
			g = *p.Location
		}
		f := &geojson.Feature{Type: "Feature", ID: p.ID, Geometry: g}
		f.Properties = geojson.Properties{"enterprise_zh": p.EnterpriseZH, "enterprise_en": p.EnterpriseEN, "chain": p.Chain,
			"segments": p.Segments, "park": nullable(p.Park), "county_code": nullable(p.CountyCode),
			"capacity_zh": p.CapacityZH, "capacity_en": p.CapacityEN, "investment_yi_cny": p.InvestmentYi,
			"geometry_accuracy": nullable(string(p.Accuracy)), "note_zh": p.NoteZH, "note_en": p.NoteEN, "sources": p.Sources}
		projects = append(projects, f)
	}
	for _, c := range d.Counties {
		f := geojson.NewFeature(c.Geometry)
		f.ID = c.Code
		f.Properties = geojson.Properties{"code": c.Code, "name_zh": c.NameZH, "name_en": c.NameEN, "sources": c.Sources}
		counties = append(counties, f)
	}
	for name, features := range map[string][]*geojson.Feature{FileParks: parks, FileProjects: projects, FileCounties: counties} {
		head := map[string]any{"type": "FeatureCollection"}
		if name == FileCounties && d.CountyAttribution != "" {
			head["attribution"] = d.CountyAttribution
		}
		if files[name], err = collection(head, features); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	for name, raw := range files {
		if err := os.WriteFile(filepath.Join(dir, name), raw, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func indented(v any) ([]byte, error) {
	raw, err := json.MarshalIndent(v, "", " ")
	return append(raw, '\n'), err
}

// collection writes a FeatureCollection with its head's members first and
// one feature a line.
func collection(head map[string]any, features []*geojson.Feature) ([]byte, error) {
	raw, err := json.Marshal(head)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.Write(raw[:len(raw)-1])
	b.WriteString(`,"features":[`)
	for i, f := range features {
		raw, err := json.Marshal(f)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n")
		b.Write(raw)
	}
	b.WriteString("\n]}\n")
	return b.Bytes(), nil
}
