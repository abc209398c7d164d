// i18n.js holds every string of the interface, in Simplified Chinese and in
// English, and the current language. Modules ask t(key) for a string and
// subscribe with onChange to redraw when the reader switches language.

/** The languages of the interface, the first being the default. */
export const LANGUAGES = ['zh-Hans', 'en'];

const DICTIONARY = {
  'zh-Hans': {
    'title': '玉溪新能源电池产业园区',
    'subtitle': '新能源电池产业链园区布局',
    'subtitle.counts': '{zones} 个园区 · {counties} 个县（市、区）',
    'schematic': '示意边界：园区边界依估计位置绘制，并非官方边界。',
    'map.label': '玉溪新能源电池产业园区地图',
    'lang.group': '界面语言',
    'lang.zh': '中文',
    'lang.en': 'English',
    'loading': '正在加载地图数据…',
    'error.load': '无法加载地图数据：{message}',
    'zoom.group': '缩放',
    'zoom.in': '放大',
    'zoom.out': '缩小',
    'popup.close': '关闭',
    'attribution.counties': '县界：{link}（MIT，© 2017 jaska）',
    'zone.open': '{name}：查看详情',
    'zone.reservedSuffix': '（预留）',
    'status.operating': '运营中',
    'status.planned': '规划中',
    'status.reserved': '预留',
    'accuracy.schematic': '示意',
    'accuracy.digitized': '数字化',
    'accuracy.surveyed': '测绘',
    'card.status': '状态',
    'card.county': '所在县区',
    'card.area': '图上面积',
    'card.areaValue': '{value} 公顷（{accuracy}）',
    'card.plannedArea': '规划面积',
    'card.plannedAreaValue': '{value} 平方公里',
    'card.segments': '产业链环节',
    'card.noSegments': '尚未分配产业链环节：预留为未来的电池产业园区。',
    'card.note': '说明',
    'card.sources': '来源',
  },
  'en': {
    'title': 'Yuxi new-energy-battery zones',
    'subtitle': 'Zones of the new-energy-battery chain',
    'subtitle.counts': '{zones} zones · {counties} counties and districts',
    'schematic': 'Zone boundaries are schematic: drawn around estimated positions, not official boundaries.',
    'map.label': "Map of Yuxi's new-energy-battery zones",
    'lang.group': 'Interface language',
    'lang.zh': '中文',
    'lang.en': 'English',
    'loading': 'Loading the map data…',
    'error.load': 'Could not load the map data: {message}',
    'zoom.group': 'Zoom',
    'zoom.in': 'Zoom in',
    'zoom.out': 'Zoom out',
    'popup.close': 'Close',
    'attribution.counties': 'County boundaries: {link} (MIT, © 2017 jaska)',
    'zone.open': '{name}: show details',
    'zone.reservedSuffix': ' (reserved)',
    'status.operating': 'Operating',
    'status.planned': 'Planned',
    'status.reserved': 'Reserved',
    'accuracy.schematic': 'schematic',
    'accuracy.digitized': 'digitized',
    'accuracy.surveyed': 'surveyed',
    'card.status': 'Status',
    'card.county': 'County',
    'card.area': 'Drawn area',
    'card.areaValue': '{value} ha ({accuracy})',
    'card.plannedArea': 'Planned area',
    'card.plannedAreaValue': '{value} km²',
    'card.segments': 'Chain segments',
    'card.noSegments': 'No chain segments allocated yet: reserved as a future battery park.',
    'card.note': 'Note',
    'card.sources': 'Sources',
  },
};

let current = LANGUAGES[0];
const listeners = new Set();

/**
 * pickLanguage returns the interface language for an explicit choice (from the
 * URL, may be empty) or else for the browser's preferred languages: English
 * for a reader whose first language is not Chinese, Chinese otherwise.
 */
export function pickLanguage(choice, preferred) {
  const norm = (tag) => String(tag || '').toLowerCase();
  if (choice) {
    if (norm(choice).startsWith('zh')) return 'zh-Hans';
    if (norm(choice).startsWith('en')) return 'en';
  }
  const first = norm((preferred || [])[0]);
  if (first && !first.startsWith('zh')) return 'en';
  return 'zh-Hans';
}

/** language returns the current interface language, "zh-Hans" or "en". */
export function language() {
  return current;
}

/** setLanguage switches the interface language and tells the listeners. */
export function setLanguage(lang) {
  if (!LANGUAGES.includes(lang)) throw new Error(`unknown language ${lang}`);
  if (lang === current) return;
  current = lang;
  for (const fn of listeners) fn(lang);
}

/** onChange calls fn(lang) after every language switch. */
export function onChange(fn) {
  listeners.add(fn);
}

/**
 * t returns the string for key in the current language, with each {name}
 * replaced by vars[name]. A missing key is a programming error and throws, so
 * a test run catches it.
 */
export function t(key, vars = {}) {
  const s = DICTIONARY[current][key];
  if (s === undefined) throw new Error(`i18n: no string "${key}" in ${current}`);
  return s.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

/** name returns obj.name_zh or obj.name_en, whichever fits the language. */
export function name(obj, prefix = 'name') {
  const zh = obj[`${prefix}_zh`];
  const en = obj[`${prefix}_en`];
  return current === 'en' ? en || zh : zh || en;
}

/** number formats n for the current language. */
export function number(n, maximumFractionDigits = 0) {
  return new Intl.NumberFormat(current, { maximumFractionDigits }).format(n);
}

/**
 * localize fills every element under root that has data-i18n="key" with the
 * string, and data-i18n-aria-label="key" with an aria-label.
 */
export function localize(root) {
  for (const node of root.querySelectorAll('[data-i18n]')) {
    node.textContent = t(node.dataset.i18n);
  }
  for (const node of root.querySelectorAll('[data-i18n-aria-label]')) {
    node.setAttribute('aria-label', t(node.dataset.i18nAriaLabel));
  }
}
