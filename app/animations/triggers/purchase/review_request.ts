import type { ActiveAnimation } from '#animations/active_animations'
import { fireOccurrences } from '#animations/fire'
import type { PurchaseFacts } from '#animations/triggers/purchase_trigger'

/** Once per customer, N hours after their Nth visit, and only for a store that has a review page to send them to. */
export async function onReviewRequest(animation: ActiveAnimation, purchase: PurchaseFacts) {
  if (!purchase.reviewUrl) return
  if ((await purchase.visitNumber()) !== Number(animation.config.params.visit_number)) return
  const dueAt = new Date(Math.max(Date.now(), purchase.occurredAt.getTime() + Number(animation.config.params.delay_hours) * 3_600_000))
  await fireOccurrences(animation, [{ customerId: purchase.customer.id, customerStoreId: purchase.customer.storeId, key: 'review', dueAt }])
}
