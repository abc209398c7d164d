// Package seed holds parkmap's bundled Yuxi data, with its sources, and
// loads it (or a folder of files of the same shape) into geo values.
package seed

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/parkmap/parkmap/geo"
)

//go:embed *.json *.geojson
var bundled embed.FS

// The files a data folder holds.
const (
	FileChains   = "chains.json"
	FileSources  = "sources.json"
	FileParks    = "parks.geojson"
	FileProjects = "projects.geojson"
	FileCounties = "counties.geojson"
)

// Dataset is everything a store serves.
type Dataset struct {
	Chains   []geo.Chain
	Parks    []geo.Park
	Projects []geo.Project
	Counties []geo.County
	Sources  []geo.Source
	// Parcels are the land parcels, as records of geo.Parcels; most
	// datasets have none (the bundled one has none).
	Parcels       []geo.Record
	parcelSources [][]string // the source ids each parcel cites
	// CountyAttribution credits the county boundaries' source; the map shows it.
	CountyAttribution string
	// City is the folder's city.json; nil when it has none.
	City *geo.City
}

// Bundled loads the Yuxi data that ships inside the binary.
func Bundled() (*Dataset, error) { return Load(bundled) }

// Load reads a data folder, orients every ring as RFC 7946 wants and checks
// that every reference (segment, stage, chain, county, zone, source) resolves.
// It reads regular files only, of at most DefaultMaxFileSize bytes each
// (LoadLimited sets another bound).
func Load(fsys fs.FS) (*Dataset, error) {
	if _, ok := fsys.(limitFS); !ok {
		fsys = limitFS{fsys, DefaultMaxFileSize}
	}
	var d Dataset
	var chains struct{ Chains []geo.Chain }
	var sources struct{ Sources []geo.Source }
	// Every file is read and every problem gathered, so that one run of
	// "parkmap validate" lists all a folder's faults, not the first.
	var problems []error
	add := func(err error) {
		if err != nil {
			problems = append(problems, err)
		}
	}
	add(readJSON(fsys, FileChains, &chains))
	add(readJSON(fsys, FileSources, &sources))
	d.Chains, d.Sources = chains.Chains, sources.Sources
	add(d.loadParks(fsys))
	add(d.loadProjects(fsys))
	add(d.loadCounties(fsys))
	add(d.loadParcels(fsys))
	add(d.loadCity(fsys))
	if len(problems) == 0 {
		// References are resolved only among files that loaded whole:
		// a missing file would make every reference to it a problem too.
		// check runs before sorting, so that it names features by their
		// place in their file.
		add(d.check())
		add(d.checkParcels())
		add(d.checkCity())
	}
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}
	slices.SortFunc(d.Sources, func(a, b geo.Source) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(d.Parks, func(a, b geo.Park) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(d.Projects, func(a, b geo.Project) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(d.Counties, func(a, b geo.County) int { return strings.Compare(a.Code, b.Code) })
	return &d, nil
}

// Chain returns the chain with the slug.
func (d *Dataset) Chain(slug string) (*geo.Chain, bool) {
	for i := range d.Chains {
		if d.Chains[i].Slug == slug {
			return &d.Chains[i], true
		}
	}
	return nil, false
}

func (d *Dataset) loadParks(fsys fs.FS) error {
	fc, err := readCollection(fsys, FileParks)
	if err != nil {
		return err
	}
	var problems []error
	for i, f := range fc.Features {
		id, err := featureID(f)
		if err != nil {
			problems = append(problems, featureError(FileParks, i, f.ID, err))
			continue
		}
		v, err := decodeValues(geo.Parks, f)
		if err != nil {
			problems = append(problems, featureError(FileParks, i, id, err))
			continue
		}
		mp, err := multiPolygon(f.Geometry)
		if err != nil {
			problems = append(problems, featureError(FileParks, i, id, fmt.Errorf("geometry: %w", err)))
			continue
		}
		d.Parks = append(d.Parks, geo.Park{
			ID: id, NameZH: text(v, "name_zh"), NameEN: text(v, "name_en"), CountyCode: text(v, "county_code"),
			Status: geo.Status(text(v, "status")), Chain: text(v, "chain"), Segments: list(v, "segments"), Geometry: mp,
			Accuracy: geo.Accuracy(text(v, "geometry_accuracy")), PlannedAreaKM2: number(v, "planned_area_km2"),
			NoteZH: text(v, "note_zh"), NoteEN: text(v, "note_en"), Sources: list(v, "sources"),
		})
	}
	return errors.Join(problems...)
}

func (d *Dataset) loadProjects(fsys fs.FS) error {
	fc, err := readCollection(fsys, FileProjects)
	if err != nil {
		return err
	}
	var problems []error
	for i, f := range fc.Features {
		id, err := featureID(f)
		if err != nil {
			problems = append(problems, featureError(FileProjects, i, f.ID, err))
			continue
		}
		v, err := decodeValues(geo.Projects, f)
		if err != nil {
			problems = append(problems, featureError(FileProjects, i, id, err))
			continue
		}
		pr := geo.Project{
			ID: id, EnterpriseZH: text(v, "enterprise_zh"), EnterpriseEN: text(v, "enterprise_en"),
			Chain: text(v, "chain"), Segments: list(v, "segments"), Park: text(v, "park"), CountyCode: text(v, "county_code"),
			CapacityZH: text(v, "capacity_zh"), CapacityEN: text(v, "capacity_en"), InvestmentYi: number(v, "investment_yi_cny"),
			Accuracy: geo.Accuracy(text(v, "geometry_accuracy")), NoteZH: text(v, "note_zh"), NoteEN: text(v, "note_en"),
			Sources: list(v, "sources"),
		}
		if f.Geometry != nil {
			pt, ok := f.Geometry.(orb.Point)
			if !ok {
				problems = append(problems, featureError(FileProjects, i, id, fmt.Errorf("geometry: is %s, want Point", f.Geometry.GeoJSONType())))
				continue
			}
			if err := geo.ValidatePoint(pt); err != nil {
				problems = append(problems, featureError(FileProjects, i, id, fmt.Errorf("geometry: %w", err)))
				continue
			}
			pr.Location = &pt
		}
		d.Projects = append(d.Projects, pr)
	}
	return errors.Join(problems...)
}

func (d *Dataset) loadCounties(fsys fs.FS) error {
	raw, err := readFile(fsys, FileCounties)
	if err != nil {
		return err
	}
	var head struct{ Attribution string }
	if err := json.Unmarshal(raw, &head); err != nil {
		return fmt.Errorf("%s: %w", FileCounties, err)
	}
	d.CountyAttribution = head.Attribution
	fc, err := geojson.UnmarshalFeatureCollection(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", FileCounties, err)
	}
	var problems []error
	for i, f := range fc.Features {
		v, err := decodeValues(geo.Counties, f)
		if err != nil {
			problems = append(problems, featureError(FileCounties, i, f.ID, err))
			continue
		}
		code := text(v, "code") // a county's id; its syntax is checked with the references
		mp, err := multiPolygon(f.Geometry)
		if err != nil {
			problems = append(problems, featureError(FileCounties, i, code, fmt.Errorf("geometry: %w", err)))
			continue
		}
		d.Counties = append(d.Counties, geo.County{Code: text(v, "code"), NameZH: text(v, "name_zh"), NameEN: text(v, "name_en"),
			Geometry: mp, Sources: list(v, "sources")})
	}
	return errors.Join(problems...)
}

// featureError names a problem's file and feature: its place in the file,
// counted from 1, and its id when it has one.
// A joined error becomes one problem per line, each named.
func featureError(file string, i int, id any, err error) error {
	where := fmt.Sprintf("%s: feature %d", file, i+1)
	if id != nil && id != "" {
		where = fmt.Sprintf("%s (%v)", where, id)
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var each []error
		for _, e := range j.Unwrap() {
			each = append(each, fmt.Errorf("%s: %w", where, e))
		}
		return errors.Join(each...)
	}
	return fmt.Errorf("%s: %w", where, err)
}

// readFile reads a file the folder must hold, saying so when it lacks it.
func readFile(fsys fs.FS, name string) ([]byte, error) {
	raw, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: missing: a data folder holds it (see docs/data-format.md)", name)
	}
	return raw, err
}

func readJSON(fsys fs.FS, name string, v any) error {
	raw, err := readFile(fsys, name)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

func readCollection(fsys fs.FS, name string) (*geojson.FeatureCollection, error) {
	raw, err := readFile(fsys, name)
	if err != nil {
		return nil, err
	}
	fc, err := geojson.UnmarshalFeatureCollection(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return fc, nil
}

func multiPolygon(g orb.Geometry) (orb.MultiPolygon, error) {
	var mp orb.MultiPolygon
	switch g := g.(type) {
	case orb.MultiPolygon:
		mp = g
	case orb.Polygon:
		mp = orb.MultiPolygon{g}
	case nil:
		return nil, fmt.Errorf("is missing")
	default:
		return nil, fmt.Errorf("is %s, want MultiPolygon or Polygon", g.GeoJSONType())
	}
	geo.Orient(mp)
	return mp, nil
}

// BundledFS returns the bundled Yuxi data folder, for copying.
func BundledFS() fs.FS { return bundled }
