import db from '@adonisjs/lucid/services/db'
import { instant, numberOrNull, type ExportedPurchase } from '#privacy/export/customer_export'

type Row = Record<string, any>

/**
 * The customer's purchases with their lines (product code, quantity,
 * prices: within portability, CNIL 2025), the discounts applied to each
 * and their refunds. Four reads, each joined from the customer's own
 * purchases (no list of ids as parameters, however long the history).
 */
export async function purchasesOf(customerId: number): Promise<ExportedPurchase[]> {
  const own = () => db.from('purchases as p').where('p.customer_id', customerId)
  const [purchases, lines, discounts, refunds, refundLines] = await Promise.all([
    own().join('stores as s', 's.id', 'p.store_id').orderBy('p.occurred_at').orderBy('p.id').select('p.id', 'p.public_id', 's.public_id as store_id', 's.name as store_name', 'p.occurred_at', 'p.total_cents', 'p.currency', 'p.reference', 'p.source'),
    own().join('purchase_lines as l', 'l.purchase_id', 'p.id').orderBy('l.position').select('l.purchase_id', 'l.position', 'l.sku', 'l.name', 'l.category', 'l.quantity', 'l.unit_price_cents', 'l.total_cents'),
    own()
      .join('redemptions as d', (join) => join.on('d.purchase_id', 'p.id').andOn('d.customer_id', 'p.customer_id'))
      .leftJoin('vouchers as v', (join) => join.on('v.id', 'd.voucher_id').andOn('v.customer_id', 'p.customer_id'))
      .orderBy('d.id')
      .select('d.purchase_id', 'd.public_id', 'd.kind', 'v.code as voucher_code', 'd.units', 'd.discount_cents', 'd.discount_percent', 'd.product_label', 'd.status'),
    own().join('refunds as r', 'r.purchase_id', 'p.id').orderBy('r.id').select('r.id', 'r.purchase_id', 'r.public_id', 'r.amount_cents', 'r.occurred_at'),
    own().join('refunds as r', 'r.purchase_id', 'p.id').join('refund_lines as rl', 'rl.refund_id', 'r.id').orderBy('rl.position').select('rl.refund_id', 'rl.position', 'rl.quantity', 'rl.amount_cents'),
  ])
  const linesOf = groupBy(lines, 'purchase_id')
  const discountsOf = groupBy(discounts, 'purchase_id')
  const refundsOf = groupBy(refunds, 'purchase_id')
  const refundLinesOf = groupBy(refundLines, 'refund_id')
  return purchases.map((row) => {
    const purchaseLines = (linesOf.get(Number(row.id)) ?? []).map(lineOf)
    return {
      id: row.public_id,
      store: { id: row.store_id, name: row.store_name },
      occurred_at: instant(row.occurred_at),
      total_cents: Number(row.total_cents),
      currency: row.currency,
      reference: row.reference,
      source: row.source,
      lines: purchaseLines,
      discounts: (discountsOf.get(Number(row.id)) ?? []).map(discountOf),
      refunds: (refundsOf.get(Number(row.id)) ?? []).map((refund) => refundOf(refund, refundLinesOf.get(Number(refund.id)) ?? [], purchaseLines)),
    }
  })
}

function groupBy(rows: Row[], key: string) {
  const groups = new Map<number, Row[]>()
  for (const row of rows) {
    const id = Number(row[key])
    const group = groups.get(id)
    if (group) group.push(row)
    else groups.set(id, [row])
  }
  return groups
}

function lineOf(row: Row): ExportedPurchase['lines'][number] {
  return {
    position: Number(row.position),
    sku: row.sku,
    name: row.name,
    category: row.category,
    quantity: Number(row.quantity),
    unit_price_cents: Number(row.unit_price_cents),
    total_cents: Number(row.total_cents),
  }
}

function discountOf(row: Row): ExportedPurchase['discounts'][number] {
  return {
    redemption_id: row.public_id,
    kind: row.kind,
    voucher_code: row.voucher_code ?? null,
    units: Number(row.units),
    discount_cents: numberOrNull(row.discount_cents),
    discount_percent: numberOrNull(row.discount_percent),
    product_label: row.product_label,
    status: row.status,
  }
}

/** A refund line names the purchase line it gives back by position. */
function refundOf(row: Row, lines: Row[], purchaseLines: ExportedPurchase['lines']): ExportedPurchase['refunds'][number] {
  return {
    id: row.public_id,
    amount_cents: Number(row.amount_cents),
    occurred_at: instant(row.occurred_at),
    lines: lines.map((line) => {
      const bought = purchaseLines.find((purchaseLine) => purchaseLine.position === Number(line.position))
      return { position: Number(line.position), sku: bought?.sku ?? null, name: bought?.name ?? null, quantity: Number(line.quantity), amount_cents: Number(line.amount_cents) }
    }),
  }
}
