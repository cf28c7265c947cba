import db from '@adonisjs/lucid/services/db'
import { PRESETS } from '#animations/presets'
import { saveAnimation, type AnimationInput } from '#animations/save_animation'
import { runAnimationsTick } from '#animations/tick'
import { DEFAULT_SETTINGS, saveMessagingSettings, type MessagingSettings } from '#messaging/messaging_settings'
import type Store from '#stores/models/store'
import { createCustomer } from '#tests/helpers/factories'
import type { EnrolCustomerInput } from '#customers/enrol_customer'
import { drainQueue } from '#tests/helpers/queues'
import { QUEUES } from '#shared/queue'

/**
 * Sending at any hour of any day, a generous cap: tests that are not about
 * the guards must not depend on the clock of the machine running them.
 */
export async function sendAtAnyHour(overrides: Partial<MessagingSettings> = {}) {
  await saveMessagingSettings({
    ...DEFAULT_SETTINGS,
    frequency_cap: { count: 50, days: 1 },
    quiet_hours: null,
    sms_window: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '00:00', skip_public_holidays: false },
    ...overrides,
  })
}

/** An active animation from its preset, for this store only (tests share one database). */
export async function createAnimation(store: Store, kind: string, overrides: Partial<AnimationInput['config']> & { params?: Record<string, unknown> } = {}, texts?: AnimationInput['texts']) {
  const preset = PRESETS[kind]
  const channels = overrides.channels ?? ['email']
  return saveAnimation(
    {
      name: `${kind} ${store.slug}`,
      kind,
      storeId: store.id,
      status: 'active',
      config: { channels, reward: overrides.reward === undefined ? preset.reward : overrides.reward, holdout_percent: overrides.holdout_percent ?? 0, segment_id: overrides.segment_id ?? null, params: { ...preset.defaults, ...overrides.params } },
      texts: texts ?? preset.texts,
    },
    null
  )
}

/** A customer who accepted every message: both channels, personalisation and review requests (`consents` replaces them all). */
export async function customerWith(store: Store, overrides: Partial<EnrolCustomerInput> = {}) {
  return createCustomer(store, { consents: { email_marketing: true, sms_marketing: true, personalisation: true, review_requests: true }, ...overrides })
}

/** A tick as if now were `at`, then the messages queue run: what a customer would receive. */
export async function tickAndSend(at: string) {
  const report = await runAnimationsTick(new Date(at))
  await drainQueue(QUEUES.messages)
  return report
}

export async function deliveriesOf(customerId: number) {
  return db.from('deliveries as d').join('firings as f', 'f.id', 'd.firing_id').where('d.customer_id', customerId).orderBy('d.id').select('d.*', 'f.occurrence_key', 'f.voucher_id', 'f.source_id')
}
