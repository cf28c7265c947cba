import Purchase from '#purchases/models/purchase'
import type Customer from '#customers/models/customer'

/**
 * What the till shows about a customer, and nothing more (R41): name, card,
 * balance and the last visits. Never e-mail, phone or birthday, in the page
 * or in the JSON.
 */
export async function tillCardOf(customer: Customer) {
  const purchases = await Purchase.query()
    .where('customerId', customer.id)
    .orderBy('occurredAt', 'desc')
    .orderBy('id', 'desc')
    .limit(5)
  return {
    publicId: customer.publicId,
    name: customer.displayName,
    cardCode: customer.cardCode,
    // Loyalty balances arrive with the loyalty module.
    balancePoints: 0,
    visits: purchases.map((purchase) => ({
      publicId: purchase.publicId,
      occurredAt: purchase.occurredAt,
      totalCents: purchase.totalCents,
      currency: purchase.currency,
    })),
  }
}

export type TillCard = Awaited<ReturnType<typeof tillCardOf>>
