package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserViews drives the desktop page through what issue 8 found
// rough: English counts and lists, a link copied after folding the panel,
// the map zoomed in past its counties, and the chain diagram's labels and
// flows. It has a browser and a time
// budget of its own, apart from TestBrowserMap's.
func TestBrowserViews(t *testing.T) {
	ctx, base, rec := browse(t, 1280, 800)
	desktop(ctx, t)

	t.Run("plurals and lists", func(t *testing.T) {
		// English counts agree with their number, and English lists are
		// joined the English way (issue 8, item 21).
		load(ctx, t, base+"/?lang=en&seg=cells")
		if got := visibleText(ctx, t, "#export-count"); got != "The 1 zone in view that matches the filter." {
			t.Errorf("export count = %q", got)
		}
		if got := visibleText(ctx, t, "#filter-count strong"); got != "1 of 4 zones hosts the chosen segments" {
			t.Errorf("filter count = %q", got)
		}
		type msg struct {
			Key  string         `json:"key"`
			Vars map[string]int `json:"vars"`
			Want string         `json:"want"`
		}
		for _, m := range []msg{
			{"zones.segmentsCount", map[string]int{"n": 1}, "1 segment"},
			{"zones.segmentsCount", map[string]int{"n": 2}, "2 segments"},
			{"export.count", map[string]int{"n": 1}, "The 1 zone in view."},
			{"export.count", map[string]int{"n": 0}, "No zone in view."},
			{"picker.hosts", map[string]int{"n": 1}, "hosted by 1 zone"},
			{"subtitle.counts", map[string]int{"zones": 1, "projects": 1, "counties": 1}, "1 zone · 1 project · 1 county or district"},
			{"subtitle.counts", map[string]int{"zones": 4, "projects": 5, "counties": 9}, "4 zones · 5 projects · 9 counties and districts"},
			{"project.here", map[string]int{"n": 2}, "2 projects here (at their zone's schematic position)"},
			{"error.retryIn", map[string]int{"n": 1}, "Trying again in 1 second."},
		} {
			vars, _ := json.Marshal(m.Vars)
			got := must(ctx, t, chromedp.Evaluate[string](fmt.Sprintf(`import('./js/i18n.js').then((i) => i.t(%q, %s))`, m.Key, vars), chromedp.EvalAwaitPromise))
			if got != m.Want {
				t.Errorf("t(%s, %s) = %q, want %q", m.Key, vars, got, m.Want)
			}
		}
		lists := must(ctx, t, chromedp.Evaluate[[]string](`import('./js/i18n.js').then((i) => [i.list(['A']), i.list(['A', 'B']), i.list(['A', 'B', 'C'])])`, chromedp.EvalAwaitPromise))
		if want := []string{"A", "A and B", "A, B and C"}; !slices.Equal(lists, want) {
			t.Errorf("English lists = %q, want %q", lists, want)
		}
		// No English text on any tab is joined with the Chinese '、'.
		for _, tab := range []string{"zones", "chain", "coverage", "projects", "siting"} {
			load(ctx, t, base+"/?lang=en&tab="+tab+"&site=electrolyte&zone=longquan")
			if tab == "coverage" {
				waitVisible(ctx, t, `#coverage-table`)
			}
			if tab == "siting" {
				waitJS(ctx, t, `document.getElementById('siting-results').dataset.ready === 'electrolyte|en'`)
			}
			joined := pageEval[[]string](ctx, t, `(() => {
				const out = [];
				const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
				for (let n = walk.nextNode(); n; n = walk.nextNode()) {
					const el = n.parentElement;
					if (el.closest('[lang="zh-Hans"], .source, [hidden]') || !n.textContent.includes('、')) continue;
					out.push(n.textContent.trim().slice(0, 80));
				}
				return out;
			})()`)
			if len(joined) > 0 {
				t.Errorf("on the %s tab in English, text joined with '、': %q", tab, joined)
			}
		}
	})

	t.Run("panel fold keeps the link", func(t *testing.T) {
		// Folding the panel widens the map: the page frames the zones again
		// and keeps the view out of the URL (the reader has not moved it), so
		// a link copied now opens the view shown (issue 8, item 17).
		load(ctx, t, base+"/?lang=en")
		must(ctx, t, settle())
		view := `(() => { const r = document.querySelector('path.zone[data-zone-id="longquan"]').getBoundingClientRect();
			return [Math.round(r.left), Math.round(r.top), Math.round(r.width)]; })()`
		before := pageEval[[]float64](ctx, t, view)
		for i, want := range []string{"closed", "open", "closed"} {
			must(ctx, t, chromedp.Click(chromedp.CSS(`#panel-toggle`)))
			waitURL(ctx, t, "panel", want)
			must(ctx, t, settle())
			if at := pageEval[string](ctx, t, `new URL(location.href).searchParams.get('at') || ''`); at != "" {
				t.Errorf("after fold %d the URL has at=%s, though the reader never moved the map", i+1, at)
			}
			if i == 0 && slices.Equal(pageEval[[]float64](ctx, t, view), before) {
				t.Error("the map did not re-frame the zones when the panel folded")
			}
			if out := pageEval[[]string](ctx, t, `[...document.querySelectorAll('path.zone')].filter((p) => {
				const r = p.getBoundingClientRect(), m = document.getElementById('map').getBoundingClientRect();
				return r.left < m.left || r.right > m.right || r.top < m.top || r.bottom > m.bottom;
			}).map((p) => p.dataset.zoneId)`); len(out) > 0 {
				t.Errorf("after fold %d, zones out of view: %q", i+1, out)
			}
		}
		shown := pageEval[[]float64](ctx, t, view)
		link := must(ctx, t, chromedp.Location())
		tab, closeTab := chromedp.NewContext(ctx, chromedp.WithListener(rec.listen))
		defer closeTab()
		if err := chromedp.Do(tab); err != nil {
			t.Fatalf("open a tab: %v", err)
		}
		desktop(tab, t)
		load(tab, t, link)
		must(tab, t, settle())
		if again := pageEval[[]float64](tab, t, view); !slices.Equal(again, shown) {
			t.Errorf("the link %s opens Longquan at %v (left, top, width), but the page showed it at %v", link, again, shown)
		}
		if closeErr := chromedp.Cancel(tab); closeErr != nil && !errors.Is(closeErr, context.Canceled) {
			t.Logf("close the tab: %v", closeErr)
		}
	})

	t.Run("zoomed past the counties", func(t *testing.T) {
		// Closer than the counties can show, the map says why it is a blank
		// plane (issue 8, item 19); at the usual zoom it says nothing.
		load(ctx, t, base+"/?lang=en")
		if pageEval[bool](ctx, t, `!document.getElementById('detail-hint').hidden`) {
			t.Error("the zoom hint shows at the first view")
		}
		load(ctx, t, base+"/?lang=en&at=13.5/24.35/102.55")
		if hint := visibleText(ctx, t, "#detail-hint"); !strings.Contains(hint, "only county borders") {
			t.Errorf("zoomed in, the hint says %q", hint)
		}
		must(ctx, t, settle())
		screenshot(ctx, t, "zoomed-in.png")
	})

	t.Run("chain diagram whole", func(t *testing.T) {
		// Every label is whole (issue 8, item 19): no name or zone list cut
		// short with an ellipsis, and each node's full text on hover.
		for _, lang := range []string{"zh-Hans", "en"} {
			load(ctx, t, base+"/?tab=chain&lang="+lang)
			waitVisible(ctx, t, `.chain-svg`)
			cut := pageEval[[]string](ctx, t, `[...document.querySelectorAll('.chain-svg .node text')].map((t) => t.textContent).filter((t) => t.includes('…'))`)
			if len(cut) > 0 {
				t.Errorf("chain labels cut short in %s: %q", lang, cut)
			}
			untitled := pageEval[[]string](ctx, t, `[...document.querySelectorAll('.chain-svg .node')].filter((n) => {
				const tip = n.querySelector(':scope > title');
				return !tip || !tip.textContent.includes(n.querySelector('.node__name').textContent.slice(0, 3));
			}).map((n) => n.dataset.segment)`)
			if len(untitled) > 0 {
				t.Errorf("chain nodes without their full text as a tooltip in %s: %q", lang, untitled)
			}
			// No flow runs behind a box other than its own two ends.
			behind := pageEval[[]string](ctx, t, `(() => {
				const boxes = [...document.querySelectorAll('.chain-svg .node')].map((n) => ({ slug: n.dataset.segment, r: n.querySelector('.node__box').getBoundingClientRect() }));
				const out = [];
				for (const p of document.querySelectorAll('.chain-svg path.flow')) {
					const m = p.getScreenCTM();
					const len = p.getTotalLength();
					for (let d = 0; d <= len; d += 2) {
						const q = p.getPointAtLength(d).matrixTransform(m);
						const hit = boxes.find((b) => b.slug !== p.dataset.from && b.slug !== p.dataset.to &&
							q.x > b.r.left + 1 && q.x < b.r.right - 1 && q.y > b.r.top + 1 && q.y < b.r.bottom - 1);
						if (hit) { out.push(p.dataset.from + '→' + p.dataset.to + ' behind ' + hit.slug); break; }
					}
				}
				return out;
			})()`)
			if len(behind) > 0 {
				t.Errorf("flows running behind boxes in %s: %q", lang, behind)
			}
		}
		must(ctx, t, settle())
		screenshot(ctx, t, "chain-en.png")
	})

	t.Run("sources", func(t *testing.T) {
		// A zone's sources read as a reader's list: each title on its line,
		// linked when its address is known, then publisher and date.
		load(ctx, t, base+"/?lang=en&zone=longquan")
		src := `#tp-zones .zone-card__sources`
		waitVisible(ctx, t, src)
		lines := pageEval[[]float64](ctx, t, `[...document.querySelectorAll('`+src+` .source[data-source="yuxi-gov-2018-06-01"] > *')].map((e) => e.getBoundingClientRect().top)`)
		if len(lines) != 3 || lines[1] <= lines[0] {
			t.Errorf("the Longquan plan's source lays out title, publisher and host at heights %v, want the title on a line of its own", lines)
		}
		pageEval[bool](ctx, t, `(() => { document.querySelector('`+src+`').scrollIntoView(); return true; })()`)
		must(ctx, t, settle())
		screenshot(ctx, t, "sources.png")
	})

	must(ctx, t, settle())
	checkPageLog(t, rec, hostOf(t, base))
}
