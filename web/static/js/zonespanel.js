// zonespanel.js is the panel's Zones tab: the segment filter with its
// count, the list of zones (the keyboard's and the screen reader's way to
// the zones, besides the map), the export of the zones in view, and, when
// a zone is open, its card in place of the list.

import * as i18n from './i18n.js';
import { h, fill } from './dom.js';
import { SegmentPicker } from './segmentpicker.js';
import { zoneCard, wireSegmentLinks } from './zonecard.js';
import { EXPORTS } from './exporter.js';

/** ZonesPanel fills root with the Zones tab. */
export class ZonesPanel {
  /**
   * zones is the ZoneLayer; counties maps county codes to properties;
   * sources is the SourceIndex;
   * projectsIn(id) lists a zone's projects. The callbacks tell the page
   * what the reader asked for: onSelect(id) ('' to go back to the list),
   * onFilter(slugs), onHover(id or null), onExport('geojson' | 'csv').
   */
  constructor(root, { chain, zones, counties, sources, projectsIn, onSelect, onFilter, onHover, onExport }) {
    this.root = root;
    this.chain = chain;
    this.sources = sources;
    this.zones = zones;
    this.counties = counties;
    this.projectsIn = projectsIn;
    this.onSelect = onSelect;
    this.onHover = onHover;
    this.onExport = onExport;
    this.state = { seg: [], zone: '', inView: [], highlight: null };
    this.picker = new SegmentPicker({ chain, mode: 'multi', name: 'segment-filter', onChange: (slugs) => onFilter(slugs) });
    this.build();
    i18n.onChange(() => this.build());
  }

  build() {
    this.count = h('p', { class: 'filter__count', id: 'filter-count', role: 'status', 'aria-live': 'polite' });
    this.list = h('ul', { class: 'zone-list', id: 'zone-list', 'aria-label': i18n.t('zones.listLabel') },
      this.zones.ids().map((id) => h('li', {}, this.item(id))));
    this.exportCount = h('p', { class: 'muted small', id: 'export-count' });
    this.browse = h('div', { class: 'zones-tab__browse' },
      h('section', { class: 'filter', 'aria-labelledby': 'filter-title' },
        h('h2', { class: 'panel-h', id: 'filter-title' }, i18n.t('filter.title')),
        this.picker.el,
        this.count,
      ),
      h('section', { class: 'zone-list-section', 'aria-labelledby': 'zone-list-title' },
        h('h2', { class: 'panel-h', id: 'zone-list-title' }, i18n.t('zones.title'), ' ',
          h('span', { class: 'count' }, String(this.zones.ids().length))),
        this.list,
      ),
      h('section', { class: 'export', 'aria-labelledby': 'export-title' },
        h('h2', { class: 'panel-h', id: 'export-title' }, i18n.t('export.title')),
        this.exportCount,
        h('div', { class: 'button-row' },
          ...EXPORTS.map(({ kind }) => h('button', { type: 'button', class: 'button', 'data-export': kind }, i18n.t(`export.${kind}`))),
        ),
      ),
    );
    this.detail = h('div', { class: 'zones-tab__detail', hidden: true });
    fill(this.root, this.browse, this.detail);

    this.list.addEventListener('click', (e) => {
      const b = e.target.closest('button[data-zone-id]');
      if (b) this.onSelect(b.dataset.zoneId, { fromList: true });
    });
    this.list.addEventListener('mouseover', (e) => {
      const b = e.target.closest('button[data-zone-id]');
      this.onHover(b ? b.dataset.zoneId : null);
    });
    this.list.addEventListener('mouseleave', () => this.onHover(null));
    this.list.addEventListener('focusin', (e) => {
      const b = e.target.closest('button[data-zone-id]');
      if (b) this.onHover(b.dataset.zoneId);
    });
    this.list.addEventListener('focusout', () => this.onHover(null));
    this.browse.querySelector('.export').addEventListener('click', (e) => {
      const b = e.target.closest('button[data-export]');
      if (b) this.onExport(b.dataset.export);
    });
    wireSegmentLinks(this.detail, (slug) => this.onFilterOne(slug));
    this.detail.addEventListener('click', (e) => {
      if (e.target.closest('button.back')) this.onSelect('', { back: true });
    });
    // Escape leaves a zone's card for the list, as its back button does.
    this.detail.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        this.onSelect('', { back: true });
      }
    });
    this.shown = null;
    this.update(this.state);
  }

  /** onFilterOne filters the map by one segment, from a zone card. */
  onFilterOne(slug) {
    this.picker.commit([slug]);
  }

  item(id) {
    const f = this.zones.feature(id);
    const p = f.properties;
    const look = this.zones.look(f);
    const county = this.counties.get(p.county_code);
    const meta = [
      county ? i18n.name(county) : p.county_code,
      i18n.t(`status.${p.status}`),
      i18n.t('zones.segmentsCount', { n: (p.segments || []).length }),
    ].filter(Boolean).join(' · ');
    return h('button', {
      type: 'button',
      class: 'zone-item',
      'data-zone-id': id,
      'aria-label': `${i18n.name(p)}: ${meta}`,
    },
    h('span', { class: `swatch${look.reserved ? ' swatch--reserved' : ''}`, style: `--swatch:${look.colour}`, 'aria-hidden': 'true' }),
    h('span', { class: 'zone-item__text' },
      h('span', { class: 'zone-item__name' }, i18n.name(p)),
      h('span', { class: 'zone-item__meta' }, meta)),
    h('span', { class: 'zone-item__stages', 'aria-hidden': 'true' },
      look.stages.map((s) => h('i', { class: 'dot', style: `background:${this.chain.stageColour(s)}` }))),
    h('span', { class: 'zone-item__chevron', 'aria-hidden': 'true' }, '›'),
    );
  }

  /**
   * update shows the state: {seg, zone, highlight (Set of the zones the
   * filter picks, or null), inView (ids of the zones to export)}.
   */
  update(state) {
    this.state = { ...this.state, ...state };
    const { seg, zone, highlight, inView } = this.state;
    this.picker.set(seg);

    const total = this.zones.ids().length;
    if (!highlight) {
      this.count.textContent = i18n.t('filter.none', { total });
      this.count.dataset.count = String(total);
    } else {
      const names = this.zones.ids().filter((id) => highlight.has(id)).map((id) => i18n.name(this.zones.feature(id).properties));
      fill(this.count,
        h('strong', {}, i18n.t('filter.count', { n: highlight.size, total })),
        names.length ? h('span', { class: 'filter__names' }, i18n.list(names)) : null,
      );
      this.count.dataset.count = String(highlight.size);
    }
    this.count.classList.toggle('is-active', !!highlight);

    for (const b of this.list.querySelectorAll('button[data-zone-id]')) {
      const id = b.dataset.zoneId;
      b.classList.toggle('is-faded', !!highlight && !highlight.has(id));
      b.classList.toggle('is-highlighted', !!highlight && highlight.has(id));
      if (id === zone) b.setAttribute('aria-current', 'true'); else b.removeAttribute('aria-current');
    }

    this.exportCount.textContent = i18n.t(seg.length ? 'export.countFiltered' : 'export.count', { n: inView.length });
    for (const b of this.browse.querySelectorAll('button[data-export]')) b.disabled = inView.length === 0;

    const f = zone && this.zones.feature(zone);
    if (f) {
      if (this.shown !== zone) {
        const card = zoneCard(f, {
          chain: this.chain,
          counties: this.counties,
          sources: this.sources,
          projects: this.projectsIn(zone),
          look: this.zones.look(f),
          zoneName: (id) => {
            const z = this.zones.feature(id);
            return z ? i18n.name(z.properties) : id;
          },
        });
        fill(this.detail,
          h('button', { type: 'button', class: 'back link-button' },
            h('span', { 'aria-hidden': 'true' }, '‹ '), i18n.t('zones.back')),
          card,
        );
        this.shown = zone;
      }
      // The card marks the zone's segments that the filter picks.
      const chosen = new Set(seg);
      for (const b of this.detail.querySelectorAll('button.seg-link')) {
        b.classList.toggle('is-filtered', chosen.has(b.dataset.segment));
      }
      this.detail.hidden = false;
      this.browse.hidden = true;
    } else {
      this.detail.hidden = true;
      this.browse.hidden = false;
      this.shown = null;
    }
  }

  /** focusCard moves the keyboard focus to the open zone's name. */
  focusCard() {
    this.detail.querySelector('.zone-card__name')?.focus();
  }

  /** focusItem moves the keyboard focus to a zone's item in the list. */
  focusItem(id) {
    this.list.querySelector(`button[data-zone-id="${CSS.escape(id)}"]`)?.focus();
  }

  /** setHover marks the list item of the zone the reader points at. */
  setHover(id) {
    for (const b of this.list.querySelectorAll('button[data-zone-id]')) {
      b.classList.toggle('is-hover', b.dataset.zoneId === id);
    }
  }

  /** exportFailed says, where the count was, that an export could not be made. */
  exportFailed(message) {
    this.exportCount.textContent = i18n.t('export.failed', { message });
  }
}
