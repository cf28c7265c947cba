import vine from '@vinejs/vine'
import type { VineObject } from '@vinejs/vine'
import type { AnimationReward } from '#loyalty/animation_rewards'
import type { Channel } from '#animations/animation_config'

/**
 * The presets of the one engine (DESIGN.md, "Animations"): what triggers
 * each, its own parameters with their defaults, and the texts a new
 * animation starts from. A pass or an event handler per trigger
 * (app/animations/triggers/*) finds the customers concerned.
 */
export type Family = 'enrolment' | 'visit' | 'wakeup' | 'birthday' | 'behaviour'
export type Texts = Record<Channel, Record<'fr' | 'en', { subject: string | null; body: string }>>

export interface Preset {
  kind: string
  family: Family
  trigger: 'enrolment' | 'daily'
  params: VineObject<any, any, any, any>
  defaults: Record<string, unknown>
  reward: AnimationReward | null
  texts: Texts
}

const sendAt = () => vine.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/)
const days = (max: number) => vine.number({ strict: true }).withoutDecimals().range([1, max])

const SIGNATURE_FR = "À très vite,\nL'équipe de {{ store.name }}"
const SIGNATURE_EN = 'See you soon,\nThe {{ store.name }} team'

export const PRESETS: Record<string, Preset> = {
  welcome: {
    kind: 'welcome',
    family: 'enrolment',
    trigger: 'enrolment',
    params: vine.object({ delay_hours: vine.number({ strict: true }).withoutDecimals().range([0, 720]) }),
    defaults: { delay_hours: 0 },
    reward: null,
    texts: {
      email: {
        fr: {
          subject: 'Bienvenue chez {{ store.name }}, {{ customer.first_name }} !',
          body: `Bonjour {{ customer.first_name }},\n\nMerci d'avoir rejoint le programme de fidélité de {{ store.name }}. À chaque passage, votre carte se remplit : 1 point par euro, et tous les 100 points un bon de 5 € vous attend.\n\nVotre numéro de carte : {{ customer.card_code }}. Montrez-le simplement en caisse.\n\n${SIGNATURE_FR}`,
        },
        en: {
          subject: 'Welcome to {{ store.name }}, {{ customer.first_name }}!',
          body: `Hello {{ customer.first_name }},\n\nThank you for joining the {{ store.name }} loyalty programme. Every visit fills your card: 1 point per euro, and every 100 points a 5 € voucher awaits you.\n\nYour card number: {{ customer.card_code }}. Just show it at the till.\n\n${SIGNATURE_EN}`,
        },
      },
      sms: {
        fr: { subject: null, body: 'Bienvenue au programme fidélité de {{ store.name }} ! Votre carte : {{ customer.card_code }}.' },
        en: { subject: null, body: 'Welcome to the {{ store.name }} loyalty programme! Your card: {{ customer.card_code }}.' },
      },
    },
  },
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
  dormant: {
    kind: 'dormant',
    family: 'wakeup',
    trigger: 'daily',
    params: vine.object({ days: days(730), send_at: sendAt() }),
    defaults: { days: 60, send_at: '10:00' },
    reward: { type: 'voucher', voucher: { kind: 'amount', value_cents: 300, validity_days: 21 }, program_id: null },
    texts: {
      email: {
        fr: {
          subject: 'Vous nous manquez, {{ customer.first_name }}',
          body: `Bonjour {{ customer.first_name }},\n\nCela fait un moment que nous ne vous avons pas vu chez {{ store.name }}. Pour vous donner envie de revenir, voici {{ voucher.value }} de réduction sur votre prochain passage.\n\nVotre code : {{ voucher.code }}, valable jusqu'au {{ voucher.expires_on }}. Vous avez aussi {{ balance.points }} points sur votre carte.\n\n${SIGNATURE_FR}`,
        },
        en: {
          subject: 'We miss you, {{ customer.first_name }}',
          body: `Hello {{ customer.first_name }},\n\nWe have not seen you at {{ store.name }} for a while. To welcome you back, here is {{ voucher.value }} off your next visit.\n\nYour code: {{ voucher.code }}, valid until {{ voucher.expires_on }}. You also have {{ balance.points }} points on your card.\n\n${SIGNATURE_EN}`,
        },
      },
      sms: {
        fr: { subject: null, body: 'Vous nous manquez ! {{ store.name }} vous offre {{ voucher.value }} : code {{ voucher.code }}, jusqu\'au {{ voucher.expires_on }}.' },
        en: { subject: null, body: 'We miss you! {{ store.name }} offers you {{ voucher.value }}: code {{ voucher.code }}, until {{ voucher.expires_on }}.' },
      },
    },
  },
}

export function presetOf(kind: string): Preset {
  const preset = PRESETS[kind]
  if (!preset) throw new Error(`Unknown animation kind ${kind}`)
  return preset
}
