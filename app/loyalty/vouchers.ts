import type { VoucherTerms } from '#loyalty/program_rules'
import type { VoucherSource } from '#loyalty/models/voucher'
import { voucherExpiry } from '#loyalty/validity'
import { dbInstant } from '#shared/db_time'
import { newPublicId, randomCode } from '#shared/public_id'
import { later, rowsOf, sqlRows, type SqlProgram } from '#shared/sql_program'
import { writeEvent, writeEvents } from '#shared/outbox'

/** What a till, a receipt and the API show of a voucher. */
export interface IssuedVoucher {
  id: string
  code: string
  kind: VoucherTerms['kind']
  value_cents: number | null
  percent: number | null
  product_label: string | null
  source: VoucherSource
  expires_at: string
}

export interface VoucherIssue {
  /** Known beforehand when the debit that pays for the voucher names it as its cause. */
  publicId?: string
  customerId: number
  programId: number | null
  rewardId?: number | null
  source: VoucherSource
  terms: VoucherTerms
  causeEntryId: number | null
  issuedAt: Date
  timezone: string
  dialect: string
}

/** Ten characters of the unambiguous alphabet (31^10 ≈ 8·10^14): read aloud, typed, or scanned. */
export function newVoucherCode() {
  return randomCode(10)
}

const VOUCHER_COLUMNS =
  'public_id, code, customer_id, program_id, reward_id, source, kind, value_cents, percent, product_label, product_sku, status, issued_at, expires_at, cause_entry_id, terms'

/** One voucher's row (in VOUCHER_COLUMNS order) and what is shown of it. */
function voucherOf(issue: VoucherIssue) {
  const code = newVoucherCode()
  const publicId = issue.publicId ?? newPublicId()
  const expiresAt = voucherExpiry(issue.issuedAt, issue.terms.validity_days, issue.timezone)
  const { terms } = issue
  const params = [
    publicId,
    code,
    issue.customerId,
    issue.programId,
    issue.rewardId ?? null,
    issue.source,
    terms.kind,
    terms.value_cents ?? null,
    terms.percent ?? null,
    terms.product_label ?? null,
    terms.product_sku ?? null,
    'issued',
    dbInstant(issue.issuedAt, issue.dialect),
    dbInstant(expiresAt, issue.dialect),
    issue.causeEntryId,
    JSON.stringify(terms),
  ]
  const shown: IssuedVoucher = {
    id: publicId,
    code,
    kind: terms.kind,
    value_cents: terms.value_cents ?? null,
    percent: terms.percent ?? null,
    product_label: terms.product_label ?? null,
    source: issue.source,
    expires_at: expiresAt.toISOString(),
  }
  return { params, shown }
}

/** Issues a voucher (and its voucher.issued event, for the dashboard); its row is written with the transaction's next statement (nothing waits for it). */
export function* issueVoucher(issue: VoucherIssue): SqlProgram<IssuedVoucher> {
  const { params, shown } = voucherOf(issue)
  yield later(`INSERT INTO vouchers (${VOUCHER_COLUMNS}) VALUES ${rowsOf(1, params.length)}`, params)
  yield* writeEvent('voucher.issued', { voucher_id: shown.id }, dbInstant(issue.issuedAt, issue.dialect))
  return shown
}

/** Issues many vouchers in one statement; each comes back with its row id. */
export function* issueVouchers(issues: VoucherIssue[]): SqlProgram<Array<IssuedVoucher & { rowId: number }>> {
  if (issues.length === 0) return []
  const vouchers = issues.map(voucherOf)
  const rows = yield sqlRows(
    `INSERT INTO vouchers (${VOUCHER_COLUMNS}) VALUES ${rowsOf(vouchers.length, vouchers[0].params.length)} RETURNING id, public_id`,
    vouchers.flatMap((voucher) => voucher.params)
  )
  yield* writeEvents('voucher.issued', vouchers.map((voucher) => ({ voucher_id: voucher.shown.id })), dbInstant(issues[0].issuedAt, issues[0].dialect))
  const idOf = new Map(rows.map((row) => [String(row.public_id), Number(row.id)]))
  return vouchers.map(({ shown }) => ({ ...shown, rowId: idOf.get(shown.id)! }))
}
