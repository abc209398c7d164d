package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/heapprofiler"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/chromedp"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
)

// defaultBrowserParcels is how many parcels TestBrowserParcels generates
// unless PARKMAP_BROWSER_PARCELS says: 100,000 in every run. A million
// takes minutes to generate and load into the embedded store on this
// project's machines (see the README), more than one run of every test
// should spend; run it with PARKMAP_BROWSER_PARCELS=1000000 and
// -timeout 40m (its screenshots are saved with the number in their names).
const defaultBrowserParcels = 100_000

// TestBrowserParcels generates zones and parcels into a data folder
// (parkmap gen --zones n/250 --parcels n), serves them from the embedded
// store and drives the map over them, opened over a generated zone the API
// names: from the parcels' zoom (the default, 13) the map draws them as
// vector tiles, and below it asks for none; the control says they are
// synthetic, in English and in Chinese, from their data; colouring by land
// use, the filters (available, area, segment) and their count; a click
// opens a parcel's card; 30 pans at zoom 13 each draw their new tiles, with
// the time from the pan to the tiles and the tiles' requests logged (the
// 1 s the issue asks is measured at a million, see the README: a timed
// assertion on a shared CI machine would be a flaky test), and the page's
// JS heap stays bounded. Of its hundreds of zones the map draws those near
// the view, and the open zone, taken off and back, is drawn open. The page
// logs no error and reaches no other host.
func TestBrowserParcels(t *testing.T) {
	n := defaultBrowserParcels
	if v := os.Getenv("PARKMAP_BROWSER_PARCELS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1000 {
			t.Fatalf("PARKMAP_BROWSER_PARCELS=%q: want a number of at least 1000", v)
		}
	}
	chromium := chromiumPath(t)
	dir := t.TempDir()
	start := time.Now()
	var out bytes.Buffer
	// A zone to every 250 parcels, as scripts/bench.sh: parcels of about a
	// fifth of a hectare in zones of 400 to 1,200 m, as a city's would be.
	zones := n / 250
	if err := run(context.Background(), []string{"gen", "--zones", strconv.Itoa(zones), "--parcels", strconv.Itoa(n), "--seed", "1", "--out", dir},
		func(string) string { return "" }, &out, testWriter{t}); err != nil {
		t.Fatalf("gen: %v", err)
	}
	t.Logf("gen --zones %d --parcels %d: %.1f s", zones, n, time.Since(start).Seconds())

	heapBefore := heapInUse()
	start = time.Now()
	// The store holds some kilobytes a parcel: no soft memory limit, or the
	// collector would run without end. The parcels' zoom is the default.
	base := startServer(t, "--data", dir, "--max-data-file", "1GiB", "--memory-limit", "0")
	t.Logf("serve --data with %d parcels: listening after %.1f s, heap %d MiB more", n, time.Since(start).Seconds(), (heapInUse()-heapBefore)>>20)
	minZoom := parcelMinZoom(t, base)
	zone, parcel := syntheticView(t, base)
	var parks struct {
		NumberMatched int `json:"numberMatched"`
	}
	getJSON(t, base+"/api/collections/parks/items?limit=1&skipGeometry=true", &parks)
	if parks.NumberMatched <= zones {
		t.Fatalf("%d zones served, want the %d generated and the city's", parks.NumberMatched, zones)
	}
	// The view opens at zoom 17 with a parcel of the zone 200 px below its
	// centre, where the card's click falls.
	at := func(zoom int, below float64) string {
		lat := mercatorNorth(parcel[1], zoom, below)
		return fmt.Sprintf("%d/%.7f/%.7f", zoom, lat, parcel[0])
	}
	t.Logf("the view: synthetic zone %s, parcel at %.7f,%.7f; the parcels from zoom %d", zone, parcel[0], parcel[1], minZoom)
	shot := func(name string) string {
		if n == defaultBrowserParcels {
			return name + ".png"
		}
		return fmt.Sprintf("%s-%d.png", name, n)
	}

	rec := &pageRecorder{}
	ctx := newBrowser(t, chromium, rec, 1280, 800)
	saveFailureScreenshot(t, ctx)
	desktop(ctx, t)
	start = time.Now()
	loadZones(ctx, t, base+"/?lang=en&at="+at(17, 200), parks.NumberMatched)
	t.Logf("the page ready, its %d zones drawn, %.1f s after navigation", parks.NumberMatched, time.Since(start).Seconds())
	drawn := `Number(document.body.dataset.parcelsCount || 0) > 0 &&
		document.querySelectorAll('.parcels-pane .leaflet-tile').length > 0 &&
		document.querySelectorAll('.parcels-pane .leaflet-tile:not(.leaflet-tile-loaded)').length === 0`
	waitJS(ctx, t, drawn)
	if got := pageEval[string](ctx, t, `document.body.dataset.parcelsTotal`); got != strconv.Itoa(n) {
		t.Errorf("the page counts %s parcels, want %d", got, n)
	}
	if got := pageEval[string](ctx, t, `document.body.dataset.parcelsSynthetic`); got != strconv.Itoa(n) {
		t.Errorf("the page counts %s synthetic parcels, want %d", got, n)
	}
	// The note over the map says what the zones are: Yuxi's schematic, the rest generated.
	if s := visibleText(ctx, t, "#schematic-note"); !strings.Contains(s, "schematic") || !strings.Contains(s, "Some zones are synthetic") {
		t.Errorf("the note over the map says %q, want that some zones are synthetic", s)
	}
	if s := visibleText(ctx, t, "#parcels-synthetic"); !strings.Contains(s, "Synthetic: all") || !strings.Contains(s, "parkmap gen") {
		t.Errorf("the parcels' legend says %q, want that they are synthetic, with the source", s)
	}
	if painted := paintedPixels(ctx, t); painted < 1000 {
		t.Errorf("the parcels' tiles have %d painted pixels: nothing drawn", painted)
	}
	inView := countInView(ctx, t)

	// Colour by land use: the legend follows.
	must(ctx, t, chromedp.Click(chromedp.CSS(`#parcels input[value="land_use"]`)))
	if legend := visibleText(ctx, t, "#parcels .parcels__legend"); !strings.Contains(legend, "M1 Class 1 industrial") {
		t.Errorf("coloured by land use, the legend says %q", legend)
	}

	// Filters: the tiles and the count follow, and agree with the API.
	must(ctx, t, chromedp.Click(chromedp.CSS(`#parcels-available`)))
	waitJS(ctx, t, `document.body.dataset.parcelsUrl.includes('status=available')`)
	waitURL(ctx, t, "pa", "1")
	available := waitCount(ctx, t, inView)
	if available == 0 || available >= inView {
		t.Errorf("available parcels in view: %d of %d", available, inView)
	}
	must(ctx, t, chromedp.Click(chromedp.CSS(`#parcels-available`)))
	waitCount(ctx, t, available)
	segment := pageEval[string](ctx, t, `(() => {
		const s = document.getElementById('parcels-segment');
		s.value = s.options[1].value;
		s.dispatchEvent(new Event('change'));
		return s.value;
	})()`)
	waitJS(ctx, t, fmt.Sprintf(`document.body.dataset.parcelsUrl.includes('segment=%s')`, segment))
	if got := waitCount(ctx, t, inView); got >= inView {
		t.Errorf("parcels of segment %s in view: %d of %d", segment, got, inView)
	}
	pageEval[bool](ctx, t, `(() => {
		const s = document.getElementById('parcels-segment');
		s.value = '';
		s.dispatchEvent(new Event('change'));
		const a = document.getElementById('parcels-min-area');
		a.value = '1000';
		a.dispatchEvent(new Event('change'));
		return true;
	})()`)
	waitJS(ctx, t, `document.body.dataset.parcelsUrl.includes('filter=area_ha')`)
	if got := waitCount(ctx, t, inView); got != 0 {
		t.Errorf("%d parcels of 1000 ha or more in view, want none", got)
	}
	pageEval[bool](ctx, t, `(() => {
		const a = document.getElementById('parcels-min-area');
		a.value = '';
		a.dispatchEvent(new Event('change'));
		return true;
	})()`)
	waitCount(ctx, t, 0)
	waitJS(ctx, t, drawn)

	// A click on a parcel opens its card.
	must(ctx, t, chromedp.Click(chromedp.CSS(`#parcels input[value="status"]`)))
	x, y := mapCentre(ctx, t)
	// Low on the map, so that the card opens above the click clear of the
	// notes at the top.
	must(ctx, t, chromedp.MouseClickXY(x, y+200))
	waitVisible(ctx, t, ".parcel-card dl")
	if card := visibleText(ctx, t, ".parcel-card"); !strings.Contains(card, "Parcel "+zone+"-p") || !strings.Contains(card, "Synthetic zone") || !strings.Contains(card, "Synthetic (generated, not real land)") ||
		!strings.Contains(card, "Land use") || !strings.Contains(card, " ha") {
		t.Errorf("the parcel's card says %q", card)
	}
	screenshot(ctx, t, shot("parcels"))

	// In Chinese.
	must(ctx, t, chromedp.Click(chromedp.CSS(`#lang-switch button[data-lang="zh-Hans"]`)))
	waitJS(ctx, t, `document.body.dataset.lang === 'zh-Hans'`)
	if s := visibleText(ctx, t, "#schematic-note"); !strings.Contains(s, "部分园区为合成数据") {
		t.Errorf("in Chinese the note over the map says %q, want that some zones are synthetic", s)
	}
	if s := visibleText(ctx, t, "#parcels-synthetic"); !strings.Contains(s, "合成数据") || !strings.Contains(s, "并非真实地块") {
		t.Errorf("in Chinese the parcels' legend says %q", s)
	}
	if s := visibleText(ctx, t, "#parcels .parcels__summary"); s != "地块" {
		t.Errorf("in Chinese the parcels' control is titled %q", s)
	}
	pageEval[bool](ctx, t, `(document.querySelector('.leaflet-popup-close-button')?.click(), true)`)

	// Below the parcels' zoom the page asks for no tile; from it, the
	// screenshots at the parcels' first zoom, at 15, and at 17 above.
	loadZones(ctx, t, base+"/?lang=en&at="+at(minZoom-1, 0), parks.NumberMatched)
	must(ctx, t, settle())
	if got := pageEval[int](ctx, t, tileRequests+`.length`); got != 0 {
		t.Errorf("at zoom %d, below the parcels' %d, the page asked for %d parcel tiles", minZoom-1, minZoom, got)
	}
	for _, z := range []int{15, minZoom} {
		loadZones(ctx, t, base+"/?lang=en&at="+at(z, 0), parks.NumberMatched)
		waitJS(ctx, t, drawn)
		if painted := paintedPixels(ctx, t); painted < 1000 {
			t.Errorf("at zoom %d the parcels' tiles have %d painted pixels: nothing drawn", z, painted)
		}
		screenshot(ctx, t, shot(fmt.Sprintf("parcels-z%d", z)))
	}

	// 30 pans at the parcels' first zoom, where a tile holds the most of
	// them, a screen's third each, back and forth across the zone's
	// neighbourhood so that each brings new tiles into view.
	pageEval[bool](ctx, t, `(performance.clearResourceTimings(), performance.setResourceTimingBufferSize(100000), true)`)
	enablePerformance(ctx, t)
	pageEval[bool](ctx, t, `(() => {
		window.__downs = [];
		window.__ups = [];
		document.addEventListener('mousedown', () => __downs.push(performance.now()), true);
		window.__tiles = [];
		document.addEventListener('mouseup', () => __ups.push(performance.now()), true);
		document.addEventListener('parkmap:parceltile', () => __tiles.push(performance.now()));
		return true;
	})()`)
	heap0 := jsHeap(ctx, t)
	var heaps []float64
	var waits, fromStart []float64
	// A loop around the zone, within three pans of it (some 20 km at zoom
	// 13, inside the city), that comes back over tiles seen before.
	moves := slices.Concat(repeat([2]float64{-420, 0}, 3), repeat([2]float64{0, -260}, 2), repeat([2]float64{420, 0}, 6),
		repeat([2]float64{0, 260}, 4), repeat([2]float64{-420, 0}, 6), repeat([2]float64{0, -260}, 2), repeat([2]float64{420, 0}, 3))
	// Every tile in view drawn, though some views hold no parcel.
	tilesDrawn := `document.querySelectorAll('.parcels-pane .leaflet-tile').length > 0 &&
		document.querySelectorAll('.parcels-pane .leaflet-tile:not(.leaflet-tile-loaded)').length === 0`
	for i := range 30 {
		d := moves[i%len(moves)]
		must(ctx, t, chromedp.DragAndDropXY(x, y, x+d[0], y+d[1], 8))
		must(ctx, t, settle())
		waitJS(ctx, t, tilesDrawn)
		// From the pan's end (the mouse released) and from its start: the
		// map fetches tiles while it is dragged, so some are drawn before
		// the end (0 ms).
		w := pageEval[[]float64](ctx, t, `(() => {
			const down = __downs[__downs.length - 1], up = __ups[__ups.length - 1];
			const last = Math.max(up, ...__tiles.filter((t) => t > down));
			return [last - up, last - down];
		})()`)
		waits = append(waits, w[0])
		fromStart = append(fromStart, w[1])
		if i == 9 || i == 29 {
			heaps = append(heaps, jsHeap(ctx, t))
		}
	}
	sorted := slices.Sorted(slices.Values(waits))
	t.Logf("30 pans at zoom %d over %d parcels: tiles drawn %.0f ms after the pan at the median, %.0f ms at the 90th percentile, %.0f ms at worst (all: %.0f)",
		minZoom, n, sorted[len(sorted)/2], sorted[len(sorted)*9/10], sorted[len(sorted)-1], waits)
	sorted = slices.Sorted(slices.Values(fromStart))
	t.Logf("from the pan's start (a drag of 8 steps): %.0f / %.0f / %.0f ms", sorted[len(sorted)/2], sorted[len(sorted)*9/10], sorted[len(sorted)-1])
	logTileRequests(ctx, t)
	t.Logf("JS heap after garbage collection: %.1f MiB at the start, %.1f after 10 pans, %.1f after 30", heap0/(1<<20), heaps[0]/(1<<20), heaps[1]/(1<<20))
	if heaps[1] > 1.5*heaps[0]+(4<<20) {
		t.Errorf("the JS heap grew from %.1f MiB after 10 pans to %.1f after 30: not bounded", heaps[0]/(1<<20), heaps[1]/(1<<20))
	}

	// A link keeps the parcels' colouring and filters.
	loadZones(ctx, t, base+"/?lang=en&at="+at(17, 0)+"&pc=land_use&pa=1&pha=0.001", parks.NumberMatched)
	waitJS(ctx, t, drawn)
	if url := pageEval[string](ctx, t, `document.body.dataset.parcelsUrl`); !strings.Contains(url, "status=available") || !strings.Contains(url, "area_ha") {
		t.Errorf("from the link's filters, the tiles' URL is %q", url)
	}
	if !pageEval[bool](ctx, t, `document.querySelector('#parcels input[value="land_use"]').checked && document.getElementById('parcels-available').checked`) {
		t.Error("the link's colouring and filter are not shown in the parcels' control")
	}

	// Of hundreds of zones the map draws those near its view: the open
	// zone, taken off the map when the view moves far from it, comes back
	// open, in its card's colours.
	loadZones(ctx, t, base+"/?lang=en&zone="+zone+"&at="+at(minZoom, 0), parks.NumberMatched)
	open := `document.querySelector('path.zone[data-zone-id="` + zone + `"]')`
	waitJS(ctx, t, open+`?.classList.contains('is-selected') === true`)
	if drawnZones := pageEval[int](ctx, t, `document.querySelectorAll('path.zone').length`); drawnZones == 0 || drawnZones >= parks.NumberMatched/2 {
		t.Errorf("%d of %d zones are on the map at zoom %d: want those near the view", drawnZones, parks.NumberMatched, minZoom)
	}
	x, y = mapCentre(ctx, t)
	pan := func(dx float64) {
		for range 4 {
			must(ctx, t, chromedp.DragAndDropXY(x, y, x+dx, y, 8))
			must(ctx, t, settle())
		}
	}
	pan(-400)
	if !pageEval[bool](ctx, t, open+` === null`) {
		t.Errorf("zone %s is still on the map 1,600 px from the view", zone)
	}
	pan(400)
	if !pageEval[bool](ctx, t, open+`?.classList.contains('is-selected') === true && `+open+`.dataset.zoneId === '`+zone+`'`) {
		t.Errorf("zone %s, taken off the map and back, is not drawn open", zone)
	}
	must(ctx, t, settle())
	checkPageLog(t, rec, hostOf(t, base))
}

// tileRequests is the page's requests of parcel tiles, from its resource
// timing.
const tileRequests = `performance.getEntriesByType('resource').filter((e) => e.name.includes('/collections/parcels/tiles/'))`

// logTileRequests logs the parcel tiles the page asked for since its
// resource timing was cleared: how many at each zoom, their sizes, and the
// time from each request to its response's first byte (the server) and
// to its last.
func logTileRequests(ctx context.Context, t *testing.T) {
	t.Helper()
	type entry struct {
		Zoom     int     `json:"zoom"`
		Wait     float64 `json:"wait"`
		Duration float64 `json:"duration"`
		Body     float64 `json:"body"`
		Transfer float64 `json:"transfer"`
	}
	entries := pageEval[[]entry](ctx, t, tileRequests+`.map((e) => ({
		zoom: Number(e.name.match(/WebMercatorQuad\/(\d+)\//)[1]),
		wait: e.responseStart - e.requestStart,
		duration: e.duration,
		body: e.encodedBodySize,
		transfer: e.transferSize,
	}))`)
	if len(entries) == 0 {
		t.Log("no parcel tile requested")
		return
	}
	zooms := map[int]int{}
	var waits, durations, bodies []float64
	cached := 0
	for _, e := range entries {
		zooms[e.Zoom]++
		waits = append(waits, e.Wait)
		durations = append(durations, e.Duration)
		bodies = append(bodies, e.Body)
		if e.Transfer == 0 {
			cached++
		}
	}
	slices.Sort(waits)
	slices.Sort(durations)
	slices.Sort(bodies)
	q := func(v []float64, f float64) float64 { return v[int(f*float64(len(v)-1))] }
	t.Logf("%d parcel tiles requested (by zoom %v, %d from the browser's cache): first byte after %.0f ms at the median, %.0f at the 90th percentile, %.0f at worst; whole %.0f / %.0f / %.0f ms; %.1f kB at the median, %.1f at worst",
		len(entries), zooms, cached, q(waits, .5), q(waits, .9), q(waits, 1), q(durations, .5), q(durations, .9), q(durations, 1), q(bodies, .5)/1000, q(bodies, 1)/1000)
}

// parcelMinZoom is the zoom from which the page draws the parcels, as the
// server tells it.
func parcelMinZoom(t *testing.T, base string) int {
	t.Helper()
	var cfg struct {
		Parcels struct {
			MinZoom int `json:"min_zoom"`
		} `json:"parcels"`
	}
	getJSON(t, base+"/api/config", &cfg)
	if cfg.Parcels.MinZoom < 2 {
		t.Fatalf("/api/config gives the parcels' zoom as %d", cfg.Parcels.MinZoom)
	}
	return cfg.Parcels.MinZoom
}

// syntheticView picks, from the API, the largest generated zone in the
// middle half of the city's extent (the same for the same --seed), and one
// of its parcels' centroid: where the map opens, with the city's other
// zones around it to pan over.
func syntheticView(t *testing.T, base string) (zone string, at orb.Point) {
	t.Helper()
	var city struct {
		Extent [4]float64 `json:"extent"`
	}
	getJSON(t, base+"/api/city", &city)
	w, s, e, n := city.Extent[0], city.Extent[1], city.Extent[2], city.Extent[3]
	bbox := fmt.Sprintf("%f,%f,%f,%f", w+(e-w)/4, s+(n-s)/4, e-(e-w)/4, n-(n-s)/4)
	var zones geojson.FeatureCollection
	getJSON(t, base+"/api/collections/parks/items?geometry_accuracy=synthetic&sortby=-area_ha&limit=1&bbox="+bbox, &zones)
	if len(zones.Features) != 1 {
		t.Fatalf("no synthetic zone in %s", bbox)
	}
	zone = fmt.Sprint(zones.Features[0].ID)
	var parcels geojson.FeatureCollection
	getJSON(t, base+"/api/collections/parcels/items?limit=1&park="+url.QueryEscape(zone), &parcels)
	if len(parcels.Features) != 1 {
		t.Fatalf("no parcel in the synthetic zone %s", zone)
	}
	at, _ = planar.CentroidArea(parcels.Features[0].Geometry)
	return zone, at
}

// getJSON decodes a 200 response's JSON body into v.
func getJSON(t *testing.T, u string, v any) {
	t.Helper()
	r := get(t, "GET", u, nil)
	if r.status != http.StatusOK {
		t.Fatalf("GET %s: %d %.300s", u, r.status, r.body)
	}
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
}

// mercatorNorth is the latitude px pixels north of lat at zoom, in Web
// Mercator's 256-pixel tiles.
func mercatorNorth(lat float64, zoom int, px float64) float64 {
	size := 256 * math.Exp2(float64(zoom))
	phi := lat * math.Pi / 180
	y := (1 - math.Log(math.Tan(phi)+1/math.Cos(phi))/math.Pi) / 2 * size
	y -= px
	return math.Atan(math.Sinh(math.Pi*(1-2*y/size))) * 180 / math.Pi
}

// heapInUse is the test process's heap in use after a collection: the
// embedded store lives in it.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// countInView waits for the page's count of the matching parcels in view.
func countInView(ctx context.Context, t *testing.T) int {
	t.Helper()
	waitJS(ctx, t, `document.body.dataset.parcelsCount !== ''`)
	n, err := strconv.Atoi(pageEval[string](ctx, t, `document.body.dataset.parcelsCount`))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// waitCount waits until the count differs from was, and returns it.
func waitCount(ctx context.Context, t *testing.T, was int) int {
	t.Helper()
	waitJS(ctx, t, fmt.Sprintf(`document.body.dataset.parcelsCount !== '' && document.body.dataset.parcelsCount !== '%d'`, was))
	return countInView(ctx, t)
}

// paintedPixels counts the pixels the parcels' tiles painted.
func paintedPixels(ctx context.Context, t *testing.T) int {
	t.Helper()
	return pageEval[int](ctx, t, `[...document.querySelectorAll('.parcels-pane canvas.leaflet-tile-loaded')].reduce((sum, c) => {
		const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
		for (let i = 3; i < d.length; i += 4) if (d[i] > 0) sum++;
		return sum;
	}, 0)`)
}

// mapCentre is the centre of the map on the screen.
func mapCentre(ctx context.Context, t *testing.T) (x, y float64) {
	t.Helper()
	c := pageEval[[]float64](ctx, t, `(() => {
		const r = document.getElementById('map').getBoundingClientRect();
		return [r.left + r.width / 2, r.top + r.height / 2];
	})()`)
	return c[0], c[1]
}

func enablePerformance(ctx context.Context, t *testing.T) {
	t.Helper()
	must(ctx, t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, performance.Enable, performance.EnableParams{})
		return err
	}))
}

// jsHeap is the page's JS heap in use after a garbage collection (CDP
// Performance.getMetrics, JSHeapUsedSize).
func jsHeap(ctx context.Context, t *testing.T) float64 {
	t.Helper()
	var used float64
	must(ctx, t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, heapprofiler.CollectGarbage, cdp.Empty{}); err != nil {
			return err
		}
		m, err := cdp.Call(ctx, tg, performance.GetMetrics, cdp.Empty{})
		if err != nil {
			return err
		}
		for _, metric := range m.Metrics {
			if metric.Name == "JSHeapUsedSize" {
				used = metric.Value
			}
		}
		return nil
	}))
	if used == 0 {
		t.Fatal("no JSHeapUsedSize in the page's metrics")
	}
	return used
}

func repeat[T any](v T, n int) []T {
	out := make([]T, n)
	for i := range out {
		out[i] = v
	}
	return out
}
