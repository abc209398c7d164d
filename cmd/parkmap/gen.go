package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/parkmap/parkmap/data/postgis"
	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/geo"
)

// gen writes synthetic parcels: into PostGIS (replacing the synthetic ones
// there, keeping any other) or into a data folder for the embedded store.
func (e environment) gen(ctx context.Context, args []string) error {
	fs := e.flags("gen", "Generates synthetic land parcels inside the zones, and with --zones synthetic zones inside the\n"+
		"counties first, all marked geometry_accuracy \"synthetic\", into PostGIS (DATABASE_URL) or into a data\n"+
		"folder (--out). Earlier synthetic zones and parcels are replaced; any other is kept.")
	n := fs.Int("parcels", 0, fmt.Sprintf("how many parcels (1 to %d)", geo.MaxGeneratedParcels))
	zones := fs.Int("zones", 0, fmt.Sprintf("also place this many synthetic zones of 400 to 1,200 m a side in the counties (0 to %d;\n"+
		"0 keeps the zones as they are): a city's few zones are too small for a million parcels of realistic size", geo.MaxGeneratedZones))
	seedValue := fs.Uint64("seed", 1, "the random seed: the same seed gives the same parcels")
	out := fs.String("out", "", "write a data folder here (the bundled data is copied in when the folder has none) instead of PostGIS")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *n <= 0 || *n > geo.MaxGeneratedParcels {
		return fmt.Errorf("--parcels must be from 1 to %d; got %d", geo.MaxGeneratedParcels, *n)
	}
	if *zones < 0 || *zones > geo.MaxGeneratedZones {
		return fmt.Errorf("--zones must be from 0 to %d; got %d", geo.MaxGeneratedZones, *zones)
	}
	if *out != "" {
		if *zones > 0 {
			return e.genFolderZones(*out, *zones, *n, *seedValue)
		}
		return e.genFolder(*out, *n, *seedValue)
	}
	url := e.getenv("DATABASE_URL")
	if url == "" {
		return errors.New("gen writes into PostGIS (set DATABASE_URL) or into a data folder (--out DIR)")
	}
	s, err := postgis.Open(ctx, url, e.logger())
	if err != nil {
		return err
	}
	defer s.Close()
	if *zones > 0 {
		d, err := s.Dataset(ctx)
		if err != nil {
			return err
		}
		if err := d.Synthesize(*zones, *n, *seedValue); err != nil {
			return err
		}
		if err := s.Replace(ctx, d); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%d synthetic zones and %d synthetic parcels written to PostGIS\n", *zones, *n)
		return nil
	}
	parks, err := s.Parks(ctx)
	if err != nil {
		return err
	}
	parcels, err := geo.GenerateParcels(parks, *n, *seedValue)
	if err != nil {
		return err
	}
	if err := s.ReplaceSyntheticParcels(ctx, parcels); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d synthetic parcels written to PostGIS\n", len(parcels))
	return nil
}

// genFolderZones rewrites a data folder (the bundled data when it has
// none) with synthetic zones and parcels in place of any generated before.
func (e environment) genFolderZones(dir string, zones, n int, seedValue uint64) error {
	d, err := loadOrBundled(dir)
	if err != nil {
		return err
	}
	if err := d.Synthesize(zones, n, seedValue); err != nil {
		return err
	}
	if err := seed.Write(dir, d); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d synthetic zones and %d synthetic parcels written to %s\n", zones, n, dir)
	return nil
}

// loadOrBundled loads a data folder, copying the bundled data in first
// when it has none.
func loadOrBundled(dir string) (*seed.Dataset, error) {
	if _, err := os.Stat(filepath.Join(dir, seed.FileChains)); errors.Is(err, os.ErrNotExist) {
		if err := os.CopyFS(dir, seed.BundledFS()); err != nil {
			return nil, fmt.Errorf("copy the bundled data into %s: %w", dir, err)
		}
	}
	d, err := seed.Load(os.DirFS(dir))
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", dir, err)
	}
	return d, nil
}

// genFolder writes parcels.geojson into a data folder, with the synthetic
// source among its sources.
func (e environment) genFolder(dir string, n int, seedValue uint64) error {
	d, err := loadOrBundled(dir)
	if err != nil {
		return err
	}
	parcels, err := geo.GenerateParcels(d.Parks, n, seedValue)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(d.Sources, func(s geo.Source) bool { return s.ID == geo.SyntheticSource.ID }) {
		sources := append(slices.Clone(d.Sources), geo.SyntheticSource)
		raw, err := json.MarshalIndent(map[string]any{"sources": sources}, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, seed.FileSources), append(raw, '\n'), 0o644); err != nil {
			return err
		}
	}
	if err := writeParcels(filepath.Join(dir, seed.FileParcels), parcels); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d synthetic parcels written to %s\n", len(parcels), filepath.Join(dir, seed.FileParcels))
	return nil
}

// writeParcels writes parcels as a data folder's parcels file, through
// the writer export uses.
func writeParcels(path string, parcels []geo.Record) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	head := map[string]any{"type": "FeatureCollection", "note": "Synthetic land parcels from parkmap gen: generated geometry, no real parcels."}
	ids := []string{geo.SyntheticSource.ID}
	if err := seed.WriteRecords(f, head, geo.Parcels, parcels, func(int) []string { return ids }); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
