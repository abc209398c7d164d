package storetest

import (
	"embed"
	"io/fs"

	"github.com/parkmap/parkmap/data/seed"
)

// city is a made-up city, every geometry synthetic, built so that the suite
// meets every edge: a chain with a gap (acid, hosted by no zone) and an
// overlap (cell, hosted by two), a zone of two parts, a reserved zone of a
// chain with no segments, zones and a county on both sides of the
// antimeridian, a county with a hole, projects nobody placed, null and zero
// measures, and ids that sort differently by byte than by any locale
// (Dateline.W, QJ_01, alpha, dateline~e, reserve-9). The shipped Yuxi data
// has its own test in data/seed: adding a Yuxi zone breaks no contract test.
//
//go:embed testdata/city
var city embed.FS

// City loads the synthetic city, a fresh copy on each call so that a test
// may change it.
func City() (*seed.Dataset, error) {
	sub, err := fs.Sub(city, "testdata/city")
	if err != nil {
		return nil, err
	}
	return seed.Load(sub)
}
