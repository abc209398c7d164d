package main

import (
	"strings"
	"testing"

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

	t.Run("zone opens the sheet", func(t *testing.T) {
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
	})

	must(ctx, t, settle())
	checkPageLog(t, rec, hostOf(t, base))
}
