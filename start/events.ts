/*
 * Who reacts to each domain event (dispatched from the outbox to BullMQ).
 * Later modules (loyalty, animations, analytics) register here.
 */
export type EventSubscriber = (data: Record<string, any>) => Promise<void>

/** The dashboard's daily figures count purchases, refunds and enrolments (app/analytics). */
const countInDailyFigures =
  (type: string): EventSubscriber =>
  async (data) => {
    const { applyEventToDailyFigures } = await import('#analytics/apply_event')
    await applyEventToDailyFigures(type, data)
  }

export const eventSubscribers: Record<string, EventSubscriber[]> = {
  'customer.enrolled': [
    countInDailyFigures('customer.enrolled'),
    async (data) => {
      const { onCustomerEnrolled } = await import('#animations/triggers/enrolment_trigger')
      await onCustomerEnrolled(data)
    },
  ],
  'purchase.recorded': [
    countInDailyFigures('purchase.recorded'),
    async (data) => {
      const { onPurchaseRecorded } = await import('#animations/triggers/purchase_trigger')
      await onPurchaseRecorded(data)
    },
  ],
  'refund.recorded': [countInDailyFigures('refund.recorded')],
  'tier.changed': [
    async (data) => {
      const { onTierChanged } = await import('#animations/triggers/loyalty_triggers')
      await onTierChanged(data)
    },
  ],
  'reward.issued': [
    async (data) => {
      const { onRewardIssued } = await import('#animations/triggers/loyalty_triggers')
      await onRewardIssued(data)
    },
  ],
}
