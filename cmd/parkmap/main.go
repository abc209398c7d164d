// Command parkmap serves Yuxi's industrial zones and their battery-chain
// segments as OGC API - Features and a Leaflet map, from the embedded data
// or PostGIS. Run "parkmap help" for its subcommands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	default:
		fmt.Fprintln(os.Stderr, "parkmap:", err)
		os.Exit(1)
	}
}

const usage = `parkmap serves Yuxi's industrial zones and their battery-chain segments
as OGC API - Features and a web map.

Usage:
  parkmap serve   [--addr 127.0.0.1:8080] [--data DIR] [--base-url URL] [--tile-url URL --tile-attribution TEXT]
  parkmap migrate              apply the database migrations (needs DATABASE_URL)
  parkmap seed    [--data DIR] [--replace | --if-empty]
                               load the bundled Yuxi data (or DIR) into an empty PostGIS database
  parkmap gen     --parcels N [--seed S] [--out DIR]
                               synthetic land parcels in the zones, into PostGIS or a data folder
  parkmap import  FILE --collection ID --mode append|upsert|replace [--map old=new] [--crs EPSG:n]
                               load a GeoJSON, CSV, GeoPackage or Shapefile into PostGIS, all or nothing
  parkmap validate DIR         check a data folder (docs/data-format.md) without a database; list every problem
  parkmap export  --pmtiles FILE [--collection ID] [--minzoom 0 --maxzoom 14]
                               the vector tiles as a PMTiles archive for any static host
  parkmap export  DIR [--data DIR]
                               the dataset (PostGIS's, else the embedded one) as a data folder seed --data loads
  parkmap version
  parkmap help

Environment:
  DATABASE_URL   PostgreSQL with PostGIS, e.g. postgres://user@127.0.0.1:5432/parkmap;
                 without it, serve uses the embedded store (read-only)
  DATABASE_READ_URL
                 a streaming replica of DATABASE_URL that serve reads from (the primary
                 takes over while it lags or is away); migrate, seed and import ignore it
  PARKMAP_LOG    debug, info (default), warn or error

Run "parkmap COMMAND --help" for a command's flags.
`

// run is the whole program; main only wires in the process's environment,
// so tests call run directly.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	env := environment{getenv: getenv, stdout: stdout, stderr: stderr}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		return env.serve(ctx, rest)
	case "migrate":
		return env.migrate(ctx, rest)
	case "seed":
		return env.seed(ctx, rest)
	case "gen":
		return env.gen(ctx, rest)
	case "import":
		return env.importFile(ctx, rest)
	case "export":
		return env.export(ctx, rest)
	case "validate":
		return env.validate(ctx, rest)
	case "version":
		fmt.Fprintln(stdout, "parkmap", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
}

// environment is what a command may touch of the outside world.
type environment struct {
	getenv         func(string) string
	stdout, stderr io.Writer
}

func (e environment) flags(name, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: parkmap %s [flags]\n\n%s\n\nFlags:\n", name, summary)
		fs.PrintDefaults()
	}
	return fs
}
