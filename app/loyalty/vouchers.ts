import type { VoucherTerms } from '#loyalty/program_rules'
import type { VoucherSource } from '#loyalty/models/voucher'
import { voucherExpiry } from '#loyalty/validity'
import { dbInstant } from '#shared/db_time'
import { newPublicId, randomCode } from '#shared/public_id'
import { later, type SqlProgram } from '#shared/sql_program'

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

export function* issueVoucher(issue: VoucherIssue): SqlProgram<IssuedVoucher> {
  const code = newVoucherCode()
  const publicId = issue.publicId ?? newPublicId()
  const expiresAt = voucherExpiry(issue.issuedAt, issue.terms.validity_days, issue.timezone)
  const { terms } = issue
  yield later(
    `INSERT INTO vouchers (public_id, code, customer_id, program_id, reward_id, source, kind, value_cents, percent, product_label, product_sku, status, issued_at, expires_at, cause_entry_id, terms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'issued', ?, ?, ?, ?)`,
    [
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
      dbInstant(issue.issuedAt, issue.dialect),
      dbInstant(expiresAt, issue.dialect),
      issue.causeEntryId,
      JSON.stringify(terms),
    ]
  )
  return {
    id: publicId,
    code,
    kind: terms.kind,
    value_cents: terms.value_cents ?? null,
    percent: terms.percent ?? null,
    product_label: terms.product_label ?? null,
    source: issue.source,
    expires_at: expiresAt.toISOString(),
  }
}
