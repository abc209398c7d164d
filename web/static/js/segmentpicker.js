// segmentpicker.js is the chooser of chain segments used by the segment
// filter (several at once: checkboxes) and by the siting panel (one:
// radios). Segments are grouped by stage, each with how many zones host it
// (or a gap mark), and a search box narrows them by Chinese or English
// name or by slug. The chosen ones show as removable chips.

import * as i18n from './i18n.js';
import { h, fill } from './dom.js';

let pickers = 0;

/** SegmentPicker is one chooser; its element is .el. */
export class SegmentPicker {
  /**
   * chain is a ChainIndex. mode is 'multi' or 'single'. onChange(slugs) is
   * told the new choice (in chain order) when the reader changes it.
   */
  constructor({ chain, mode = 'multi', name, onChange = () => {}, open = false }) {
    this.chain = chain;
    this.mode = mode;
    this.name = name || `picker-${++pickers}`;
    this.onChange = onChange;
    this.selected = [];
    this.query = '';
    this.el = h('div', { class: `picker picker--${mode}`, 'data-picker': this.name });
    this.startOpen = open;
    this.render();
    i18n.onChange(() => this.render());
  }

  /** set shows this choice (slugs) without telling onChange. */
  set(slugs) {
    const next = this.chain.sortSlugs(slugs || []);
    if (next.join(',') === this.selected.join(',')) return;
    this.selected = next;
    this.sync();
  }

  /** setOpen unfolds (true) or folds the list of segments. */
  setOpen(open) {
    this.details.open = open;
  }

  /** focus moves the keyboard focus to the picker's summary. */
  focus() {
    this.el.querySelector('summary')?.focus();
  }

  render() {
    const wasOpen = this.details ? this.details.open : this.startOpen;
    const listId = `${this.name}-list`;
    const type = this.mode === 'multi' ? 'checkbox' : 'radio';
    this.chosen = h('div', { class: 'picker__chosen' });
    this.summaryText = h('span', { class: 'picker__summary-text' });
    this.search = h('input', {
      type: 'search',
      class: 'picker__search',
      placeholder: i18n.t('picker.search'),
      'aria-label': i18n.t('picker.searchLabel'),
      'aria-controls': listId,
      autocomplete: 'off',
      spellcheck: 'false',
    });
    this.search.value = this.query;
    this.none = h('p', { class: 'picker__none', hidden: true }, i18n.t('picker.none'));
    this.groups = h('div', { class: 'picker__groups', id: listId },
      this.chain.grouped().map(({ stage, segments }) =>
        h('fieldset', { class: 'picker__group', 'data-stage': stage.slug },
          h('legend', {},
            h('i', { class: 'dot', style: `background:${this.chain.stageColour(stage.slug)}`, 'aria-hidden': 'true' }),
            i18n.name(stage)),
          segments.map((s) => {
            const hosts = this.chain.hosts(s.slug).length;
            return h('label', {
              class: 'picker__option',
              'data-segment': s.slug,
              'data-search': [s.name_zh, s.name_en, s.slug].join(' ').toLowerCase(),
            },
            h('input', { type, name: this.name, value: s.slug }),
            h('span', { class: 'picker__names' },
              h('span', { class: 'picker__name' }, i18n.name(s)),
              h('span', { class: 'picker__alt' }, i18n.language() === 'en' ? s.name_zh : s.name_en)),
            hosts > 0
              ? h('span', { class: 'picker__hosts', title: i18n.t('picker.hosts', { n: hosts }) }, String(hosts))
              : h('span', { class: 'badge badge--gap', title: i18n.t('coverage.gapHint') }, i18n.t('coverage.gap')),
            );
          }),
        )),
    );
    this.details = h('details', { class: 'picker__details' },
      h('summary', { class: 'picker__summary' }, this.summaryText),
      h('div', { class: 'picker__body' }, this.search, this.groups, this.none),
    );
    this.details.open = wasOpen;
    fill(this.el, ...(this.mode === 'multi' ? [this.chosen] : []), this.details);

    this.search.addEventListener('input', () => {
      this.query = this.search.value;
      this.filter();
    });
    this.search.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') e.preventDefault();
    });
    // Enter picks the only match, so a slug typed in full is a choice. It
    // acts on keyup: had it moved the focus on keydown, the key's press
    // would land on the summary and unfold the list again.
    this.search.addEventListener('keyup', (e) => {
      if (e.key === 'Enter') {
        const shown = this.options().filter((o) => !o.hidden);
        if (shown.length === 1) {
          this.search.value = '';
          this.query = '';
          this.filter();
          this.toggle(shown[0].dataset.segment);
        }
      }
    });
    this.search.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.search.value) {
        e.stopPropagation();
        this.search.value = '';
        this.query = '';
        this.filter();
      }
    });
    this.groups.addEventListener('change', (e) => {
      const input = e.target;
      if (input.type === 'checkbox') {
        const set = new Set(this.selected);
        if (input.checked) set.add(input.value); else set.delete(input.value);
        this.commit([...set]);
      } else if (input.checked) {
        this.commit([input.value]);
      }
    });
    this.chosen.addEventListener('click', (e) => {
      const b = e.target.closest('button');
      if (!b) return;
      if (b.dataset.remove) this.commit(this.selected.filter((s) => s !== b.dataset.remove));
      if (b.hasAttribute('data-clear')) this.commit([]);
      this.focus();
    });
    this.filter();
    this.sync();
  }

  options() {
    return [...this.groups.querySelectorAll('.picker__option')];
  }

  toggle(slug) {
    if (this.mode === 'single') return this.commit([slug]);
    const set = new Set(this.selected);
    if (set.has(slug)) set.delete(slug); else set.add(slug);
    return this.commit([...set]);
  }

  commit(slugs) {
    this.selected = this.chain.sortSlugs(slugs);
    this.sync();
    if (this.mode === 'single' && this.selected.length > 0) {
      this.details.open = false;
      this.focus();
    }
    this.onChange(this.selected);
  }

  // filter shows the options matching every word of the query.
  filter() {
    const words = this.query.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const o of this.options()) {
      const hit = words.every((w) => o.dataset.search.includes(w));
      o.hidden = !hit;
      if (hit) shown++;
    }
    for (const g of this.groups.querySelectorAll('.picker__group')) {
      g.hidden = ![...g.querySelectorAll('.picker__option')].some((o) => !o.hidden);
    }
    this.none.hidden = shown > 0;
  }

  // sync shows the choice: the inputs, the chips and the summary.
  sync() {
    const set = new Set(this.selected);
    for (const input of this.groups.querySelectorAll('input')) input.checked = set.has(input.value);
    for (const o of this.options()) o.classList.toggle('is-chosen', set.has(o.dataset.segment));
    if (this.mode === 'multi') {
      this.summaryText.textContent = this.selected.length
        ? i18n.t('picker.chooseMore', { n: this.selected.length })
        : i18n.t('picker.choose');
      fill(this.chosen,
        ...this.selected.map((slug) => {
          const s = this.chain.segment(slug);
          return h('button', {
            type: 'button',
            class: 'chip',
            'data-remove': slug,
            'aria-label': i18n.t('picker.remove', { name: i18n.name(s) }),
            title: i18n.t('picker.remove', { name: i18n.name(s) }),
          },
          h('i', { class: 'dot', style: `background:${this.chain.stageColour(s.stage)}`, 'aria-hidden': 'true' }),
          i18n.name(s),
          h('span', { class: 'chip__x', 'aria-hidden': 'true' }, '×'));
        }),
        this.selected.length > 1 && h('button', { type: 'button', class: 'link-button', 'data-clear': '' }, i18n.t('picker.clear')),
      );
      this.chosen.hidden = this.selected.length === 0;
    } else {
      const s = this.selected[0] && this.chain.segment(this.selected[0]);
      fill(this.summaryText, s
        ? h('span', { class: 'picker__current' },
          h('i', { class: 'dot', style: `background:${this.chain.stageColour(s.stage)}`, 'aria-hidden': 'true' }),
          h('strong', {}, i18n.name(s)),
          h('span', { class: 'picker__current-stage' }, ` · ${i18n.name(this.chain.stage(s.stage))}`))
        : i18n.t('picker.chooseOne'));
    }
  }
}
