/** A delivery's life: queued → sending → sent; or held (to a later slot), skipped (with a reason), failed, interrupted. */
export const DELIVERY_STATUSES: readonly string[] = ['queued', 'held', 'sending', 'sent', 'skipped', 'failed', 'interrupted']
