import type { SegmentFilters } from '#animations/segments/segment_filters'
import { formatEuros, parseEuros, parseList, parseWhole } from '#loyalty/admin/form_values'

/** The segment form as typed; figures that do not parse stay as typed so the validator names them. */
export interface SegmentForm {
  name: string
  bought_within_days: string
  not_bought_for_days: string
  visits_min: string
  spent_min: string
  tier: string
  tags: string
  store_id: string
  birthday_month: string
  consent: string
  no_message_days: string
}

export const SEGMENT_FIELDS = ['bought_within_days', 'not_bought_for_days', 'visits_min', 'spent_min', 'tier', 'tags', 'store_id', 'birthday_month', 'consent', 'no_message_days'] as const

const text = (value: unknown, max = 200) => (typeof value === 'string' ? value.trim().slice(0, max) : '')

export function readSegmentForm(body: Record<string, unknown>): SegmentForm {
  const form = { name: text(body.name, 200) } as SegmentForm
  for (const field of SEGMENT_FIELDS) form[field] = text(body[field], field === 'tags' ? 500 : 20)
  return form
}

/** Typed figures become integers or cents; anything else is passed as typed, for the validator to name. */
const figure = (value: string) => parseWhole(value) ?? value
const cents = (value: string) => parseEuros(value) ?? value

export function filtersOf(form: SegmentForm): Record<string, unknown> {
  const filters: Record<string, unknown> = {}
  for (const field of ['bought_within_days', 'not_bought_for_days', 'visits_min', 'store_id', 'birthday_month', 'no_message_days'] as const) {
    if (form[field]) filters[field] = figure(form[field])
  }
  if (form.spent_min) filters.spent_min_cents = cents(form.spent_min)
  if (form.tier) filters.tier = form.tier
  if (form.consent) filters.consent = form.consent
  const tags = parseList(form.tags)
  if (tags.length > 0) filters.tags = tags
  return filters
}

export function formOf(name: string, filters: SegmentFilters): SegmentForm {
  const form = { name } as SegmentForm
  for (const field of SEGMENT_FIELDS) form[field] = ''
  for (const field of ['bought_within_days', 'not_bought_for_days', 'visits_min', 'store_id', 'birthday_month', 'no_message_days'] as const) {
    if (filters[field] !== undefined) form[field] = String(filters[field])
  }
  if (filters.spent_min_cents) form.spent_min = formatEuros(filters.spent_min_cents, 'fr')
  form.tier = filters.tier ?? ''
  form.consent = filters.consent ?? ''
  form.tags = (filters.tags ?? []).join(', ')
  return form
}
