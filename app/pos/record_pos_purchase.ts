import { DateTime } from 'luxon'
import type Store from '#stores/models/store'
import { writeSale, type SaleRow } from '#purchases/record_purchase'
import { fieldError } from '#customers/validation'
import { apiErrorBody } from '#shared/api_errors'
import { signalOutbox } from '#shared/outbox'
import { newPublicId } from '#shared/public_id'
import { sql, type SqlProgram } from '#shared/sql_program'
import { zeroBalances } from '#loyalty/customer_balances'
import type { LoyaltyOutcome } from '#loyalty/earn_on_purchase'
import { posErrors } from '#pos/errors'
import { parseAs } from '#pos/lookup_identifier'
import { recordPurchaseValidator } from '#pos/validators'
import { refusalOf, runIdempotently, type IdempotentRequest, type Outcome, type StoredAnswer } from '#pos/idempotency'

export interface PosPurchaseInput {
  store: Store
  tokenId: number
  body: unknown
  request: IdempotentRequest
}

const MAX_FUTURE_MINUTES = 5

/** Who bought: a customer column and its value, or nobody (an anonymous sale). */
type Identification = { field: string; column: 'public_id' | 'card_code' | 'phone_e164'; value: string } | null

interface PosSale {
  row: SaleRow
  storeSlug: string
  identification: Identification
}

/**
 * `POST /api/v1/purchases`: validate, check the store scope (R52) and the
 * identifier, before touching the database (a refusal is stored under the
 * key all the same); then, in the idempotency transaction, find the
 * customer, refuse a reference already recorded, record. Statements: key
 * claim, customer SELECT, reference SELECT (only with a reference), the
 * sale's writes (app/purchases/record_purchase.ts), the stored answer.
 */
export async function recordPosPurchase(input: PosPurchaseInput): Promise<StoredAnswer> {
  const sale = await saleOf(input).catch(refusalOf)
  const answer = await runIdempotently(input.request, (dialect) => ('row' in sale ? record(sale, dialect) : stored(sale)))
  if (answer.status === 201 && !answer.replayed) signalOutbox()
  return answer
}

async function saleOf({ store, tokenId, body }: PosPurchaseInput): Promise<PosSale> {
  const payload = await recordPurchaseValidator.validate(body)
  if (payload.store !== undefined && payload.store !== store.slug) throw posErrors.wrongStore()
  const row: SaleRow = {
    publicId: newPublicId(),
    store,
    customer: null,
    totalCents: payload.total_cents,
    occurredAt: occurredAtOf(payload.occurred_at),
    reference: payload.reference ?? null,
    lines: payload.lines?.map((line) => ({ ...line, unitPriceCents: line.unit_price_cents })) ?? [],
    source: 'api',
    staffMemberId: null,
    posTokenId: tokenId,
  }
  return { row, storeSlug: store.slug, identification: identificationOf(payload) }
}

function* stored(outcome: Outcome): SqlProgram<Outcome> {
  return outcome
}

function* record({ row, storeSlug, identification }: PosSale, dialect: string): SqlProgram<Outcome> {
  const customer = identification ? yield* findCustomer(identification) : null
  if (identification && !customer) return apiErrorBody(posErrors.customerNotFound(identification.field))
  if (row.reference) {
    const [existing] = yield sql('SELECT public_id FROM purchases WHERE store_id = ? AND reference = ? LIMIT 1', [row.store.id, row.reference])
    if (existing) return referenceTaken(String(existing.public_id))
  }
  const loyalty = yield* writeSale({ ...row, customer }, dialect)
  return { status: 201, body: answerOf(row, storeSlug, customer, loyalty) }
}

function answerOf(row: SaleRow, storeSlug: string, customer: SaleRow['customer'], loyalty: LoyaltyOutcome | null) {
  return {
    purchase_id: row.publicId,
    store: storeSlug,
    customer_id: customer?.publicId ?? null,
    total_cents: row.totalCents,
    // Whole seconds, as the row keeps them; ISO without milliseconds.
    occurred_at: row.occurredAt.toISOString().replace('.000Z', 'Z'),
    earned: loyalty?.earned ?? zeroBalances(),
    balances: customer ? (loyalty?.balances ?? zeroBalances()) : null,
    tier: loyalty?.programs[0]?.tier ?? null,
    rewards_issued: loyalty?.rewards_issued ?? [],
    receipt_lines: loyalty?.receipt_lines ?? [],
    programs: (loyalty?.programs ?? []).map((program) => ({
      program_id: program.program_id,
      name: program.name,
      earned: program.earned,
      balances: program.balances,
      tier: program.tier,
      rewards_issued: program.rewards_issued,
    })),
  }
}

function occurredAtOf(value: string | undefined): Date {
  // Whole seconds: what both SQLite and Postgres keep, so the answer matches the row.
  const now = DateTime.utc().startOf('second')
  if (value === undefined) return now.toJSDate()
  const parsed = DateTime.fromISO(value, { setZone: true })
  if (!parsed.isValid) throw fieldError('occurred_at', 'Must be an ISO 8601 date-time with an offset', 'date')
  if (parsed > now.plus({ minutes: MAX_FUTURE_MINUTES })) throw fieldError('occurred_at', 'Must not be in the future', 'date')
  if (parsed < now.minus({ years: 1 })) throw fieldError('occurred_at', 'Must not be older than one year', 'date')
  return parsed.toUTC().startOf('second').toJSDate()
}

const COLUMNS = { customer_id: 'public_id', card: 'card_code', phone: 'phone_e164' } as const

/** At most one identifier; none is an anonymous sale. */
export function identificationOf(payload: { customer_id?: string; card?: string; phone?: string }): Identification {
  const given = (['customer_id', 'card', 'phone'] as const).filter((field) => payload[field] !== undefined)
  if (given.length > 1) throw fieldError(given[1], 'Give at most one of customer_id, card or phone', 'identifier')
  if (given.length === 0) return null
  const field = given[0]
  if (field === 'customer_id') return { field, column: COLUMNS[field], value: payload.customer_id! }
  const identifier = parseAs(field, payload[field]!)
  if (!identifier) throw fieldError(field, `The ${field} is not valid`, field)
  return { field, column: identifier.kind === 'card' ? 'card_code' : 'phone_e164', value: identifier.value }
}

/** An erased customer is nobody. */
export function* findCustomer({ column, value }: NonNullable<Identification>): SqlProgram<SaleRow['customer']> {
  let [row] = yield sql(`SELECT id, public_id, merged_into_id FROM customers WHERE ${column} = ? AND erased_at IS NULL LIMIT 1`, [value])
  // A merged duplicate's card or phone leads to the customer it was merged into.
  for (let hops = 0; row?.merged_into_id && hops < 10; hops++) {
    ;[row] = yield sql('SELECT id, public_id, merged_into_id FROM customers WHERE id = ? AND erased_at IS NULL', [Number(row.merged_into_id)])
  }
  return row ? { id: Number(row.id), publicId: String(row.public_id) } : null
}

function referenceTaken(purchaseId: string): Outcome {
  return {
    status: 409,
    body: { errors: [{ code: 'E_PURCHASE_EXISTS', field: 'reference', message: 'A purchase with this reference is already recorded for this store' }], purchase_id: purchaseId },
  }
}
