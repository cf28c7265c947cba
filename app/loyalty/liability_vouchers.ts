import { sql, type Row, type Sql } from '#shared/sql_program'

/**
 * Vouchers in the liability report (app/loyalty/liability_report.ts): an
 * issued voucher is owed at its value until it is redeemed or expires.
 *
 * Dates: issued at `issued_at`; redeemed at `redeemed_at`; expired at
 * `expires_at`, counted like lots (gone at the close of its last valid
 * day). `cancelled` has no date of its own: a cancelled voucher counts as
 * cancelled when it was issued, so it never shows as owed (a cancellation
 * voids a voucher that should not have been issued). A voucher given back
 * by a refund is `issued` again and counts as owed from its issue (its
 * redemption is forgotten: the table keeps no history of it).
 *
 * Per line: how many, their value (amount vouchers at face value, product
 * vouchers at the product's price when known), and how many have no value
 * (percentages, products without a price). Σ(issued − redeemed − expired −
 * cancelled) = closing − opening, in count and value.
 */
export const VOUCHER_LINES = ['opening', 'issued', 'redeemed', 'expired', 'cancelled', 'closing'] as const
export type VoucherLineKey = (typeof VOUCHER_LINES)[number]

export interface VoucherLine {
  line: VoucherLineKey
  count: number
  valueCents: number
  /** Of `count`, those without a value in euros. */
  unvalued: number
}

const REDEEMED_AT = 'COALESCE(redeemed_at, issued_at)'
const owedAt = (at: string) => `issued_at < ${at} AND ((status = 'issued' AND expires_at > ${at}) OR (status = 'redeemed' AND ${REDEEMED_AT} >= ${at}))`

const CONDITIONS: Record<VoucherLineKey, string> = {
  opening: owedAt(':from'),
  issued: 'issued_at >= :from AND issued_at < :to',
  redeemed: `status = 'redeemed' AND ${REDEEMED_AT} >= :from AND ${REDEEMED_AT} < :to`,
  expired: "status = 'issued' AND expires_at > :from AND expires_at <= :to",
  cancelled: "status = 'cancelled' AND issued_at >= :from AND issued_at < :to",
  closing: owedAt(':to'),
}

const columns = VOUCHER_LINES.flatMap((line) => [
  `SUM(CASE WHEN ${CONDITIONS[line]} THEN 1 ELSE 0 END) AS ${line}_count`,
  `SUM(CASE WHEN ${CONDITIONS[line]} THEN COALESCE(value_cents, 0) ELSE 0 END) AS ${line}_value`,
  `SUM(CASE WHEN ${CONDITIONS[line]} AND value_cents IS NULL THEN 1 ELSE 0 END) AS ${line}_unvalued`,
])

// A voucher is on some line only if issued before `to` and not gone before
// `from`: the rest is skipped before the sums. No index serves this
// (vouchers are indexed by customer): one pass over the table.
const RELEVANT = `issued_at < :to AND (issued_at >= :from OR expires_at > :from OR ${REDEEMED_AT} >= :from)`
const NAMED = `SELECT program_id, ${columns.join(', ')} FROM vouchers WHERE ${RELEVANT} GROUP BY program_id`
const ORDER = [...NAMED.matchAll(/:(from|to)\b/g)].map((match) => match[1] as 'from' | 'to')
const VOUCHERS_SQL = NAMED.replace(/:(from|to)\b/g, '?')

export function voucherQuery(fromDb: string, toDb: string): Sql {
  return sql(VOUCHERS_SQL, ORDER.map((name) => (name === 'from' ? fromDb : toDb)))
}

/** Lines per programme id (null: vouchers of no programme). */
export function voucherFigures(rows: Row[]): Map<number | null, VoucherLine[]> {
  return new Map(rows.map((row) => [row.program_id === null ? null : Number(row.program_id), linesOf(row)]))
}

/** A programme that never issued a voucher. */
export function noVouchers(): VoucherLine[] {
  return linesOf({})
}

function linesOf(row: Row): VoucherLine[] {
  return VOUCHER_LINES.map((line) => ({
    line,
    count: Number(row[`${line}_count`] ?? 0),
    valueCents: Number(row[`${line}_value`] ?? 0),
    unvalued: Number(row[`${line}_unvalued`] ?? 0),
  }))
}
