import { formatMoney } from '#shared/format'
import { formatHundredths } from '#loyalty/admin/form_values'
import type { FormProblem } from '#loyalty/admin/form_reader'
import { formFieldPaths, type ProgramForm } from '#loyalty/admin/program_form'
import type { Conversion } from '#loyalty/admin/rules_of_form'

/** One error of validRules(): VineJS' own, or `rules.<path>` from ruleProblems(). */
export interface RuleError {
  field: string
  rule: string
  meta?: Record<string, unknown>
}

/** Stored names → the form's, where the form types another unit (euros for cents, "2,5 %" for basis points…). */
const LEAVES: Record<string, string> = { value_cents: 'value', rate_bp: 'rate', multiplier_pct: 'multiplier', point_value_cents: 'point_value' }
const MECHANICS = new Set(['points', 'stamps', 'cashback', 'tiers', 'automatic_rewards'])

/**
 * validRules()' findings, put back next to the input they are about, with
 * limits written in the units the owner types ("between 0,01 € and
 * 100,00 €", not "between 1 and 10000").
 */
export function problemsOfRuleErrors(errors: RuleError[], conversion: Conversion, form: ProgramForm, locale: string): FormProblem[] {
  const known = formFieldPaths(form)
  return errors.map((error) => {
    const path = error.field.replace(/^rules\./, '')
    const field = formPathOf(path, conversion.rows, known)
    const { code, params } = messageOf(error, path, field, form, locale)
    return { field, code, ...(params ? { params } : {}) }
  })
}

export function formPathOf(path: string, rows: Conversion['rows'], known: Set<string>) {
  const row = Object.keys(rows).find((prefix) => path === prefix || path.startsWith(`${prefix}.`))
  const segments = (row ? rows[row] + path.slice(row.length) : path).split('.')
  segments[segments.length - 1] = LEAVES[segments[segments.length - 1]] ?? segments[segments.length - 1]
  if (/^(voucher|reward)$/.test(segments[segments.length - 1])) segments.push('kind')
  while (segments.length > 0 && !known.has(segments.join('.'))) {
    if (segments.length === 1 && MECHANICS.has(segments[0])) return `${segments[0]}.enabled`
    segments.pop()
  }
  return segments.length > 0 ? segments.join('.') : '_form'
}

function messageOf(error: RuleError, path: string, field: string, form: ProgramForm, locale: string): { code: string; params?: FormProblem['params'] } {
  const max = Number(error.meta?.max)
  if (error.rule === 'rules') return { code: ruleProblemCode(path) }
  if (error.rule === 'range') return { code: 'range', params: rangeOf(error.meta ?? {}, field, form, locale) }
  // A list's item too long: the path names the item ("points.excluded_skus.3"), the form the whole list.
  if (error.rule === 'maxLength') return { code: /\.\d+$/.test(path) && !/\.\d+$/.test(field) ? 'list_item_length' : 'max_length', params: { max } }
  if (error.rule === 'array.maxLength') return { code: 'list_length', params: { max } }
  return { code: SIMPLE[error.rule] ?? 'invalid' }
}

const SIMPLE: Record<string, string> = { 'required': 'required', 'minLength': 'required', 'regex': 'key_format', 'enum': 'choice', 'number': 'whole', 'withoutDecimals': 'whole', 'array.minLength': 'tiers_empty' }

/** The checks of ruleProblems(), by where they point. */
function ruleProblemCode(path: string) {
  if (path === 'tiers.levels.0.threshold') return 'tier_first_zero'
  if (/^tiers\.levels\.\d+\.threshold$/.test(path)) return 'tier_ascending'
  if (/^tiers\.levels\.\d+\.key$/.test(path)) return 'tier_key_unique'
  if (/(voucher|^stamps\.reward)$/.test(path)) return 'voucher_incomplete'
  if (path === 'automatic_rewards') return 'automatic_needs_points'
  return 'invalid'
}

function rangeOf(meta: Record<string, unknown>, field: string, form: ProgramForm, locale: string) {
  const leaf = field.split('.').pop()!
  const money = leaf === 'value' || leaf === 'point_value' || (leaf === 'threshold' && form.tiers.basis !== 'points_365d')
  const format = (value: unknown) => {
    const figure = Number(value)
    if (money) return formatMoney(figure, 'EUR', locale)
    if (leaf === 'rate') return `${formatHundredths(figure, locale)} %`
    if (leaf === 'multiplier') return formatHundredths(figure, locale)
    return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'fr-FR').format(figure)
  }
  return { min: format(meta.min), max: format(meta.max) }
}
