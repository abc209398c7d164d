// langswitch.js is the 中文 / English switch in the header: two toggle
// buttons, the pressed one being the current language.

import * as i18n from './i18n.js';

/**
 * mountLanguageSwitch wires the buttons with data-lang under root: pressing
 * one calls onPick(lang), which changes the view's state (and so the URL);
 * the buttons follow the language.
 */
export function mountLanguageSwitch(root, onPick) {
  const buttons = [...root.querySelectorAll('button[data-lang]')];
  const sync = () => {
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.lang === i18n.language()));
  };
  for (const b of buttons) {
    b.addEventListener('click', () => onPick(b.dataset.lang));
  }
  i18n.onChange(sync);
  sync();
}
