// app.js starts the map page: it picks the language, builds the map, loads
// the counties, the zones and the chain from the API, and draws them.
// document.body.dataset.countiesDrawn and .zonesDrawn tell tests (and
// anyone curious) how many features are on the map once they are.

import * as i18n from './i18n.js';
import { getChain, getItems } from './api.js';
import { Basemap } from './basemap.js';
import { ZoneLayer } from './zones.js';
import { declutter } from './labels.js';
import { ChainIndex } from './zonecard.js';
import { mountLanguageSwitch } from './langswitch.js';
import { readState, writeState } from './urlstate.js';

const L = window.L;

// How the map frames the data on load: a margin, and no animation.
const FIT = { padding: [16, 16], animate: false };

function main() {
  const state = readState(window.location);
  i18n.setLanguage(i18n.pickLanguage(state.lang, navigator.languages));
  const status = document.getElementById('load-status');

  const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const map = L.map('map', {
    zoomControl: false,
    zoomSnap: 0.25,
    zoomDelta: 0.5,
    minZoom: 6,
    maxZoom: 17,
    fadeAnimation: !reduceMotion,
    zoomAnimation: !reduceMotion,
    markerZoomAnimation: !reduceMotion,
  });
  const zoom = L.control.zoom({ position: 'topright' }).addTo(map);

  const basemap = new Basemap(map);
  const chrome = () => {
    const lang = i18n.language();
    document.documentElement.lang = lang;
    document.title = i18n.t('title');
    document.body.dataset.lang = lang;
    i18n.localize(document);
    localizeZoom(zoom);
  };
  i18n.onChange((lang) => {
    chrome();
    writeState({ lang });
  });
  chrome();
  mountLanguageSwitch(document.getElementById('lang-switch'));

  const counties = getItems('counties', { limit: 100 });
  const parks = getItems('parks');
  const chain = getChain();

  counties
    .then((fc) => {
      const n = basemap.draw(fc);
      if (n > 0) map.fitBounds(basemap.bounds(), FIT);
      document.body.dataset.countiesDrawn = String(n);
      return Promise.all([parks, chain]);
    })
    .then(([fc, chainDoc]) => {
      const zones = new ZoneLayer(map, {
        chain: new ChainIndex(chainDoc),
        counties: basemap.byCode(),
        onOpen: (id) => writeState({ zone: id }),
        onClose: (id) => {
          if (readState(window.location).zone === id) writeState({ zone: '' });
        },
      });
      // A data set without counties (a planner's own) frames its zones; the
      // map needs a view before anything can be drawn on it.
      if (basemap.counties.length === 0) {
        const bounds = L.geoJSON(fc).getBounds();
        if (bounds.isValid()) map.fitBounds(bounds, FIT);
        else map.setView([0, 0], 2);
      }
      const n = zones.draw(fc);
      const counts = () => {
        document.getElementById('subtitle').textContent =
          i18n.t('subtitle.counts', { zones: n, counties: basemap.counties.length });
      };
      i18n.onChange(counts);
      counts();
      const relayout = () => declutter({
        zones: zones.labelTargets(),
        countyLabels: basemap.labelElements(),
        frame: map.getContainer(),
      });
      map.on('zoomend resize', relayout);
      i18n.onChange(relayout);
      relayout();
      if (state.zone) zones.open(state.zone);
      status.hidden = true;
      document.body.dataset.zonesDrawn = String(n);
    })
    .catch((err) => {
      status.hidden = false;
      delete status.dataset.i18n;
      status.classList.add('load-status--error');
      status.textContent = i18n.t('error.load', { message: err.message });
      document.body.dataset.loadError = err.message;
      console.error('parkmap:', err);
    });
}

// localizeZoom gives Leaflet's zoom buttons their names in the current
// language; Leaflet only sets English ones.
function localizeZoom(control) {
  const box = control.getContainer();
  box.setAttribute('role', 'group');
  box.setAttribute('aria-label', i18n.t('zoom.group'));
  for (const [selector, key] of [['.leaflet-control-zoom-in', 'zoom.in'], ['.leaflet-control-zoom-out', 'zoom.out']]) {
    const button = box.querySelector(selector);
    button.setAttribute('title', i18n.t(key));
    button.setAttribute('aria-label', i18n.t(key));
  }
}

main();
