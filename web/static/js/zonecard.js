// zonecard.js renders what the map says about one zone: names, status,
// county, area, its chain segments in both languages, its note and sources.
// The popup shows it now; the planner's side panel can reuse it.

import * as i18n from './i18n.js';
import { h } from './dom.js';

/**
 * ChainIndex looks up the names of a chain's segments and stages by slug.
 * Built from GET api/chain.
 */
export class ChainIndex {
  constructor(chain) {
    this.chain = chain;
    this.segments = new Map((chain.segments || []).map((s) => [s.slug, s]));
    this.stages = new Map((chain.stages || []).map((s) => [s.slug, s]));
  }

  /** segment returns the segment with this slug, or a stand-in named by the slug. */
  segment(slug) {
    return this.segments.get(slug) || { slug, name_zh: slug, name_en: slug, stage: '' };
  }
}

/**
 * zoneCard returns the element describing a zone (a parks feature). counties
 * maps county codes to their properties; chain is a ChainIndex.
 */
export function zoneCard(feature, { chain, counties }) {
  const p = feature.properties;
  const lang = i18n.language();
  const county = counties.get(p.county_code);
  const segments = p.segments || [];

  const rows = [
    row('card.status', h('span', { class: `status status--${p.status}` }, i18n.t(`status.${p.status}`))),
    county && row('card.county', i18n.name(county)),
    typeof p.area_ha === 'number' &&
      row('card.area', i18n.t('card.areaValue', {
        value: i18n.number(p.area_ha),
        accuracy: i18n.t(`accuracy.${p.geometry_accuracy || 'schematic'}`),
      })),
    typeof p.planned_area_km2 === 'number' &&
      row('card.plannedArea', i18n.t('card.plannedAreaValue', { value: i18n.number(p.planned_area_km2, 2) })),
  ];

  const note = lang === 'en' ? p.note_en || p.note_zh : p.note_zh || p.note_en;

  return h('article', { class: 'zone-card', 'data-zone-id': feature.id, lang },
    h('header', { class: 'zone-card__head' },
      h('h2', { class: 'zone-card__name', lang: 'zh-Hans' }, p.name_zh),
      h('p', { class: 'zone-card__name-en', lang: 'en' }, p.name_en),
    ),
    h('dl', { class: 'zone-card__facts' }, rows),
    h('section', { class: 'zone-card__segments' },
      h('h3', {}, i18n.t('card.segments')),
      segments.length > 0
        ? h('ul', { class: 'segments' }, segments.map((slug) => {
          const s = chain.segment(slug);
          return h('li', { 'data-segment': slug },
            h('span', { class: 'segments__zh', lang: 'zh-Hans' }, s.name_zh),
            h('span', { class: 'segments__en', lang: 'en' }, s.name_en),
          );
        }))
        : h('p', { class: 'zone-card__empty' }, i18n.t('card.noSegments')),
    ),
    note && h('section', { class: 'zone-card__note' },
      h('h3', {}, i18n.t('card.note')),
      h('p', {}, note),
    ),
    (p.sources || []).length > 0 && h('section', { class: 'zone-card__sources' },
      h('h3', {}, i18n.t('card.sources')),
      h('ul', {}, p.sources.map((s) => h('li', {}, source(s)))),
    ),
  );
}

function row(key, value) {
  return [h('dt', {}, i18n.t(key)), h('dd', {}, value)];
}

// source renders "publisher date: title (url)" with the URL as a link; any
// other text stays as it is.
function source(text) {
  const m = /^(.*?)\s*\((https?:\/\/[^\s()]+)\)\s*$/.exec(text);
  if (!m) return text;
  let host = m[2];
  try {
    host = new URL(m[2]).host;
  } catch {
    // Not a URL after all: show it whole.
  }
  return [m[1], ' ', h('a', { href: m[2], target: '_blank', rel: 'noopener noreferrer' }, host)];
}
