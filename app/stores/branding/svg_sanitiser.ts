import createDOMPurify, { type DOMPurify, type WindowLike } from 'dompurify'
import { JSDOM } from 'jsdom'
import { SaxesParser } from 'saxes'
import { DRAWING_PROPERTIES, isSafeCssValue, safeInlineStyle, safeStylesheet } from '#stores/branding/svg_css'

/** Drawing elements only: no script, foreignObject, image, feImage, a, animation or font element. */
const ELEMENTS = [
  'svg', 'g', 'defs', 'symbol', 'use', 'switch', 'title', 'desc', 'style', 'path', 'rect', 'circle', 'ellipse', 'line',
  'polyline', 'polygon', 'text', 'tspan', 'textpath', 'lineargradient', 'radialgradient', 'stop', 'clippath', 'mask',
  'pattern', 'marker', 'filter', 'feblend', 'fecolormatrix', 'fecomponenttransfer', 'fefunca', 'fefuncb', 'fefuncg',
  'fefuncr', 'fecomposite', 'feflood', 'fegaussianblur', 'femerge', 'femergenode', 'femorphology', 'feoffset', 'fedropshadow',
  '#text',
]

/** Geometry, paint, text and filter parameters, plus the CSS presentation attributes (checked like CSS). */
const ATTRIBUTES = [
  'id', 'class', 'style', 'viewbox', 'preserveaspectratio', 'width', 'height', 'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy',
  'r', 'rx', 'ry', 'fx', 'fy', 'fr', 'd', 'points', 'pathlength', 'transform', 'href', 'xlink:href', 'xml:space', 'lang',
  'xml:lang', 'role', 'dx', 'dy', 'rotate', 'textlength', 'lengthadjust', 'startoffset', 'method', 'spacing', 'side',
  'gradientunits', 'gradienttransform', 'spreadmethod', 'offset', 'patternunits', 'patterncontentunits', 'patterntransform',
  'clippathunits', 'maskunits', 'maskcontentunits', 'markerunits', 'markerwidth', 'markerheight', 'refx', 'refy', 'orient',
  'filterunits', 'primitiveunits', 'in', 'in2', 'result', 'stddeviation', 'mode', 'type', 'values', 'operator', 'k1', 'k2',
  'k3', 'k4', 'radius', 'tablevalues', 'slope', 'intercept', 'amplitude', 'exponent', 'edgemode', 'requiredfeatures',
  'systemlanguage', ...DRAWING_PROPERTIES,
]

/** Far beyond what logo exports nest and hold; building a DOM slows down sharply past them. */
export const MAX_SVG_DEPTH = 64
export const MAX_SVG_ELEMENTS = 5_000

/** A reference inside the document, the only kind of link kept. */
const LOCAL_FRAGMENT = /^#[A-Za-z_][\w.:-]*$/
const SVG_NAMESPACE = 'http://www.w3.org/2000/svg'
const XLINK_NAMESPACE = 'http://www.w3.org/1999/xlink'
const DRAWN = 'path, rect, circle, ellipse, line, polyline, polygon, text, use'

export type SvgRefusal = 'invalid_svg' | 'complex_svg' | 'empty_svg'

let dom: { purify: DOMPurify; window: JSDOM['window'] } | undefined

/**
 * An uploaded SVG reduced to a standalone drawing, or why it cannot be one.
 * It is read as what it is, XML, the way a browser loads an SVG image: it
 * must be well-formed and use no entity of its own (so no XXE, no billion
 * laughs: nothing is ever expanded or fetched), which a streaming parser
 * checks, with the size and depth, before any DOM is built. DOMPurify then
 * keeps the allow-listed elements and attributes; links are cut to `#id`
 * fragments, CSS to safe values, `<use>` to one level (nested uses
 * multiply: a rendering bomb). The result is re-serialised as XML.
 */
export function sanitiseSvg(text: string): { svg: string } | { refused: SvgRefusal } {
  const shape = xmlShape(text)
  if (shape !== 'bounded') return { refused: shape }
  dom ??= newDom()
  try {
    return sanitisedDrawing(dom, text)
  } catch {
    // Fail closed: whatever jsdom or DOMPurify refuse to handle is not stored.
    return { refused: 'invalid_svg' }
  }
}

function sanitisedDrawing({ window, purify }: NonNullable<typeof dom>, text: string): { svg: string } | { refused: SvgRefusal } {
  const root = new window.DOMParser().parseFromString(text, 'image/svg+xml').documentElement
  if (root.localName !== 'svg' || root.namespaceURI !== SVG_NAMESPACE) return { refused: 'invalid_svg' }
  prune(root)
  const svg = purified(purify, root)
  if (!svg) return { refused: 'empty_svg' }
  for (const element of [svg, ...svg.querySelectorAll('*')]) restrictElement(element)
  flattenUses(svg)
  if (!svg.querySelector(DRAWN)) return { refused: 'empty_svg' }
  // Declared, so that the serialiser writes xlink:href rather than an invented prefix.
  svg.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns:xlink', XLINK_NAMESPACE)
  return { svg: new window.XMLSerializer().serializeToString(svg) }
}

/**
 * Whether the text is well-formed XML within the limits, in one linear
 * pass. This parser knows no entity but XML's five, so any reference to
 * one the file declares is an error: jsdom's parser would expand it.
 */
function xmlShape(text: string): 'bounded' | 'invalid_svg' | 'complex_svg' {
  const parser = new SaxesParser({ xmlns: true })
  let depth = 0
  let elements = 0
  let shape: 'bounded' | 'invalid_svg' | 'complex_svg' = 'bounded'
  const stop = (reason: typeof shape) => {
    shape = reason
    throw parser
  }
  parser.on('error', () => stop('invalid_svg'))
  parser.on('opentag', () => {
    depth += 1
    elements += 1
    if (depth > MAX_SVG_DEPTH || elements > MAX_SVG_ELEMENTS) stop('complex_svg')
  })
  parser.on('closetag', () => depth--)
  try {
    parser.write(text).close()
  } catch (error) {
    if (error !== parser) throw error
  }
  return shape
}

function newDom() {
  const { window } = new JSDOM('')
  // DOMPurify on jsdom, as its documentation shows; jsdom types its window apart from lib.dom.
  return { purify: createDOMPurify(window as unknown as WindowLike), window }
}

const KEPT_ELEMENTS = new Set(ELEMENTS)

/**
 * Removes the nodes DOMPurify would remove anyway (foreign elements,
 * comments, processing instructions) with a plain walk first: on jsdom,
 * DOMPurify's removals cost a pass over the tree each. CDATA sections
 * become plain text, the only form an HTML document (DOMPurify's) takes.
 */
function prune(root: Element) {
  const doomed: ChildNode[] = []
  const cdata: CDATASection[] = []
  const pending: Node[] = [root]
  for (let node = pending.pop(); node; node = pending.pop()) {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === child.CDATA_SECTION_NODE) cdata.push(child as CDATASection)
      else if (child.nodeType === child.TEXT_NODE || (child.nodeType === child.ELEMENT_NODE && isKeptElement(child as Element))) pending.push(child)
      else doomed.push(child)
    }
  }
  for (const node of doomed) node.remove()
  for (const node of cdata) node.replaceWith(node.data)
}

function isKeptElement(element: Element) {
  return element.namespaceURI === SVG_NAMESPACE && KEPT_ELEMENTS.has(element.localName.toLowerCase())
}

function purified(purify: DOMPurify, root: Element) {
  const fragment = purify.sanitize(root, {
    ALLOWED_TAGS: ELEMENTS,
    ALLOWED_ATTR: ATTRIBUTES,
    ALLOW_DATA_ATTR: false,
    KEEP_CONTENT: false,
    // Ids matter to gradients and clip paths; the logo never joins a live page whose globals they could shadow.
    SANITIZE_DOM: false,
    RETURN_DOM_FRAGMENT: true,
  })
  const svg = fragment.firstElementChild
  return svg?.localName === 'svg' && svg.namespaceURI === SVG_NAMESPACE ? svg : null
}

function restrictElement(element: Element) {
  if (element.localName === 'style') return restrictStylesheet(element)
  for (const { name, value } of [...element.attributes]) {
    const kept = restrictedValue(name.toLowerCase(), value)
    if (kept === null) element.removeAttribute(name)
    else if (kept !== value) element.setAttribute(name, kept)
  }
}

function restrictedValue(name: string, value: string) {
  if (name === 'href' || name === 'xlink:href') return LOCAL_FRAGMENT.test(value) ? value : null
  if (name === 'style') return safeInlineStyle(value)
  if (DRAWING_PROPERTIES.has(name)) return isSafeCssValue(value) ? value : null
  return value
}

function restrictStylesheet(style: Element) {
  const css = safeStylesheet(style.textContent ?? '')
  for (const { name } of [...style.attributes]) style.removeAttribute(name)
  if (css === null) style.remove()
  else style.textContent = css
}

/**
 * Keeps a `<use>` only if it points at an element of this drawing that is
 * not a `<use>` and holds none: one level, whatever the file nests. In
 * one pass over the uses and their ancestors.
 */
function flattenUses(svg: Element) {
  const uses = [...svg.querySelectorAll('use')]
  const byId = new Map<string, Element>()
  for (const element of svg.querySelectorAll('[id]')) if (!byId.has(element.id)) byId.set(element.id, element)
  const holdsUse = new Set<Element>()
  for (const use of uses) {
    for (let at: Element | null = use; at && !holdsUse.has(at); at = at.parentElement) holdsUse.add(at)
  }
  for (const use of uses) {
    const target = byId.get((use.getAttribute('href') ?? use.getAttribute('xlink:href') ?? '').slice(1))
    if (!target || holdsUse.has(target)) use.remove()
  }
}
