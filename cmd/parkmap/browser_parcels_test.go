package main

import (
	"bytes"
	"context"
	"fmt"
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
)

// defaultBrowserParcels is how many parcels TestBrowserParcels generates
// unless PARKMAP_BROWSER_PARCELS says: 100,000 in every run. A million
// takes minutes to generate and load into the embedded store on this
// project's machines (see the README), more than one run of every test
// should spend; run it with PARKMAP_BROWSER_PARCELS=1000000 and
// -timeout 30m.
const defaultBrowserParcels = 100_000

// TestBrowserParcels generates parcels into a data folder (parkmap gen),
// serves them from the embedded store and drives the map over them: from
// the parcels' zoom the map draws them as vector tiles; the control says
// they are synthetic, in English and in Chinese, from their data; colouring
// by land use, the filters (available, area, segment) and their count; a
// click opens a parcel's card; 30 pans each draw their new tiles, with the
// time from the pan to the tiles logged, and the page's JS heap stays
// bounded. The page logs no error and reaches no other host.
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
	if err := run(context.Background(), []string{"gen", "--parcels", strconv.Itoa(n), "--seed", "1", "--out", dir},
		func(string) string { return "" }, &out, testWriter{t}); err != nil {
		t.Fatalf("gen: %v", err)
	}
	t.Logf("gen --parcels %d: %.1f s", n, time.Since(start).Seconds())

	heapBefore := heapInUse()
	start = time.Now()
	// The store holds some kilobytes a parcel: no soft memory limit, or the
	// collector would run without end.
	base := startServer(t, "--data", dir, "--max-data-file", "1GiB", "--memory-limit", "0", "--parcel-min-zoom", "17")
	t.Logf("serve --data with %d parcels: listening after %.1f s, heap %d MiB more", n, time.Since(start).Seconds(), (heapInUse()-heapBefore)>>20)

	rec := &pageRecorder{}
	ctx := newBrowser(t, chromium, rec, 1280, 800)
	saveFailureScreenshot(t, ctx)
	desktop(ctx, t)
	// Hongta's north-west, at zoom 18: inside the zone, with room to pan.
	load(ctx, t, base+"/?lang=en&at=18/24.4045/102.5415")
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
	if card := visibleText(ctx, t, ".parcel-card"); !strings.Contains(card, "Parcel hongta-p") || !strings.Contains(card, "Synthetic (generated, not real land)") ||
		!strings.Contains(card, "Land use") || !strings.Contains(card, " ha") {
		t.Errorf("the parcel's card says %q", card)
	}
	screenshot(ctx, t, "parcels.png")

	// In Chinese.
	must(ctx, t, chromedp.Click(chromedp.CSS(`#lang-switch button[data-lang="zh-Hans"]`)))
	waitJS(ctx, t, `document.body.dataset.lang === 'zh-Hans'`)
	if s := visibleText(ctx, t, "#parcels-synthetic"); !strings.Contains(s, "合成数据") || !strings.Contains(s, "并非真实地块") {
		t.Errorf("in Chinese the parcels' legend says %q", s)
	}
	if s := visibleText(ctx, t, "#parcels .parcels__summary"); s != "地块" {
		t.Errorf("in Chinese the parcels' control is titled %q", s)
	}
	pageEval[bool](ctx, t, `(document.querySelector('.leaflet-popup-close-button')?.click(), true)`)

	// 30 pans, a screen's third each, back and forth across the zone so
	// that each brings new tiles into view.
	enablePerformance(ctx, t)
	pageEval[bool](ctx, t, `(() => {
		window.__ups = [];
		window.__tiles = [];
		document.addEventListener('mouseup', () => __ups.push(performance.now()), true);
		document.addEventListener('parkmap:parceltile', () => __tiles.push(performance.now()));
		return true;
	})()`)
	heap0 := jsHeap(ctx, t)
	var heaps []float64
	var waits []float64
	moves := slices.Concat(repeat([2]float64{-420, 0}, 6), repeat([2]float64{0, -260}, 2), repeat([2]float64{420, 0}, 6), repeat([2]float64{0, -260}, 2))
	for i := range 30 {
		d := moves[i%len(moves)]
		must(ctx, t, chromedp.DragAndDropXY(x, y, x+d[0], y+d[1], 8))
		must(ctx, t, settle())
		waitJS(ctx, t, drawn)
		waits = append(waits, pageEval[float64](ctx, t, `(() => {
			const up = __ups[__ups.length - 1];
			const after = __tiles.filter((t) => t > up);
			return after.length ? Math.max(...after) - up : 0;
		})()`))
		if i == 9 || i == 29 {
			heaps = append(heaps, jsHeap(ctx, t))
		}
	}
	sorted := slices.Sorted(slices.Values(waits))
	t.Logf("30 pans at zoom 18 over %d parcels: tiles drawn %.0f ms after the pan at the median, %.0f ms at the 90th percentile, %.0f ms at worst (all: %.0f)",
		n, sorted[len(sorted)/2], sorted[len(sorted)*9/10], sorted[len(sorted)-1], waits)
	t.Logf("JS heap after garbage collection: %.1f MiB at the start, %.1f after 10 pans, %.1f after 30", heap0/(1<<20), heaps[0]/(1<<20), heaps[1]/(1<<20))
	if heaps[1] > 1.5*heaps[0]+(4<<20) {
		t.Errorf("the JS heap grew from %.1f MiB after 10 pans to %.1f after 30: not bounded", heaps[0]/(1<<20), heaps[1]/(1<<20))
	}

	// A link keeps the parcels' colouring and filters.
	load(ctx, t, base+"/?lang=en&at=18/24.4045/102.5415&pc=land_use&pa=1&pha=0.001")
	waitJS(ctx, t, drawn)
	if url := pageEval[string](ctx, t, `document.body.dataset.parcelsUrl`); !strings.Contains(url, "status=available") || !strings.Contains(url, "area_ha") {
		t.Errorf("from the link's filters, the tiles' URL is %q", url)
	}
	if !pageEval[bool](ctx, t, `document.querySelector('#parcels input[value="land_use"]').checked && document.getElementById('parcels-available').checked`) {
		t.Error("the link's colouring and filter are not shown in the parcels' control")
	}

	must(ctx, t, settle())
	checkPageLog(t, rec, hostOf(t, base))
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
