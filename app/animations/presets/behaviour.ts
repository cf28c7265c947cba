import vine from '@vinejs/vine'
import { days, whole, SIGNATURE_FR, SIGNATURE_EN, type Preset } from '#animations/presets/preset'

/** Behaviour: rules on what a customer buys and where. */
export const BEHAVIOUR_PRESETS: Record<string, Preset> = {
  behaviour_rule: {
    kind: 'behaviour_rule',
    family: 'behaviour',
    trigger: 'purchase',
    params: vine.object({
      condition: vine.enum(['category_count', 'basket', 'other_store'] as const),
      category: vine.string().trim().maxLength(64),
      count: whole(1, 100),
      period_days: days(365),
      min_basket_cents: whole(0, 100_000_00),
    }),
    defaults: { condition: 'category_count', category: 'café', count: 5, period_days: 30, min_basket_cents: 30_00 },
    inputs: { condition: ['category_count', 'basket', 'other_store'], min_basket_cents: 'euros' },
    check: (params) => [
      ...(params.condition === 'category_count' && params.category === '' ? [{ param: 'category', rule: 'required' }] : []),
      ...(params.condition === 'basket' && params.min_basket_cents === 0 ? [{ param: 'min_basket_cents', rule: 'required' }] : []),
    ],
    reward: { type: 'points', points: 50, program_id: null },
    texts: {
      email: {
        fr: {
          subject: 'Un petit merci de {{ store.name }}',
          body: `Bonjour {{ customer.first_name }},\n\nVous faites partie de nos fidèles : pour vous remercier, {{ reward.points }} points sont ajoutés à votre carte {{ store.name }}. Vous en avez maintenant {{ balance.points }}.\n\n${SIGNATURE_FR}`,
        },
        en: {
          subject: 'A little thank-you from {{ store.name }}',
          body: `Hello {{ customer.first_name }},\n\nYou are one of our regulars: to thank you, {{ reward.points }} points are added to your {{ store.name }} card. You now have {{ balance.points }}.\n\n${SIGNATURE_EN}`,
        },
      },
      sms: {
        fr: { subject: null, body: 'Merci de votre fidélité : +{{ reward.points }} points sur votre carte {{ store.name }} !' },
        en: { subject: null, body: 'Thank you for your loyalty: +{{ reward.points }} points on your {{ store.name }} card!' },
      },
    },
  },
}
