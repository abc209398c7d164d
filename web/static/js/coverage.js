// coverage.js is the panel's Coverage tab: GET api/coverage as a table of
// segments (rows, grouped by stage) × zones (columns), with the gaps (no
// zone hosts the segment: the links to fill, 补链) and the overlaps (two or
// more zones host it) named above it and marked in it, and a link to the
// same matrix as CSV.

import * as i18n from './i18n.js';
import { h, fill } from './dom.js';
import { COVERAGE_CSV } from './api.js';

/** CoverageView fills root with the coverage table, loading it on first show. */
export class CoverageView {
  /**
   * load() returns the coverage document (a promise); zoneShort(id, p)
   * shortens a zone's name; onToggle(slug) is told when the reader
   * presses a segment's name (it filters the map).
   */
  constructor(root, { chain, load, zoneShort, onToggle }) {
    this.root = root;
    this.chain = chain;
    this.load = load;
    this.zoneShort = zoneShort;
    this.onToggle = onToggle;
    this.doc = null;
    this.selected = new Set();
    this.loading = null;
    i18n.onChange(() => {
      if (this.doc) this.render();
    });
    root.addEventListener('click', (e) => {
      const b = e.target.closest('button[data-segment]');
      if (b) this.onToggle(b.dataset.segment);
    });
  }

  /** show loads the matrix the first time, then draws it. */
  show() {
    if (this.doc || this.loading) return this.loading;
    fill(this.root, h('p', { class: 'muted', role: 'status' }, i18n.t('loading.short')));
    this.loading = this.load()
      .then((doc) => {
        this.doc = doc;
        this.render();
        this.root.dataset.ready = 'true';
      })
      .catch((err) => {
        this.loading = null;
        fill(this.root, h('p', { class: 'callout callout--error', role: 'alert' },
          i18n.t('error.panel', { message: err.description || err.message })));
      });
    return this.loading;
  }

  /** setSelected marks the rows of the segments in the filter. */
  setSelected(slugs) {
    this.selected = new Set(slugs);
    for (const tr of this.root.querySelectorAll('tr[data-segment]')) {
      const on = this.selected.has(tr.dataset.segment);
      tr.classList.toggle('is-selected', on);
      tr.querySelector('button[data-segment]')?.setAttribute('aria-pressed', String(on));
    }
  }

  render() {
    const doc = this.doc;
    const parks = doc.parks || [];
    const gaps = new Set(doc.gaps || []);
    const overlaps = new Map((doc.overlaps || []).map((o) => [o.segment, o.parks]));
    const name = (slug) => i18n.name(this.chain.segment(slug));
    const parkName = (id) => {
      const p = parks.find((x) => x.id === id);
      return p ? this.zoneShort(id, p) : id;
    };
    const stages = new Map((doc.stages || []).map((s) => [s.slug, s]));
    const groups = new Map();
    for (const s of doc.segments || []) {
      if (!groups.has(s.stage)) groups.set(s.stage, []);
      groups.get(s.stage).push(s);
    }
    const cols = parks.length + 2;

    const summary = h('div', { class: 'cov-summary' },
      h('section', { class: 'cov-card cov-card--gap', 'aria-labelledby': 'cov-gaps-title' },
        h('h3', { id: 'cov-gaps-title' }, i18n.t('coverage.gaps'), ' ', h('span', { class: 'count' }, String(gaps.size))),
        gaps.size
          ? h('p', { class: 'cov-names', id: 'coverage-gaps' }, i18n.list([...gaps].map(name)))
          : h('p', { class: 'muted' }, i18n.t('coverage.noGaps')),
        h('p', { class: 'muted small' }, i18n.t('coverage.gapHint')),
      ),
      h('section', { class: 'cov-card cov-card--overlap', 'aria-labelledby': 'cov-overlaps-title' },
        h('h3', { id: 'cov-overlaps-title' }, i18n.t('coverage.overlaps'), ' ', h('span', { class: 'count' }, String(overlaps.size))),
        overlaps.size
          ? h('ul', { class: 'cov-names', id: 'coverage-overlaps' }, [...overlaps].map(([seg, ids]) =>
            h('li', {}, h('strong', {}, name(seg)), i18n.t('list.colon'), i18n.list(ids.map(parkName)))))
          : h('p', { class: 'muted' }, i18n.t('coverage.noOverlaps')),
        h('p', { class: 'muted small' }, i18n.t('coverage.overlapHint')),
      ),
    );

    const table = h('table', { class: 'cov-table', id: 'coverage-table' },
      h('caption', {}, i18n.t('coverage.caption', { chain: i18n.name(doc.chain || this.chain.chain) })),
      h('thead', {},
        h('tr', {},
          h('th', { scope: 'col', class: 'cov-seg' }, i18n.t('coverage.segment')),
          parks.map((p) => h('th', { scope: 'col', class: `cov-park${p.status === 'reserved' ? ' cov-park--reserved' : ''}`, title: i18n.name(p), 'data-park': p.id },
            h('abbr', { title: i18n.name(p) }, this.zoneShort(p.id, p)))),
          h('th', { scope: 'col', class: 'cov-n' }, i18n.t('coverage.zones')),
        )),
      [...groups].map(([stageSlug, segs]) => h('tbody', { 'data-stage': stageSlug },
        h('tr', { class: 'cov-stage' },
          h('th', { scope: 'colgroup', colspan: cols },
            h('i', { class: 'dot', style: `background:${this.chain.stageColour(stageSlug)}`, 'aria-hidden': 'true' }),
            i18n.name(stages.get(stageSlug) || this.chain.stage(stageSlug)))),
        segs.map((s) => {
          const hosts = new Set(s.parks || []);
          const gap = gaps.has(s.slug);
          const overlap = overlaps.has(s.slug);
          return h('tr', { 'data-segment': s.slug, class: gap ? 'is-gap' : overlap ? 'is-overlap' : '' },
            h('th', { scope: 'row', class: 'cov-seg' },
              h('button', {
                type: 'button', class: 'seg-toggle', 'data-segment': s.slug, 'aria-pressed': 'false',
                title: i18n.t('coverage.toggle'),
              }, i18n.name(s)),
              gap && h('span', { class: 'badge badge--gap' }, i18n.t('coverage.gap')),
              overlap && h('span', { class: 'badge badge--overlap' }, i18n.t('coverage.overlap'))),
            parks.map((p) => hosts.has(p.id)
              ? h('td', { class: 'cov-hit', 'data-park': p.id },
                h('span', { class: 'cov-dot', 'aria-hidden': 'true' }),
                h('span', { class: 'sr-only' }, i18n.t('coverage.hosts', { zone: i18n.name(p) })))
              : h('td', { class: 'cov-miss', 'data-park': p.id }, h('span', { class: 'sr-only' }, i18n.t('coverage.notHosted')))),
            h('td', { class: 'cov-n' }, String(hosts.size)),
          );
        }),
      )),
    );

    fill(this.root,
      h('p', { class: 'panel-intro' }, i18n.t('coverage.intro')),
      summary,
      h('div', { class: 'button-row' },
        h('a', { class: 'button', href: COVERAGE_CSV, download: '', id: 'coverage-csv' },
          h('span', { 'aria-hidden': 'true' }, '⤓ '), i18n.t('coverage.csv'))),
      h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': i18n.t('coverage.tableLabel') }, table),
    );
    this.setSelected([...this.selected]);
  }
}
