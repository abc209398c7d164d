package seed

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/paulmach/orb/geojson"

	"github.com/parkmap/parkmap/geo"
)

// Write writes the dataset to dir as a data folder that Load reads back
// the same: the same dataset gives the same bytes, so that an export can be
// compared and kept under version control. Each GeoJSON feature is one
// line; properties are in key order.
func Write(dir string, d *Dataset) error {
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
	// The records' derived values are not written, so no chain or source
	// need be resolved to make them.
	cite := geo.NewCiter(nil)
	type file struct {
		def     *geo.Collection
		records []geo.Record
		sources func(i int) []string
	}
	parks := file{def: geo.Parks, sources: func(i int) []string { return d.Parks[i].Sources }}
	for _, p := range d.Parks {
		parks.records = append(parks.records, geo.ParkRecord(p, nil, cite))
	}
	projects := file{def: geo.Projects, sources: func(i int) []string { return d.Projects[i].Sources }}
	for _, p := range d.Projects {
		projects.records = append(projects.records, geo.ProjectRecord(p, cite))
	}
	counties := file{def: geo.Counties, sources: func(i int) []string { return d.Counties[i].Sources }}
	for _, c := range d.Counties {
		counties.records = append(counties.records, geo.CountyRecord(c, cite))
	}
	out := map[string]file{FileParks: parks, FileProjects: projects, FileCounties: counties}
	if len(d.Parcels) > 0 {
		out[FileParcels] = file{geo.Parcels, d.Parcels, d.ParcelSources}
	}
	for name, f := range out {
		head := map[string]any{"type": "FeatureCollection"}
		if name == FileCounties && d.CountyAttribution != "" {
			head["attribution"] = d.CountyAttribution
		}
		var b bytes.Buffer
		if err := WriteRecords(&b, head, f.def, f.records, f.sources); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		files[name] = b.Bytes()
	}
	for name, raw := range files {
		if err := os.WriteFile(filepath.Join(dir, name), raw, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func indented(v any) ([]byte, error) {
	raw, err := json.MarshalIndent(v, "", " ")
	return append(raw, '\n'), err
}

// WriteRecords writes records of a collection as a data file's
// FeatureCollection: head's members first, then one feature a line with
// the properties a file gives, by the collection's definition (the derived
// ones are computed on load), and sources(i) as the i-th's source ids.
func WriteRecords(w io.Writer, head map[string]any, def *geo.Collection, records []geo.Record, sources func(i int) []string) error {
	raw, err := json.Marshal(head)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.Write(raw[:len(raw)-1])
	bw.WriteString(`,"features":[`)
	for i, r := range records {
		f := &geojson.Feature{Type: "Feature", ID: r.ID, Geometry: r.Geometry, Properties: geojson.Properties{}}
		for j, p := range def.Properties {
			if !p.Derived {
				f.Properties[p.Name] = r.Values[j]
			}
		}
		f.Properties["sources"] = sources(i)
		raw, err := json.Marshal(f)
		if err != nil {
			return fmt.Errorf("%s: %w", r.ID, err)
		}
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n")
		bw.Write(raw)
	}
	bw.WriteString("\n]}\n")
	return bw.Flush()
}
