// basemap.js draws the offline base map: the city's county-level divisions
// as light polygons with their names, credited as the data says. No tiles
// are fetched from anywhere.

import * as i18n from './i18n.js';
import { h } from './dom.js';
import { labelPoint } from './labelpoint.js';

const L = window.L;

const COUNTY_STYLE = {
  color: '#a9b89a',
  weight: 1.2,
  opacity: 1,
  fillColor: '#e9efdf',
  fillOpacity: 1,
};

/**
 * Basemap is the county layer: polygons in their own pane under the zones,
 * and a name label inside each county.
 */
export class Basemap {
  constructor(map) {
    this.map = map;
    // Panes order the layers: counties, then their names, then Leaflet's
    // overlay pane (400) with the zones, so nothing hides a zone.
    map.createPane('counties').style.zIndex = '250';
    const labelPane = map.createPane('countyLabels');
    labelPane.style.zIndex = '350';
    labelPane.style.pointerEvents = 'none';

    this.polygons = L.geoJSON(null, {
      pane: 'counties',
      interactive: false,
      style: () => ({ ...COUNTY_STYLE, className: 'county' }),
    }).addTo(map);
    this.labels = L.layerGroup().addTo(map);
    this.counties = [];
    this.markers = [];
    this.attribution = '';
    this.credit = () => '';
    i18n.onChange(() => this.relabel());
  }

  /**
   * draw adds the counties of a FeatureCollection and returns how many. The
   * polygons go on at once; their names (whose places take a search to
   * find) when labelNames is called, so that the zones need not wait.
   */
  draw(collection) {
    for (const feature of collection.features) {
      if (!feature.geometry) continue;
      this.polygons.addData(feature);
      this.counties.push(feature);
    }
    this.relabel();
    return this.counties.length;
  }

  /**
   * setCredit sets how the base map is credited: credit() returns the
   * attribution's HTML in the current language ('' for none), built from
   * the data (city.js), never from text the code knows.
   */
  setCredit(credit) {
    this.credit = credit;
    this.relabel();
  }

  /** labelNames puts each county's name well inside it. */
  labelNames() {
    for (const feature of this.counties.slice(this.markers.length)) {
      const [lon, lat] = labelPoint(feature.geometry);
      const marker = L.marker([lat, lon], {
        pane: 'countyLabels',
        icon: this.icon(feature.properties),
        interactive: false,
        keyboard: false,
      });
      this.labels.addLayer(marker);
      this.markers.push(marker);
    }
    this.relabel();
  }

  /**
   * setTranslucent lets an online base map show through the counties (on),
   * or paints them opaque again as the offline base map (off).
   */
  setTranslucent(on) {
    this.polygons.setStyle({ fillOpacity: on ? 0.12 : COUNTY_STYLE.fillOpacity });
    this.map.getContainer().classList.toggle('has-online-base', on);
  }

  /** bounds returns the counties' bounds, for fitting the map. */
  bounds() {
    return this.polygons.getBounds();
  }

  /** labelElements returns the elements of the county names, for labels.js. */
  labelElements() {
    return this.markers.map((m) => m.getElement()?.querySelector('.county-label__text')).filter(Boolean);
  }

  /** byCode returns the properties of each county keyed by its code. */
  byCode() {
    return new Map(this.counties.map((f) => [f.properties.code || String(f.id), f.properties]));
  }

  icon(props) {
    const label = h('span', { class: 'county-label__text' },
      h('span', { class: 'county-label__zh', lang: 'zh-Hans' }, props.name_zh),
      i18n.language() === 'en' && props.name_en
        ? h('span', { class: 'county-label__en', lang: 'en' }, props.name_en)
        : null,
    );
    return L.divIcon({ className: 'county-label', html: label, iconSize: [0, 0] });
  }

  relabel() {
    this.markers.forEach((marker, i) => {
      const feature = this.counties[i];
      marker.setIcon(this.icon(feature.properties));
      marker.getElement()?.setAttribute('data-county', feature.properties.code || feature.id);
    });
    const attribution = this.counties.length > 0 ? this.credit() : '';
    const control = this.map.attributionControl;
    if (control) {
      if (this.attribution) control.removeAttribution(this.attribution);
      if (attribution) control.addAttribution(attribution);
    }
    this.attribution = attribution;
  }
}
