// legend.js is the map's legend: what a zone's fill, its hatching, a
// planned zone's dashes and its label's chips mean, what a faded zone is,
// and the project symbol. It folds into a button; on a phone it starts
// folded.

import * as i18n from './i18n.js';
import { h, fill } from './dom.js';
import { NO_STAGE_COLOUR, RESERVED_COLOUR } from './zones.js';

const L = window.L;

// The legend starts unfolded on maps at least this wide (CSS pixels).
const OPEN_FROM = 640;

/** Legend is a Leaflet control. */
export const Legend = L.Control.extend({
  options: { position: 'bottomleft' },

  /**
   * chain is a ChainIndex; options.dataDate the data's date ('' if unknown),
   * options.syntheticProjects whether every placed project is made up.
   */
  initialize(chain, options) {
    L.setOptions(this, options);
    this.chain = chain;
  },

  onAdd(map) {
    this.box = h('details', { class: 'legend', id: 'legend' });
    // Unfolded on a roomy map, folded on a narrow one, until the reader
    // folds or unfolds it.
    const fit = () => {
      if (!this.chosen) this.box.open = map.getSize().x >= OPEN_FROM;
    };
    fit();
    map.on('resize', fit);
    L.DomEvent.disableClickPropagation(this.box);
    L.DomEvent.disableScrollPropagation(this.box);
    this.box.addEventListener('click', (e) => {
      if (e.target.closest('summary')) this.chosen = true;
    });
    this.render();
    this.relabel = () => this.render();
    i18n.onChange(this.relabel);
    return this.box;
  },

  render() {
    const open = this.box.open;
    const stages = this.chain.stageList;
    fill(this.box,
      h('summary', { class: 'legend__summary' }, i18n.t('legend.title')),
      h('div', { class: 'legend__body' },
        h('p', { class: 'legend__head' }, i18n.t('legend.fill')),
        h('ul', { class: 'legend__list legend__list--stages' }, stages.map((s) =>
          h('li', {}, h('i', { class: 'swatch', style: `--swatch:${this.chain.stageColour(s.slug)}`, 'aria-hidden': 'true' }), i18n.name(s)))),
        h('ul', { class: 'legend__list' },
          h('li', {}, h('i', { class: 'swatch swatch--reserved', style: `--swatch:${RESERVED_COLOUR}`, 'aria-hidden': 'true' }),
            i18n.t('legend.reserved')),
          h('li', {}, h('i', { class: 'swatch swatch--planned', style: `--swatch:${NO_STAGE_COLOUR}`, 'aria-hidden': 'true' }),
            i18n.t('legend.planned')),
          h('li', {}, h('i', { class: 'legend__chips', 'aria-hidden': 'true' },
            stages.slice(2, 5).map((s) => h('b', { style: `background:${this.chain.stageColour(s.slug)}` }))),
          i18n.t('legend.chips')),
          h('li', {}, h('i', { class: 'swatch swatch--faded', 'aria-hidden': 'true' }), i18n.t('legend.faded')),
          h('li', {}, h('i', { class: 'legend__pin', 'aria-hidden': 'true' }),
            i18n.t(this.options.syntheticProjects ? 'legend.projectSynthetic' : 'legend.project')),
        ),
        // On a phone the header has no room for the data's date: it is here.
        this.options.dataDate && h('p', { class: 'legend__date' },
          i18n.t('legend.date', { date: i18n.date(this.options.dataDate) })),
      ),
    );
    this.box.open = open;
  },
});
