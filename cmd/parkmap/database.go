package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/parkmap/parkmap/data/postgis"
)

func (e environment) database(ctx context.Context) (*postgis.Store, error) {
	url := e.getenv("DATABASE_URL")
	if url == "" {
		return nil, errors.New("DATABASE_URL is not set: migrate and seed work on PostGIS (make db starts one)")
	}
	return postgis.Open(ctx, url, e.logger())
}

func (e environment) migrate(ctx context.Context, args []string) error {
	fs := e.flags("migrate", "Applies the embedded, versioned SQL migrations to DATABASE_URL.")
	if err := fs.Parse(args); err != nil {
		return err
	}
	s, err := e.database(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Migrate(ctx); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "migrated")
	return nil
}

func (e environment) seed(ctx context.Context, args []string) error {
	fs := e.flags("seed", "Loads the bundled Yuxi data (or --data DIR) into DATABASE_URL. Running it twice changes nothing.")
	dataDir := fs.String("data", "", "load this data folder instead of the bundled Yuxi data")
	if err := fs.Parse(args); err != nil {
		return err
	}
	d, err := e.dataset(*dataDir)
	if err != nil {
		return err
	}
	s, err := e.database(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Seed(ctx, d); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "seeded %d zones, %d projects, %d counties, %d chains, %d sources\n",
		len(d.Parks), len(d.Projects), len(d.Counties), len(d.Chains), len(d.Sources))
	return nil
}
