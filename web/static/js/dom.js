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
    node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}
