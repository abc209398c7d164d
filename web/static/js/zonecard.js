// zonecard.js renders what the panel says about one zone: its names,
// county, status and area, its chain segments grouped by stage, the
// projects in it with their figures, its note, its sources, and that its
// boundary is schematic.

import * as i18n from './i18n.js';
import { h } from './dom.js';
import { projectCard } from './projects.js';

/**
 * zoneCard returns the element describing a zone (a parks feature).
 * chain is a ChainIndex; counties maps county codes to their properties;
 * projects lists the zone's projects (features); look is the zone's
 * {colour, reserved} on the map; zoneName(id) names a zone; sources is the
 * SourceIndex. Its segments
 * are buttons (.seg-link): wireSegmentLinks makes them filter the map.
 */
export function zoneCard(feature, { chain, counties, sources, projects = [], look, zoneName }) {
  const p = feature.properties;
  const county = counties.get(p.county_code);
  const segments = p.segments || [];
  const accuracy = p.geometry_accuracy || 'schematic';
  const swatch = h('span', {
    class: `swatch${look.reserved ? ' swatch--reserved' : ''}`,
    style: `--swatch:${look.colour}`,
    'aria-hidden': 'true',
  });

  const facts = [
    row('card.status', h('span', { class: `status status--${p.status}` }, i18n.t(`status.${p.status}`))),
    county && row('card.county', [i18n.name(county), ' ', h('span', { class: 'muted' }, p.county_code)]),
    typeof p.area_ha === 'number' &&
      row('card.area', [
        h('span', { class: 'zone-card__area' }, i18n.t('card.areaValue', {
          ha: i18n.number(p.area_ha),
          km2: i18n.number(p.area_ha / 100, 2),
        })),
        ' ',
        h('span', { class: 'muted' }, i18n.t('card.areaAccuracy', { accuracy: i18n.t(`accuracy.${accuracy}`) })),
      ]),
    typeof p.planned_area_km2 === 'number' &&
      row('card.plannedArea', i18n.t('card.plannedAreaValue', {
        km2: i18n.number(p.planned_area_km2, 2),
        ha: i18n.number(p.planned_area_km2 * 100),
      })),
  ];

  const note = i18n.language() === 'en' ? p.note_en || p.note_zh : p.note_zh || p.note_en;
  const headingId = `zone-card-title-${feature.id}`;

  return h('article', { class: 'zone-card', 'data-zone-id': feature.id, 'aria-labelledby': headingId },
    h('header', { class: 'zone-card__head' },
      swatch,
      h('div', { class: 'zone-card__names' },
        h('h2', { class: 'zone-card__name', id: headingId, tabindex: '-1' }, i18n.name(p)),
        h('p', { class: 'zone-card__name-alt', lang: i18n.language() === 'en' ? 'zh-Hans' : 'en' },
          i18n.language() === 'en' ? p.name_zh : p.name_en),
      ),
    ),
    h('dl', { class: 'facts' }, facts),
    (accuracy === 'schematic' || accuracy === 'synthetic') && h('p', { class: 'callout callout--warn zone-card__schematic', role: 'note' },
      i18n.t(`card.${accuracy}`)),

    h('section', { class: 'zone-card__segments' },
      h('h3', { class: 'section-title' }, i18n.t('card.segments'), ' ', h('span', { class: 'count' }, String(segments.length))),
      segments.length > 0
        ? chain.grouped(segments).map(({ stage, segments: segs }) =>
          h('div', { class: 'stage-group', 'data-stage': stage.slug },
            h('h4', { class: 'stage-group__title' },
              h('i', { class: 'dot', style: `background:${chain.stageColour(stage.slug)}`, 'aria-hidden': 'true' }),
              i18n.name(stage)),
            h('ul', { class: 'segments' }, segs.map((s) =>
              h('li', { 'data-segment': s.slug },
                h('button', {
                  type: 'button',
                  class: 'seg-link',
                  'data-segment': s.slug,
                  title: i18n.t('card.filterBy', { name: i18n.name(s) }),
                  'aria-label': i18n.t('card.filterBy', { name: i18n.name(s) }),
                },
                h('span', { class: 'seg-link__name', lang: 'zh-Hans' }, s.name_zh),
                h('span', { class: 'seg-link__alt', lang: 'en' }, s.name_en)),
              ))),
          ))
        : h('p', { class: 'callout zone-card__empty' }, i18n.t(p.status === 'reserved' ? 'card.noSegmentsReserved' : 'card.noSegments')),
    ),

    h('section', { class: 'zone-card__projects' },
      h('h3', { class: 'section-title' }, i18n.t('card.projects'), ' ', h('span', { class: 'count' }, String(projects.length))),
      projects.length > 0
        ? h('ul', { class: 'project-list' }, projects.map((f) => h('li', {}, projectCard(f, { chain, zoneName, sources, showZone: false }))))
        : h('p', { class: 'muted' }, i18n.t('card.noProjects')),
    ),

    note && h('section', { class: 'zone-card__note' },
      h('h3', { class: 'section-title' }, i18n.t('card.note')),
      h('p', {}, note),
    ),
    (p.sources || []).length > 0 && h('section', { class: 'zone-card__sources' },
      h('h3', { class: 'section-title' }, i18n.t('card.sources')),
      h('ul', { class: 'sources' }, p.sources.map((s) => h('li', {}, sources.node(s)))),
    ),
  );

  function row(key, value) {
    return [h('dt', {}, i18n.t(key)), h('dd', {}, value)];
  }
}

/** wireSegmentLinks calls onSegment(slug) when a segment button under root is pressed. */
export function wireSegmentLinks(root, onSegment) {
  root.addEventListener('click', (e) => {
    const button = e.target.closest('button.seg-link');
    if (button && root.contains(button)) onSegment(button.dataset.segment);
  });
}
