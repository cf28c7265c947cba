import { Liquid, type Template } from 'liquidjs'
import { FIELD_GROUPS, MERGE_FIELDS } from '#messaging/templates/merge_fields'

/**
 * Marketers' templates are data, not code (invariant 9): LiquidJS with no
 * file system, own properties only, unknown filters refused, bounded parse
 * and render cost, and only the tags a message needs. Every output goes
 * through `outputEscape`, which strips NUL characters: the body formatter
 * (message_body.ts) uses them to mark links, and a customer's data must
 * never forge one.
 */
const engine = new Liquid({
  strictFilters: true,
  strictVariables: false,
  ownPropertyOnly: true,
  relativeReference: false,
  root: [],
  partials: [],
  cache: 500,
  parseLimit: 20_000,
  renderLimit: 200,
  memoryLimit: 1_000_000,
  outputEscape: (value: unknown) => stripNul(String(value ?? '')),
})

const ALLOWED_TAGS = new Set([
  'if', 'elsif', 'else', 'endif', 'unless', 'endunless', 'case', 'when', 'endcase',
  'assign', 'capture', 'endcapture', 'comment', 'endcomment', 'raw', 'endraw',
])

export interface LiquidProblem {
  rule: 'syntax' | 'tag' | 'field'
  detail: string
}

/** What is wrong with a template, in terms a marketer can act on; empty when it is fine. */
export function checkLiquid(source: string): LiquidProblem[] {
  const problems: LiquidProblem[] = []
  for (const match of source.matchAll(/\{%-?\s*([A-Za-z_]\w*)/g)) {
    if (!ALLOWED_TAGS.has(match[1])) problems.push({ rule: 'tag', detail: match[1] })
  }
  if (problems.length > 0) return problems
  let parsed: Template[]
  try {
    parsed = engine.parse(source)
  } catch (error) {
    return [{ rule: 'syntax', detail: firstLine((error as Error).message) }]
  }
  // Globals: names not assigned by the template itself before use.
  for (const name of new Set(engine.globalFullVariablesSync(parsed))) {
    if (!(name in MERGE_FIELDS)) problems.push({ rule: 'field', detail: name })
  }
  return problems
}

/**
 * The groups of merge fields templates name (checked at save: only known
 * fields, by their full name); one that does not parse: all of them.
 */
export function fieldGroupsIn(...sources: string[]): ReadonlySet<string> {
  try {
    return new Set(sources.flatMap((source) => engine.globalFullVariablesSync(engine.parse(source)).map((name) => name.split(/[.[]/)[0])))
  } catch {
    return FIELD_GROUPS
  }
}

/** Renders a template already checked at save; customer data comes out as plain text. */
export function renderLiquid(source: string, scope: object): string {
  return engine.parseAndRenderSync(source, scope)
}

export function stripNul(text: string) {
  return text.replace(/\u0000/g, '')
}

function firstLine(message: string) {
  return message.split('\n')[0].slice(0, 200)
}
