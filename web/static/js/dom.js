// dom.js builds DOM nodes without HTML strings, so text from the data is
// never parsed as markup.

/**
 * h creates an element. attrs sets attributes (class, lang, href, aria-*,
 * data-*, style); children are nodes or strings, and null/false ones are
 * skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    // A style goes through the CSSOM: a Content-Security-Policy without
    // 'unsafe-inline' refuses style attributes, not the CSSOM.
    if (key === 'style') node.style.cssText = String(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  node.append(...kept(children));
  return node;
}

/**
 * fill replaces node's children with children, skipping null/false ones as
 * h does. Use it, never node.replaceChildren: that one writes a skipped
 * child out as the text "false" or "null" (the stray "false" beside a
 * single filter chip).
 */
export function fill(node, ...children) {
  node.replaceChildren(...kept(children));
  return node;
}

// kept flattens children and drops the null, undefined and false ones that
// conditional children (cond && h(…)) leave behind.
function kept(children) {
  return children.flat(Infinity)
    .filter((c) => c !== null && c !== undefined && c !== false)
    .map((c) => (c instanceof Node ? c : String(c)));
}
