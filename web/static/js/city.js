// city.js presents the dataset's city, as /api/city describes it: the
// page's title and header, the map's name for screen readers, the credit
// of the offline base map, and the note over the map (synthetic data,
// schematic boundaries). The page names no city of its own: another
// city is another data folder.

import * as i18n from './i18n.js';
import { h, fill } from './dom.js';

/** City is the dataset's city; doc is /api/city's answer, or null. */
export class City {
  constructor(doc) {
    this.doc = doc || null;
  }

  /**
   * fromData returns the city of /api/city's answer doc or, when the page
   * could not get it, one that names no city but still says what the zones
   * (a FeatureCollection) say of their boundaries.
   */
  static fromData(doc, parks) {
    if (doc) return new City(doc);
    const accuracy = (a) => parks.features.some((f) => f.properties.geometry_accuracy === a);
    return new City({ schematic: accuracy('schematic'), synthetic_zones: accuracy('synthetic') });
  }

  /** title returns the map's title in the current language. */
  title() {
    const t = this.doc?.title;
    if (!t) return i18n.t('title');
    return (i18n.language() === 'en' ? t.en || t.zh : t.zh || t.en) || i18n.t('title');
  }

  /** name returns the city's name in the current language, '' when unknown. */
  name() {
    const n = this.doc?.name;
    if (!n) return '';
    return i18n.language() === 'en' ? n.en || n.zh : n.zh || n.en;
  }

  /** nameZH returns the city's Chinese name, '' when unknown. */
  nameZH() {
    return this.doc?.name?.zh || '';
  }

  /** synthetic reports whether the data is made up. */
  synthetic() {
    return !!this.doc?.synthetic;
  }

  /**
   * present puts the title in the document's title and header and the map's
   * label, and the note over the map: synthetic data, schematic boundaries,
   * generated zones, or none.
   */
  present(document) {
    const title = this.title();
    document.title = title;
    const header = document.getElementById('title');
    if (header) header.textContent = title;
    document.getElementById('map')?.setAttribute('aria-label', i18n.t('map.label', { title }));
    const note = document.getElementById('schematic-note');
    if (!note) return;
    // Before the city is known, the note keeps what index.html says.
    if (!this.doc) return;
    const says = [];
    if (this.synthetic()) says.push(i18n.t('synthetic'));
    if (this.doc.schematic) says.push(i18n.t('schematic'));
    if (this.doc.synthetic_zones && !this.synthetic()) says.push(i18n.t('syntheticZones'));
    note.hidden = says.length === 0;
    note.dataset.synthetic = String(this.synthetic());
    fill(note.querySelector('.note__text'), says.join(' '));
  }

  /**
   * credit returns the base map's credit as Leaflet's attribution (HTML):
   * the city's text, escaped, linked to its http(s) address; '' for none.
   */
  credit() {
    const text = this.doc?.attribution;
    if (!text) return '';
    const url = this.doc.attribution_url;
    const link = /^https?:\/\//.test(url || '')
      ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, text)
      : h('span', {}, text);
    return i18n.t('attribution.counties', { link: link.outerHTML });
  }
}
