import { randomBytes } from 'node:crypto'
import { checkLiquid, renderLiquid, type LiquidProblem } from '#messaging/templates/liquid_sandbox'
import { URL_FIELDS } from '#messaging/templates/merge_fields'

/**
 * A message body as marketers write it: plain text with merge fields,
 * paragraphs separated by a blank line, and links written
 * `[label](https://…)`. No HTML: whatever the text or a customer's data
 * holds is escaped; the only markup is ours (paragraphs, line breaks,
 * links), so a first name can never become a link or a script.
 */
const LINK = /\[([^\]\n]{1,200})\]\(((?:\{\{[^}]{0,80}\}\}|[^)\s]){1,2000})\)/g
const URL_FIELD_ONLY = /^\{\{\s*([a-z_]+\.[a-z_]+)\s*\}\}$/

export type BodyProblem = LiquidProblem | { rule: 'link'; detail: string }

export function checkBody(source: string): BodyProblem[] {
  const problems: BodyProblem[] = [...checkLiquid(source)]
  for (const [, , url] of source.matchAll(LINK)) {
    if (!isAllowedLinkSource(url)) problems.push({ rule: 'link', detail: url.slice(0, 80) })
  }
  return problems
}

/** A link's target as written: a literal http(s) address, or one URL merge field alone. */
function isAllowedLinkSource(url: string) {
  const field = url.match(URL_FIELD_ONLY)
  if (field) return URL_FIELDS.has(field[1])
  return /^https?:\/\/[^\s{}]/i.test(url)
}

export function isHttpUrl(url: string) {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'http:' || parsed.protocol === 'https:'
  } catch {
    return false
  }
}

export interface RenderedBody {
  html: string
  text: string
}

export function renderBody(source: string, scope: object): RenderedBody {
  const nonce = randomBytes(6).toString('hex')
  const links: Array<{ label: string; url: string }> = []
  const marked = source.replace(LINK, (_, label: string, url: string) => {
    links.push({ label, url })
    return `\u0000${nonce}:${links.length - 1}\u0000`
  })
  const rendered = renderLiquid(marked, scope)
  const targets = links.map((link) => {
    const url = renderLiquid(link.url, scope).trim()
    return { label: renderLiquid(link.label, scope).trim(), url: isHttpUrl(url) ? url : null }
  })
  const marker = new RegExp(`\u0000${nonce}:(\\d+)\u0000`, 'g')
  const text = rendered.replace(marker, (_, index: string) => {
    const { label, url } = targets[Number(index)]
    return url ? `${label} (${url})` : label
  })
  const html = paragraphs(rendered)
    .map((paragraph) => {
      const inner = escapeHtml(paragraph)
        .replace(/\n/g, '<br>')
        .replace(marker, (_, index: string) => {
          const { label, url } = targets[Number(index)]
          return url ? `<a href="${escapeHtml(url)}" style="color:inherit">${escapeHtml(label)}</a>` : escapeHtml(label)
        })
      return `<p style="margin:0 0 16px">${inner}</p>`
    })
    .join('')
  return { html, text: tidy(text) }
}

/** An SMS or a subject line: one plain text, links as their address. */
export function renderPlain(source: string, scope: object): string {
  const withUrls = source.replace(LINK, (_, label: string, url: string) => `${label} ${url}`)
  return tidy(renderLiquid(withUrls, scope))
}

function paragraphs(text: string) {
  return tidy(text)
    .split(/\n{2,}/)
    .filter((part) => part.trim().length > 0)
}

function tidy(text: string) {
  return text.replace(/\r\n?/g, '\n').replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim()
}

export function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!)
}
