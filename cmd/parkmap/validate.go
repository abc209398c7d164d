package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/parkmap/parkmap/data/seed"
)

// validate checks a data folder without a database: it loads the folder as
// serve --data and seed --data would, and lists every problem it finds, one
// a line, so a folder can be fixed in one pass rather than one error a run.
func (e environment) validate(_ context.Context, args []string) error {
	fs := e.flags("validate DIR", "Checks the data folder DIR (see docs/data-format.md) without a database and lists every problem.\n"+
		"The exit status is non-zero when there is any.")
	maxFile := fs.Int64("max-data-file", seed.DefaultMaxFileSize, "the most bytes a data file may hold")
	var dirs []string
	for { // flags may come before or after DIR
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		dirs, args = append(dirs, fs.Arg(0)), fs.Args()[1:]
	}
	if len(dirs) != 1 {
		fs.Usage()
		return errors.New("validate takes one data folder")
	}
	dir := dirs[0]
	if info, err := os.Stat(dir); err != nil {
		return err
	} else if !info.IsDir() {
		return fmt.Errorf("%s is not a folder", dir)
	}
	d, err := seed.LoadLimited(os.DirFS(dir), *maxFile)
	if err != nil {
		problems := strings.Split(err.Error(), "\n")
		for _, p := range problems {
			fmt.Fprintln(e.stdout, p)
		}
		return fmt.Errorf("%s: %d problem(s)", dir, len(problems))
	}
	fmt.Fprintf(e.stdout, "ok: %d zones, %d projects, %d counties, %d parcels, %d chains, %d sources\n",
		len(d.Parks), len(d.Projects), len(d.Counties), len(d.Parcels), len(d.Chains), len(d.Sources))
	return nil
}
