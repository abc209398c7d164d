package main

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserPhone drives the page on a phone held upright (390×844, touch):
// the map fills the screen, the panel is a bottom sheet whose tab bar stays
// in reach, a zone opens the sheet with its card, and a tab pressed twice
// folds the sheet away.
func TestBrowserPhone(t *testing.T) {
	ctx, base, rec := browse(t, 390, 844)
	// Scale 2, as a phone's screen: the picture is sharp in the README.
	setViewport(ctx, t, 390, 844, 2, true)
	load(ctx, t, base+"/?lang=zh-Hans")

	type box struct {
		Top    float64 `json:"top"`
		Bottom float64 `json:"bottom"`
		Height float64 `json:"height"`
		Width  float64 `json:"width"`
	}
	rect := func(sel string) box {
		return pageEval[box](ctx, t, `(() => {
			const r = document.querySelector('`+sel+`').getBoundingClientRect();
			return { top: r.top, bottom: r.bottom, height: r.height, width: r.width };
		})()`)
	}

	t.Run("sheet folded", func(t *testing.T) {
		if !pageEval[bool](ctx, t, `document.getElementById('app').classList.contains('is-panel-closed')`) {
			t.Error("on a phone the panel starts folded, to show the map")
		}
		if pageEval[bool](ctx, t, `getComputedStyle(document.getElementById('panel-body')).display !== 'none'`) {
			t.Error("the folded sheet shows its body")
		}
		tabs := rect(".panel__tabs")
		inner := pageEval[float64](ctx, t, `innerHeight`)
		if tabs.Bottom > inner+0.5 || tabs.Bottom < inner-40 {
			t.Errorf("the tab bar ends at %.0f px, want it at the bottom of the %0.f px screen", tabs.Bottom, inner)
		}
		mapBox := rect("#map")
		if mapBox.Width != 390 || mapBox.Height < 700 {
			t.Errorf("the map is %.0f×%.0f px, want it to fill the 390 px wide screen", mapBox.Width, mapBox.Height)
		}
		if pageEval[bool](ctx, t, `getComputedStyle(document.getElementById('panel-toggle')).display !== 'none'`) {
			t.Error("the wide screen's fold button shows on a phone")
		}
		visibleText(ctx, t, "#schematic-note")
		for _, id := range []string{"hongta", "huaning", "longquan", "yimen"} {
			visibleText(ctx, t, `.zone-label[data-zone-id="`+id+`"]`)
		}
	})

	must(ctx, t, settle())
	screenshot(ctx, t, "map-phone.png")

	// inView lists the zones whose centre the reader can see: on the map,
	// under the bar, above the sheet.
	inView := `(() => {
		const bar = document.querySelector('.bar').getBoundingClientRect().bottom;
		const sheet = document.querySelector('.panel').getBoundingClientRect().top;
		return [...document.querySelectorAll('path.zone')].filter((p) => {
			const r = p.getBoundingClientRect();
			const x = r.left + r.width / 2, y = r.top + r.height / 2;
			return x > 0 && x < innerWidth && y > bar && y < sheet;
		}).map((p) => p.dataset.zoneId).sort();
	})()`
	all := []string{"hongta", "huaning", "longquan", "yimen"}

	t.Run("chrome fits", func(t *testing.T) {
		// The title shows whole, in either language; the Legend button is
		// not under the attribution (issue 8, item 18).
		for _, lang := range []string{"zh-Hans", "en"} {
			load(ctx, t, base+"/?lang="+lang)
			cut := pageEval[bool](ctx, t, `(() => {
				const h = document.querySelector('.bar__title');
				const sw = document.getElementById('lang-switch').getBoundingClientRect();
				return h.scrollWidth > h.clientWidth + 1 || h.scrollHeight > h.clientHeight + 1 || h.getBoundingClientRect().right > sw.left;
			})()`)
			if cut {
				t.Errorf("the title is cut in %s: %q", lang, visibleText(ctx, t, ".bar__title"))
			}
			covered := pageEval[string](ctx, t, `(() => {
				const s = document.querySelector('#legend summary').getBoundingClientRect();
				for (const [fx, fy] of [[0.2, 0.5], [0.5, 0.5], [0.9, 0.5]]) {
					const el = document.elementFromPoint(s.left + s.width * fx, s.top + s.height * fy);
					if (!el || !el.closest('#legend')) return el ? el.className || el.tagName : 'nothing';
				}
				const a = document.querySelector('.leaflet-control-attribution').getBoundingClientRect();
				const l = document.getElementById('legend').getBoundingClientRect();
				return a.left < l.right && l.left < a.right && a.top < l.bottom && l.top < a.bottom ? 'the attribution' : '';
			})()`)
			if covered != "" {
				t.Errorf("in %s, the Legend button is under %s", lang, covered)
			}
		}
		must(ctx, t, settle())
		screenshot(ctx, t, "map-phone-en.png")
	})

	t.Run("a tab re-frames the map", func(t *testing.T) {
		// A tab unfolds the sheet over the lower part of the map: the map
		// frames the zones in what is left.
		load(ctx, t, base+"/?lang=zh-Hans")
		must(ctx, t, chromedp.Click(chromedp.CSS(`#tab-chain`)))
		waitURL(ctx, t, "panel", "open")
		waitVisible(ctx, t, ".chain-svg")
		must(ctx, t, settle())
		if got := pageEval[[]string](ctx, t, inView); !slices.Equal(got, all) {
			t.Errorf("with the sheet open, the zones in view are %q, want all four", got)
		}
		if at := pageEval[string](ctx, t, `new URL(location.href).searchParams.get('at') || ''`); at != "" {
			t.Errorf("re-framing put at=%s in the URL", at)
		}
		// The chain diagram is not cut at the sheet's right edge: it scrolls
		// by whole columns, says so, and no box is split by an edge.
		cut := `(() => {
			const sr = document.querySelector('.chain-scroll').getBoundingClientRect();
			const body = document.getElementById('panel-body').getBoundingClientRect();
			if (sr.right > body.right + 0.5) return ['the scroller overflows the sheet'];
			return [...document.querySelectorAll('.chain-svg .node')].filter((n) => {
				const r = n.getBoundingClientRect();
				return (r.left < sr.right - 0.5 && r.right > sr.right + 0.5) || (r.left < sr.left - 0.5 && r.right > sr.left + 0.5);
			}).map((n) => n.dataset.segment);
		})()`
		if got := pageEval[[]string](ctx, t, cut); len(got) > 0 {
			t.Errorf("on a phone, the chain diagram's edges cut %q", got)
		}
		if pageEval[bool](ctx, t, `document.querySelector('.chain-scroll').scrollWidth > document.querySelector('.chain-scroll').clientWidth`) {
			visibleText(ctx, t, ".chain-more")
		}
		for _, to := range []string{"130", "scroll.scrollWidth"} {
			pageEval[bool](ctx, t, `(() => { const scroll = document.querySelector('.chain-scroll'); scroll.scrollTo({ left: `+to+`, behavior: 'instant' }); return true; })()`)
			time.Sleep(300 * time.Millisecond)
			if got := pageEval[[]string](ctx, t, cut); len(got) > 0 {
				t.Errorf("on a phone, scrolled to %s, the chain diagram's edges cut %q", to, got)
			}
		}
		pageEval[bool](ctx, t, `(() => { document.querySelector('.chain-scroll').scrollLeft = 0; return true; })()`)
		must(ctx, t, settle())
		screenshot(ctx, t, "chain-phone.png")
	})

	t.Run("zone opens the sheet", func(t *testing.T) {
		load(ctx, t, base+"/?lang=zh-Hans")
		must(ctx, t, chromedp.Click(chromedp.CSS(`.zone-label[data-zone-id="huaning"]`)))
		waitVisible(ctx, t, `#tp-zones .zone-card[data-zone-id="huaning"]`)
		waitURL(ctx, t, "panel", "open")
		sheet := rect(".panel")
		inner := pageEval[float64](ctx, t, `innerHeight`)
		if sheet.Height > inner*0.7 || sheet.Height < inner*0.4 {
			t.Errorf("the open sheet is %.0f px high on a %.0f px screen; want about 60%%, leaving the map in view", sheet.Height, inner)
		}
		text := visibleText(ctx, t, `#tp-zones .zone-card[data-zone-id="huaning"]`)
		for _, want := range []string{"华宁产业园区", "磷酸铁", "电解液"} {
			if !strings.Contains(text, want) {
				t.Errorf("huaning's card lacks %q:\n%s", want, text)
			}
		}
		// The zone opened stays in view above the sheet.
		must(ctx, t, settle())
		if got := pageEval[[]string](ctx, t, inView); !slices.Contains(got, "huaning") {
			t.Errorf("with Huaning's card open, the zones in view are %q: Huaning is under the sheet", got)
		}
		screenshot(ctx, t, "zone-phone.png")
	})

	t.Run("tabs fold the sheet", func(t *testing.T) {
		must(ctx, t, chromedp.Click(chromedp.CSS(`#tab-siting`)))
		waitURL(ctx, t, "tab", "siting")
		visibleText(ctx, t, "#tp-siting .picker__summary")
		must(ctx, t, chromedp.Click(chromedp.CSS(`#tab-siting`)))
		waitURL(ctx, t, "panel", "closed")
		if pageEval[bool](ctx, t, `getComputedStyle(document.getElementById('panel-body')).display !== 'none'`) {
			t.Error("pressing the open tab again leaves the sheet open")
		}
		// The handle unfolds it again; back folds it.
		must(ctx, t, chromedp.Click(chromedp.CSS(`.panel__handle`)))
		waitURL(ctx, t, "panel", "open")
		must(ctx, t, chromedp.NavigateBack())
		waitURL(ctx, t, "panel", "closed")
	})

	t.Run("link opens the sheet", func(t *testing.T) {
		// A link that names a zone opens on it, sheet unfolded.
		load(ctx, t, base+"/?lang=en&zone=longquan")
		if !pageEval[bool](ctx, t, `document.getElementById('app').classList.contains('is-panel-open')`) {
			t.Error("a link to a zone opens with the sheet folded")
		}
		visibleText(ctx, t, `#tp-zones .zone-card[data-zone-id="longquan"] .zone-card__name`)
		must(ctx, t, settle())
		if got := pageEval[[]string](ctx, t, inView); !slices.Contains(got, "longquan") {
			t.Errorf("a link to Longquan opens with the zones %q in view: Longquan is under the sheet", got)
		}
	})

	must(ctx, t, settle())
	checkPageLog(t, rec, hostOf(t, base))
}
