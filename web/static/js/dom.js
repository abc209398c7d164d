// dom.js builds DOM nodes without HTML strings, so text from the data is
// never parsed as markup.

/**
 * h creates an element. attrs sets attributes (class, lang, href, aria-*,
 * data-*); children are nodes or strings, and null/false ones are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    // Through the CSSOM: the Content-Security-Policy refuses style attributes.
    if (key === 'style') node.style.cssText = String(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/**
 * sourceNode renders a citation "publisher date: title (url)" with the URL
 * as a link showing its host; any other text stays as it is.
 */
export function sourceNode(text) {
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
