/*
 * Who reacts to each domain event (dispatched from the outbox to BullMQ).
 * Later modules (loyalty, animations, analytics) register here.
 */
export type EventSubscriber = (data: Record<string, any>) => Promise<void>

export const eventSubscribers: Record<string, EventSubscriber[]> = {}
