package seed

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/parkmap/parkmap/geo"
)

// FileCity describes the city a data folder covers; a folder may go without.
const FileCity = "city.json"

// City is what a data folder says of its city as a whole: what to call it,
// where the map opens, which chain it shows first and whom the base map
// credits.
type City struct {
	Name geo.Text `json:"name"`
	// Extent is the city's bounding box: west, south, east, north, in
	// degrees (WGS 84). West is greater than east for a city across the
	// antimeridian.
	Extent [4]float64 `json:"extent"`
	// DefaultChain is the slug of the chain the map shows first.
	DefaultChain string `json:"default_chain"`
	// Attribution credits the base map's (the county boundaries') source.
	Attribution string `json:"attribution"`
}

// loadCity reads city.json when the folder has one; d.City stays nil
// when it has none.
func (d *Dataset) loadCity(fsys fs.FS) error {
	if _, err := fs.Stat(fsys, FileCity); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	var c City
	if err := readJSON(fsys, FileCity, &c); err != nil {
		return err
	}
	d.City = &c
	return nil
}

// checkCity checks city.json's fields and resolves its default chain.
func (d *Dataset) checkCity() error {
	c := d.City
	if c == nil {
		return nil
	}
	var problems []error
	bad := func(field, format string, args ...any) {
		problems = append(problems, fmt.Errorf("%s: %s: %s", FileCity, field, fmt.Sprintf(format, args...)))
	}
	if c.Name.ZH == "" || c.Name.EN == "" {
		bad("name", "both zh and en are required")
	}
	w, s, e, n := c.Extent[0], c.Extent[1], c.Extent[2], c.Extent[3]
	if w < -180 || w > 180 || e < -180 || e > 180 || s < -90 || n > 90 || s >= n || w == e {
		bad("extent", "%v is not [west, south, east, north] in degrees", c.Extent)
	}
	if _, ok := d.Chain(c.DefaultChain); !ok {
		bad("default_chain", "unknown chain %q", c.DefaultChain)
	}
	return errors.Join(problems...)
}
