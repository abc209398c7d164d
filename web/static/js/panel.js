// panel.js runs the side panel: its tabs (the ARIA tabs pattern: arrow
// keys move between them) and whether it is open. On a wide screen the
// panel sits beside the map and folds away to the left; on a narrow one
// (a phone held upright) it is a bottom sheet whose tab bar stays in reach.

import * as i18n from './i18n.js';

/** NARROW is the media query under which the panel is a bottom sheet. */
export const NARROW = '(max-width: 720px)';

/** Panel wires the panel's tabs and its open and close buttons. */
export class Panel {
  /**
   * app is the element holding panel and map; onTab(tab, {toggle}) is told
   * when a tab is pressed (toggle: the open tab was pressed again, on a
   * phone); onOpen(open) when a fold button is.
   */
  constructor(app, { onTab, onOpen }) {
    this.app = app;
    this.tabs = [...app.querySelectorAll('[role="tab"][data-tab]')];
    this.panels = [...app.querySelectorAll('[role="tabpanel"][data-tab]')];
    this.tab = this.tabs[0].dataset.tab;
    this.open = true;
    this.narrow = window.matchMedia(NARROW);
    this.onOpen = onOpen;

    for (const b of this.tabs) {
      b.addEventListener('click', () => onTab(b.dataset.tab, { toggle: b.dataset.tab === this.tab && this.open }));
      b.addEventListener('keydown', (e) => {
        const i = this.tabs.indexOf(b);
        const n = this.tabs.length;
        const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: n - 1 }[e.key];
        if (to === undefined) return;
        e.preventDefault();
        const next = this.tabs[(to + n) % n];
        next.focus();
        onTab(next.dataset.tab, { toggle: false, keyboard: true });
      });
    }
    for (const b of app.querySelectorAll('[data-panel-toggle]')) {
      b.addEventListener('click', () => onOpen(!this.open));
    }
    this.narrow.addEventListener('change', () => this.sync());
    i18n.onChange(() => this.sync());
  }

  /** isNarrow says whether the panel is a bottom sheet now. */
  isNarrow() {
    return this.narrow.matches;
  }

  /** update shows the tab, open or folded. */
  update({ tab, open }) {
    this.tab = tab;
    this.open = open;
    this.sync();
  }

  sync() {
    for (const b of this.tabs) {
      const on = b.dataset.tab === this.tab;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
    }
    for (const p of this.panels) p.hidden = p.dataset.tab !== this.tab;
    this.app.dataset.tab = this.tab;
    this.app.classList.toggle('is-panel-open', this.open);
    this.app.classList.toggle('is-panel-closed', !this.open);
    for (const b of this.app.querySelectorAll('[data-panel-toggle]')) {
      b.setAttribute('aria-expanded', String(this.open));
      const key = this.open ? 'panel.close' : 'panel.open';
      b.setAttribute('aria-label', i18n.t(key));
      b.setAttribute('title', i18n.t(key));
    }
  }

  /** panelFor returns the tab panel element of a tab. */
  panelFor(tab) {
    return this.panels.find((p) => p.dataset.tab === tab);
  }

  /** covered returns how many pixels of the map the panel hides at its bottom (the sheet). */
  covered() {
    if (!this.isNarrow()) return 0;
    const sheet = this.app.querySelector('.panel');
    return sheet ? sheet.getBoundingClientRect().height : 0;
  }
}
