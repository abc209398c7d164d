package main

import (
	"context"
	"fmt"

	"github.com/parkmap/parkmap/data/seed"
)

// exportFolder writes the dataset as a data folder: the database's when
// DATABASE_URL is set, else the --data folder's (or the bundled one's),
// rewritten in the canonical form seed.Write gives.
func (e environment) exportFolder(ctx context.Context, dir, dataDir string) error {
	var d *seed.Dataset
	if e.getenv("DATABASE_URL") != "" {
		s, err := e.database(ctx)
		if err != nil {
			return err
		}
		defer s.Close()
		if d, err = s.Dataset(ctx); err != nil {
			return err
		}
	} else {
		var err error
		if d, err = e.dataset(dataDir, seed.DefaultMaxFileSize); err != nil {
			return err
		}
	}
	if err := seed.Write(dir, d); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %d zones, %d projects, %d counties, %d parcels, %d chains, %d sources to %s\n",
		len(d.Parks), len(d.Projects), len(d.Counties), len(d.Parcels), len(d.Chains), len(d.Sources), dir)
	return nil
}
