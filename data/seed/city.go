package seed

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/parkmap/parkmap/geo"
)

// FileCity describes the city a data folder covers; a folder may go without.
const FileCity = "city.json"

// loadCity reads city.json when the folder has one; d.City stays nil
// when it has none.
func (d *Dataset) loadCity(fsys fs.FS) error {
	if _, err := fs.Stat(fsys, FileCity); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	var c geo.City
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
	if (c.Title.ZH == "") != (c.Title.EN == "") {
		bad("title", "give both zh and en, or neither")
	}
	// The map makes it a link: a javascript: or data: URL would run there.
	if u := c.AttributionURL; u != "" && !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		bad("attribution_url", "%q is not an http(s) URL", u)
	}
	return errors.Join(problems...)
}
