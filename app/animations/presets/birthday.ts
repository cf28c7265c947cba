import vine from '@vinejs/vine'
import { sendAt, days, whole, SIGNATURE_FR, SIGNATURE_EN, type Preset } from '#animations/presets/preset'

/** Birthday: D-day, D-X, booster. */
export const BIRTHDAY_PRESETS: Record<string, Preset> = {
  birthday: {
    kind: 'birthday',
    family: 'birthday',
    trigger: 'daily',
    params: vine.object({ send_at: sendAt() }),
    defaults: { send_at: '09:00' },
    reward: { type: 'voucher', voucher: { kind: 'product', product_label: 'Une boisson chaude offerte', value_cents: 300, validity_days: 30 }, program_id: null },
    texts: {
      email: {
        fr: {
          subject: 'Joyeux anniversaire {{ customer.first_name }} ! Un cadeau vous attend',
          body: `Joyeux anniversaire {{ customer.first_name }} !\n\nPour fêter ça, {{ store.name }} vous offre {{ voucher.value }}. Votre code : {{ voucher.code }}, valable jusqu'au {{ voucher.expires_on }}.\n\nPassez nous voir, on vous attend avec le sourire.\n\n${SIGNATURE_FR}`,
        },
        en: {
          subject: 'Happy birthday {{ customer.first_name }}! A present awaits you',
          body: `Happy birthday {{ customer.first_name }}!\n\nTo celebrate, {{ store.name }} offers you {{ voucher.value }}. Your code: {{ voucher.code }}, valid until {{ voucher.expires_on }}.\n\nCome and see us, we look forward to it.\n\n${SIGNATURE_EN}`,
        },
      },
      sms: {
        fr: { subject: null, body: 'Joyeux anniversaire {{ customer.first_name }} ! {{ store.name }} vous offre {{ voucher.value }} : code {{ voucher.code }}, jusqu\'au {{ voucher.expires_on }}.' },
        en: { subject: null, body: 'Happy birthday {{ customer.first_name }}! {{ store.name }} offers you {{ voucher.value }}: code {{ voucher.code }}, until {{ voucher.expires_on }}.' },
      },
    },
  },
  birthday_before: {
    kind: 'birthday_before',
    family: 'birthday',
    trigger: 'daily',
    params: vine.object({ days_before: days(60), send_at: sendAt() }),
    defaults: { days_before: 7, send_at: '10:00' },
    reward: null,
    texts: {
      email: {
        fr: {
          subject: "Votre anniversaire approche, {{ customer.first_name }}",
          body: `Bonjour {{ customer.first_name }},\n\nVotre anniversaire approche ! Le jour J, une surprise vous attendra chez {{ store.name }}.\n\n${SIGNATURE_FR}`,
        },
        en: {
          subject: 'Your birthday is coming, {{ customer.first_name }}',
          body: `Hello {{ customer.first_name }},\n\nYour birthday is coming! On the day, a surprise will be waiting for you at {{ store.name }}.\n\n${SIGNATURE_EN}`,
        },
      },
      sms: {
        fr: { subject: null, body: 'Votre anniversaire approche ! Une surprise vous attendra chez {{ store.name }} le jour J.' },
        en: { subject: null, body: 'Your birthday is coming! A surprise will be waiting for you at {{ store.name }} on the day.' },
      },
    },
  },
  birthday_booster: {
    kind: 'birthday_booster',
    family: 'birthday',
    trigger: 'purchase',
    params: vine.object({ days_before: whole(0, 30), days_after: whole(0, 30), multiplier_pct: whole(110, 500), send_at: sendAt() }),
    defaults: { days_before: 3, days_after: 3, multiplier_pct: 200, send_at: '10:00' },
    rewardInParams: true,
    occasionFields: ['offer.multiplier', 'offer.until'],
    reward: null,
    texts: {
      email: {
        fr: {
          subject: "C'est votre semaine d'anniversaire, {{ customer.first_name }} !",
          body: `Bonjour {{ customer.first_name }},\n\nVotre anniversaire approche : jusqu'au {{ offer.until }}, vos points sont {{ offer.multiplier }} à chaque achat chez {{ store.name }}.\n\n${SIGNATURE_FR}`,
        },
        en: {
          subject: 'It is your birthday week, {{ customer.first_name }}!',
          body: `Hello {{ customer.first_name }},\n\nYour birthday is coming: until {{ offer.until }}, your points are {{ offer.multiplier }} on every purchase at {{ store.name }}.\n\n${SIGNATURE_EN}`,
        },
      },
      sms: {
        fr: { subject: null, body: "Votre semaine d'anniversaire : points {{ offer.multiplier }} chez {{ store.name }} jusqu'au {{ offer.until }} !" },
        en: { subject: null, body: 'Your birthday week: points {{ offer.multiplier }} at {{ store.name }} until {{ offer.until }}!' },
      },
    },
  },
}
