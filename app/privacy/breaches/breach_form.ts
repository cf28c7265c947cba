import vine from '@vinejs/vine'
import { DateTime } from 'luxon'
import Breach, { BREACH_RISKS, type BreachRisk } from '#privacy/breaches/breach'
import { localDateTime, localInputValue, parseLocalDateTime } from '#privacy/breaches/business_time'

/**
 * The breach form: what the owner typed (shown back after an error), the
 * VineJS schema, and the rules between fields it cannot express (a start
 * before the discovery, a late notification without its reason).
 */
export const BREACH_FIELDS = [
  'discovered_at',
  'started_at',
  'ended_at',
  'nature',
  'categories',
  'subjects_count',
  'records_count',
  'contact_point',
  'consequences',
  'measures',
  'risk',
  'cnil_notified_at',
  'late_reason',
  'subjects_notified_at',
] as const
export type BreachField = (typeof BREACH_FIELDS)[number]
export type BreachForm = Record<BreachField, string>

const longText = () => vine.string().trim().minLength(1).maxLength(5000)
const shortText = () => vine.string().trim().minLength(1).maxLength(500)
const approximateCount = () => vine.number().withoutDecimals().range([0, 1_000_000_000])

export const breachValidator = vine.compile(
  vine.object({
    discovered_at: localDateTime(),
    started_at: localDateTime().optional(),
    ended_at: localDateTime().optional(),
    nature: longText(),
    categories: shortText(),
    subjects_count: approximateCount(),
    records_count: approximateCount(),
    contact_point: shortText(),
    consequences: longText(),
    measures: longText(),
    risk: vine.enum(BREACH_RISKS),
    cnil_notified_at: localDateTime().optional(),
    late_reason: vine.string().trim().maxLength(5000).optional(),
    subjects_notified_at: localDateTime().optional(),
  })
)

export interface BreachInput {
  discoveredAt: DateTime
  startedAt: DateTime | null
  endedAt: DateTime | null
  nature: string
  categories: string
  subjectsCount: number
  recordsCount: number
  contactPoint: string
  consequences: string
  measures: string
  risk: BreachRisk
  cnilNotifiedAt: DateTime | null
  lateReason: string | null
  subjectsNotifiedAt: DateTime | null
}

/** The body as strings, cut well above each limit (so an oversized field is refused, not silently shortened). */
export function typedBreachForm(body: Record<string, unknown>): BreachForm {
  const value = (field: BreachField) => (typeof body[field] === 'string' ? (body[field] as string).slice(0, 6000) : '')
  return Object.fromEntries(BREACH_FIELDS.map((field) => [field, value(field)])) as BreachForm
}

/** A clock's tolerance for "not in the future": the owner's computer may be a little ahead. */
const SKEW = { minutes: 5 }

export async function validateBreach(form: BreachForm, zone: string, now = DateTime.utc()): Promise<{ input: BreachInput } | { invalid: BreachField[] }> {
  const present = Object.fromEntries(Object.entries(form).filter(([, text]) => text.trim() !== ''))
  const [error, valid] = await breachValidator.tryValidate(present)
  if (error) return { invalid: [...new Set((error.messages as Array<{ field: string }>).map((message) => message.field as BreachField))] }
  const input = inputOf(valid, zone)
  const invalid = orderProblems(input, now.plus(SKEW))
  return invalid.length ? { invalid } : { input }
}

type ValidBreach = Awaited<ReturnType<typeof breachValidator.validate>>

function inputOf(valid: ValidBreach, zone: string): BreachInput {
  const at = (text: string | undefined) => (text ? parseLocalDateTime(text, zone) : null)
  return {
    discoveredAt: at(valid.discovered_at)!,
    startedAt: at(valid.started_at),
    endedAt: at(valid.ended_at),
    nature: valid.nature,
    categories: valid.categories,
    subjectsCount: valid.subjects_count,
    recordsCount: valid.records_count,
    contactPoint: valid.contact_point,
    consequences: valid.consequences,
    measures: valid.measures,
    risk: valid.risk,
    cnilNotifiedAt: at(valid.cnil_notified_at),
    lateReason: valid.late_reason?.trim() ? valid.late_reason : null,
    subjectsNotifiedAt: at(valid.subjects_notified_at),
  }
}

function orderProblems(input: BreachInput, latest: DateTime): BreachField[] {
  const { discoveredAt, startedAt, endedAt, cnilNotifiedAt, subjectsNotifiedAt } = input
  const afterDiscovery = (moment: DateTime | null) => moment === null || (moment >= discoveredAt && moment <= latest)
  const problems: Array<[BreachField, boolean]> = [
    ['discovered_at', discoveredAt > latest],
    ['started_at', startedAt !== null && startedAt > discoveredAt],
    ['ended_at', endedAt !== null && ((startedAt !== null && endedAt < startedAt) || endedAt > latest)],
    ['cnil_notified_at', !afterDiscovery(cnilNotifiedAt)],
    ['late_reason', Breach.isLate(discoveredAt, cnilNotifiedAt) && input.lateReason === null],
    ['subjects_notified_at', !afterDiscovery(subjectsNotifiedAt)],
  ]
  return problems.filter(([, broken]) => broken).map(([field]) => field)
}

export function formOfBreach(breach: Breach, zone: string): BreachForm {
  return {
    discovered_at: localInputValue(breach.discoveredAt, zone),
    started_at: localInputValue(breach.startedAt, zone),
    ended_at: localInputValue(breach.endedAt, zone),
    nature: breach.nature,
    categories: breach.categories,
    subjects_count: String(breach.subjectsCount),
    records_count: String(breach.recordsCount),
    contact_point: breach.contactPoint,
    consequences: breach.consequences,
    measures: breach.measures,
    risk: breach.risk,
    cnil_notified_at: localInputValue(breach.cnilNotifiedAt, zone),
    late_reason: breach.lateReason ?? '',
    subjects_notified_at: localInputValue(breach.subjectsNotifiedAt, zone),
  }
}

/** A new entry: discovered now, the privacy contact as the contact point. */
export function blankBreachForm(zone: string, contactPoint: string): BreachForm {
  const form = Object.fromEntries(BREACH_FIELDS.map((field) => [field, ''])) as BreachForm
  return { ...form, discovered_at: localInputValue(DateTime.utc(), zone), contact_point: contactPoint, risk: 'risk' }
}
