import postcss from 'postcss'

/**
 * The CSS a logo may keep, in `style` attributes, presentation attributes
 * and `<style>` elements: drawing properties only, and values that cannot
 * fetch anything. What is not recognised is dropped, never repaired: an
 * allow-list of properties, of functions (colours, transforms, and
 * `url(#id)` pointing inside the document) and no backslash, so that CSS
 * escapes (`u\72l(`) cannot spell a function the check did not see.
 * Stylesheets lose every at-rule (@import, @font-face, @media...).
 */
export const DRAWING_PROPERTIES = new Set([
  'fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-linecap', 'stroke-linejoin', 'stroke-miterlimit',
  'stroke-dasharray', 'stroke-dashoffset', 'stroke-opacity', 'opacity', 'color', 'display', 'visibility', 'overflow',
  'clip-path', 'clip-rule', 'mask', 'filter', 'marker', 'marker-start', 'marker-mid', 'marker-end', 'stop-color', 'stop-opacity',
  'flood-color', 'flood-opacity', 'lighting-color', 'color-interpolation', 'color-interpolation-filters', 'paint-order',
  'vector-effect', 'shape-rendering', 'text-rendering', 'mix-blend-mode', 'isolation', 'transform', 'transform-origin',
  'transform-box', 'font', 'font-family', 'font-size', 'font-weight', 'font-style', 'font-variant', 'font-stretch',
  'letter-spacing', 'word-spacing', 'text-anchor', 'text-decoration', 'dominant-baseline', 'alignment-baseline',
  'baseline-shift', 'writing-mode', 'direction',
])

const SAFE_FUNCTIONS = new Set(['rgb', 'rgba', 'hsl', 'hsla', 'matrix', 'translate', 'translatex', 'translatey', 'scale', 'scalex', 'scaley', 'rotate', 'skewx', 'skewy'])

/** `url(#id)`, quoted or not: a gradient, clip path, mask, marker or filter of the same document. */
const LOCAL_URL = /url\(\s*(['"]?)#[A-Za-z_][\w.:-]*\1\s*\)/gi
const FUNCTION_OPENING = /([A-Za-z-]*)\s*\(/g
const FORBIDDEN_CHARACTERS = /[\\@<>{};!]|\/\*/

export function isSafeCssValue(value: string) {
  if (FORBIDDEN_CHARACTERS.test(value)) return false
  const rest = value.replace(LOCAL_URL, 'none')
  for (const [, name] of rest.matchAll(FUNCTION_OPENING)) {
    if (!SAFE_FUNCTIONS.has(name.toLowerCase())) return false
  }
  return true
}

function isSafeDeclaration(property: string, value: string) {
  return DRAWING_PROPERTIES.has(property.toLowerCase()) && isSafeCssValue(value)
}

/** A `style` attribute's safe declarations, or null if none is left. */
export function safeInlineStyle(style: string) {
  const kept: string[] = []
  for (const declaration of style.split(';')) {
    const match = /^\s*([A-Za-z-]+)\s*:\s*(.*?)\s*$/s.exec(declaration)
    if (match && isSafeDeclaration(match[1], match[2])) kept.push(`${match[1].toLowerCase()}:${match[2]}`)
  }
  return kept.length ? kept.join(';') : null
}

const SAFE_SELECTOR = /^[\w\s.#,>+~*:()-]+$/

/**
 * A `<style>` element's rules rebuilt from their checked parts (plain
 * selectors, safe declarations, `!important` dropped), or null if none is
 * left or the text is not CSS.
 */
export function safeStylesheet(css: string) {
  let root: postcss.Root
  try {
    root = postcss.parse(css)
  } catch {
    return null
  }
  const rules: string[] = []
  for (const node of root.nodes) {
    if (node.type !== 'rule' || !SAFE_SELECTOR.test(node.selector)) continue
    const declarations = node.nodes.flatMap((child) =>
      child.type === 'decl' && isSafeDeclaration(child.prop, child.value) ? [`${child.prop.toLowerCase()}:${child.value}`] : []
    )
    if (declarations.length) rules.push(`${node.selector.trim()}{${declarations.join(';')}}`)
  }
  return rules.length ? rules.join('\n') : null
}
