// apimap.js draws the small map of an API page (f=html): the features of a
// page of items, or one feature, on a plain background (no tiles: the pages
// work offline). The features come from the page's GeoJSON twin, whose
// address the page gives in data-geojson; a click on a feature of a list
// opens its page. It says how it went in data-drawn (the number of features
// drawn) or data-error, for the browser tests.

const L = window.L;

const STYLE = {
  color: '#0a5c8a',
  weight: 1.5,
  opacity: 0.9,
  fillColor: '#3b8fc4',
  fillOpacity: 0.25,
};

const el = document.getElementById('apimap');
if (el) {
  draw(el).catch((err) => {
    el.dataset.error = String(err.message || err);
    el.textContent = `地图无法显示 · The map could not be drawn: ${el.dataset.error}`;
  });
}

async function draw(el) {
  const map = L.map(el, {
    attributionControl: false,
    scrollWheelZoom: false,
    zoomSnap: 0.25,
  });
  const res = await fetch(el.dataset.geojson, { headers: { Accept: 'application/geo+json' } });
  if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
  const data = await res.json();
  const itemBase = el.dataset.itemBase;
  let drawn = 0;
  const layer = L.geoJSON(data, {
    style: () => STYLE,
    pointToLayer: (_, latlng) => L.circleMarker(latlng, { ...STYLE, radius: 5, fillOpacity: 0.7 }),
    onEachFeature: (feature, featureLayer) => {
      drawn += 1;
      featureLayer.bindTooltip(String(feature.id), { sticky: true });
      if (itemBase) {
        featureLayer.on('click', () => {
          window.location.href = `${itemBase}${encodeURIComponent(feature.id)}?f=html`;
        });
      }
    },
  }).addTo(map);
  const bounds = layer.getBounds();
  if (bounds.isValid()) {
    map.fitBounds(bounds, { padding: [16, 16], maxZoom: 15 });
  } else {
    // Nothing placed (an unplaced project, an empty page): no map, a word.
    map.remove();
    el.classList.add('apimap--empty');
    el.textContent = '没有几何 · No geometry';
  }
  el.dataset.drawn = String(drawn);
}
