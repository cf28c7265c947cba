/*
 * Who reacts to each domain event (dispatched from the outbox to BullMQ).
 * Later modules (loyalty, animations, analytics) register here.
 */
export type EventSubscriber = (data: Record<string, any>) => Promise<void>

/** The dashboard's figures count sales, refunds, enrolments, rewards and members who leave (app/analytics). */
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
  'redemption.recorded': [countInDailyFigures('redemption.recorded')],
  'voucher.issued': [countInDailyFigures('voucher.issued')],
  'customer.erased': [countInDailyFigures('customer.erased')],
  'customers.merged': [countInDailyFigures('customers.merged')],
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
