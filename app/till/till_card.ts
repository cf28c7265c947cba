import db from '@adonisjs/lucid/services/db'
import Purchase from '#purchases/models/purchase'
import type Customer from '#customers/models/customer'
import { memberSummaryOf } from '#loyalty/member_summary'

/**
 * What the till shows about a customer, and nothing more (R41): name, card,
 * balances, tier, usable vouchers, the rewards the balance affords and the
 * last visits. Never e-mail, phone or birthday, in the page or in the JSON.
 */
export async function tillCardOf(customer: Customer, storeId: number | null) {
  const purchases = await Purchase.query()
    .where('customerId', customer.id)
    .select('*', db.raw('(SELECT COALESCE(SUM(amount_cents), 0) FROM refunds WHERE refunds.purchase_id = purchases.id) AS refunded_cents'))
    .orderBy('occurredAt', 'desc')
    .orderBy('id', 'desc')
    .limit(5)
  return {
    publicId: customer.publicId,
    name: customer.displayName,
    cardCode: customer.cardCode,
    // Without a store of its own, only business-wide programmes apply.
    loyalty: await memberSummaryOf(customer.id, storeId ?? 0),
    visits: purchases.map((purchase) => ({
      publicId: purchase.publicId,
      occurredAt: purchase.occurredAt,
      totalCents: purchase.totalCents,
      currency: purchase.currency,
      refundedCents: Number(purchase.$extras.refunded_cents ?? 0),
      // Refunds are recorded by the store of the sale.
      refundable: purchase.storeId === storeId && Number(purchase.$extras.refunded_cents ?? 0) < Number(purchase.totalCents),
    })),
  }
}

export type TillCard = Awaited<ReturnType<typeof tillCardOf>>
