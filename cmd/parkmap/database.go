package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/parkmap/parkmap/data/postgis"
	"github.com/parkmap/parkmap/data/seed"
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
	fs := e.flags("seed", "Loads the bundled Yuxi data (or --data DIR) into an empty database at DATABASE_URL.\n"+
		"Into one that holds a dataset already it refuses, unless --replace or --if-empty says what to do.")
	dataDir := fs.String("data", "", "load this data folder instead of the bundled Yuxi data")
	replace := fs.Bool("replace", false, "swap the database's whole dataset for this one, in one transaction")
	ifEmpty := fs.Bool("if-empty", false, "load only into an empty database; leave a database that holds a dataset as it is")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *replace && *ifEmpty {
		return errors.New("--replace and --if-empty contradict each other: give one")
	}
	d, err := e.dataset(*dataDir, seed.DefaultMaxFileSize)
	if err != nil {
		return err
	}
	s, err := e.database(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	empty, err := s.Empty(ctx)
	if err != nil {
		return err
	}
	switch {
	case *replace:
		if err := s.Replace(ctx, d); err != nil {
			return err
		}
	case !empty && *ifEmpty:
		fmt.Fprintln(e.stdout, "the database holds a dataset already: left as it is")
		return nil
	case !empty:
		return errors.New("the database holds a dataset already, and seed does not merge into one: " +
			"parkmap seed --replace swaps it for this one (in one transaction), --if-empty leaves it")
	default:
		if err := s.Seed(ctx, d); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "seeded %d zones, %d projects, %d counties, %d chains, %d sources\n",
		len(d.Parks), len(d.Projects), len(d.Counties), len(d.Chains), len(d.Sources))
	return nil
}
