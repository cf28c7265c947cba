/*
 * Who reacts to each domain event (dispatched from the outbox to BullMQ).
 * Later modules (loyalty, animations, analytics) register here.
 */
export type EventSubscriber = (data: Record<string, any>) => Promise<void>

export const eventSubscribers: Record<string, EventSubscriber[]> = {
  'customer.enrolled': [
    async (data) => {
      const { onCustomerEnrolled } = await import('#animations/triggers/enrolment_trigger')
      await onCustomerEnrolled(data)
    },
  ],
}
