// zones.js draws the industrial zones (collection "parks") over the base
// map: a coloured polygon and a name label each, a popup with the zone card,
// and keyboard access. A reserved zone has a dashed outline and a pale fill.

import * as i18n from './i18n.js';
import { zoneCard } from './zonecard.js';

const L = window.L;

// Strong colours that stay apart on the pale green base map and for readers
// with a red-green colour deficiency (after Okabe and Ito).
const PALETTE = ['#d55e00', '#0072b2', '#9b3f86', '#b58100', '#1b7f6a', '#5c4fc2'];
const RESERVED_COLOUR = '#5b6675';

/** ZoneLayer is the layer of zones, with their labels and popups. */
export class ZoneLayer {
  /**
   * chain is a ChainIndex; counties maps county codes to their properties.
   * onOpen(id) and onClose(id) are told when a zone's popup opens and closes.
   */
  constructor(map, { chain, counties, onOpen = () => {}, onClose = () => {} }) {
    this.map = map;
    this.chain = chain;
    this.counties = counties;
    this.layers = new Map();
    this.group = L.featureGroup().addTo(map);
    this.onOpen = onOpen;
    this.onClose = onClose;
    i18n.onChange(() => this.relabel());
  }

  /** draw adds the zones of a FeatureCollection and returns how many it drew. */
  draw(collection) {
    let colour = 0;
    for (const feature of collection.features) {
      if (!feature.geometry) continue;
      const reserved = feature.properties.status === 'reserved';
      const stroke = reserved ? RESERVED_COLOUR : PALETTE[colour++ % PALETTE.length];
      // A white casing under the outline lifts small zones off the base map.
      this.group.addLayer(L.geoJSON(feature, {
        interactive: false,
        style: () => ({ className: 'zone-casing', color: '#ffffff', weight: 6, opacity: 0.9, fill: false }),
      }));
      const layer = L.geoJSON(feature, {
        style: () => ({
          className: `zone zone--${feature.properties.status}`,
          color: stroke,
          weight: 2.5,
          opacity: 1,
          fillColor: stroke,
          fillOpacity: reserved ? 0.12 : 0.45,
          dashArray: reserved ? '5 4' : null,
          lineJoin: 'round',
        }),
      }).getLayers()[0];
      layer.feature = feature;
      layer.bindPopup(() => zoneCard(feature, { chain: this.chain, counties: this.counties }), {
        className: 'zone-popup',
        maxWidth: 360,
        minWidth: 260,
        // Long source lists scroll inside the popup rather than pan the map
        // far away.
        maxHeight: Math.max(200, Math.min(440, this.map.getSize().y - 140)),
        autoPanPadding: [24, 24],
      });
      layer.bindTooltip(this.labelText(feature), {
        permanent: true,
        interactive: true,
        direction: 'right',
        className: `zone-label zone-label--${feature.properties.status}`,
        opacity: 1,
      });
      layer.on('popupopen', (e) => {
        e.popup.getElement()?.style.setProperty('--zone-colour', stroke);
        const close = e.popup.getElement()?.querySelector('.leaflet-popup-close-button');
        if (close) {
          close.setAttribute('aria-label', i18n.t('popup.close'));
          close.setAttribute('title', i18n.t('popup.close'));
        }
        this.onOpen(feature.id);
      });
      layer.on('popupclose', () => this.onClose(feature.id));
      this.group.addLayer(layer);
      this.layers.set(String(feature.id), layer);
      this.decorate(layer, stroke);
    }
    return this.layers.size;
  }

  /** bounds returns the bounds of all zones. */
  bounds() {
    return this.group.getBounds();
  }

  /** open opens the popup of the zone with this id; false if there is none. */
  open(id) {
    const layer = this.layers.get(id);
    if (!layer) return false;
    layer.openPopup();
    return true;
  }

  labelText(feature) {
    const p = feature.properties;
    const suffix = p.status === 'reserved' ? i18n.t('zone.reservedSuffix') : '';
    return i18n.name(p) + suffix;
  }

  // decorate makes the zone's path findable by tests and styles
  // (data-zone-id), and usable from the keyboard: Tab reaches it, Enter or
  // Space opens its popup.
  decorate(layer, colour) {
    const path = layer.getElement();
    const label = layer.getTooltip().getElement();
    const id = String(layer.feature.id);
    path.dataset.zoneId = id;
    path.setAttribute('tabindex', '0');
    path.setAttribute('role', 'button');
    label.dataset.zoneId = id;
    label.style.setProperty('--zone-colour', colour);
    path.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        layer.openPopup();
      }
    });
    this.describe(layer);
  }

  describe(layer) {
    const name = this.labelText(layer.feature);
    layer.getElement().setAttribute('aria-label', i18n.t('zone.open', { name }));
  }

  relabel() {
    for (const layer of this.layers.values()) {
      layer.setTooltipContent(this.labelText(layer.feature));
      this.describe(layer);
      if (layer.isPopupOpen()) layer.getPopup().update();
    }
  }

  /** labelTargets returns each zone's path and label, for labels.js. */
  labelTargets() {
    return [...this.layers.values()].map((layer) => ({
      path: layer.getElement(),
      tooltip: layer.getTooltip(),
    }));
  }
}
