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
  trigger: 'enrolment' | 'purchase' | 'tier' | 'reward' | 'daily'
  /** The occasion names a voucher of its own (its code may be used without a reward). */
  aboutVoucher?: boolean
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
  tier_change: {
    kind: 'tier_change',
    family: 'enrolment',
    trigger: 'tier',
    params: vine.object({ direction: vine.enum(['up', 'any'] as const) }),
    defaults: { direction: 'up' },
    reward: null,
    texts: {
      email: {
        fr: {
          subject: 'Bravo {{ customer.first_name }}, vous passez {{ tier.name }} !',
          body: `Bonjour {{ customer.first_name }},\n\nGrâce à vos visites chez {{ store.name }}, vous êtes désormais {{ tier.name }}. Vos prochains achats vous rapportent davantage de points.\n\nVous avez {{ balance.points }} points sur votre carte.\n\n${SIGNATURE_FR}`,
        },
        en: {
          subject: 'Well done {{ customer.first_name }}, you are now {{ tier.name }}!',
          body: `Hello {{ customer.first_name }},\n\nThanks to your visits to {{ store.name }}, you are now {{ tier.name }}. Your next purchases earn you more points.\n\nYou have {{ balance.points }} points on your card.\n\n${SIGNATURE_EN}`,
        },
      },
      sms: {
        fr: { subject: null, body: 'Bravo, vous passez {{ tier.name }} chez {{ store.name }} ! Vos achats rapportent plus de points.' },
        en: { subject: null, body: 'Well done, you are now {{ tier.name }} at {{ store.name }}! Your purchases earn more points.' },
      },
    },
  },
  reward_unlocked: {
    kind: 'reward_unlocked',
    family: 'visit',
    trigger: 'reward',
    aboutVoucher: true,
    params: vine.object({}),
    defaults: {},
    reward: null,
    texts: {
      email: {
        fr: {
          subject: 'Un bon vous attend chez {{ store.name }}',
          body: `Bonjour {{ customer.first_name }},\n\nVotre fidélité paie : {{ voucher.value }} vous attend. Votre code : {{ voucher.code }}, valable jusqu'au {{ voucher.expires_on }}.\n\n${SIGNATURE_FR}`,
        },
        en: {
          subject: 'A voucher awaits you at {{ store.name }}',
          body: `Hello {{ customer.first_name }},\n\nYour loyalty pays: {{ voucher.value }} awaits you. Your code: {{ voucher.code }}, valid until {{ voucher.expires_on }}.\n\n${SIGNATURE_EN}`,
        },
      },
      sms: {
        fr: { subject: null, body: '{{ voucher.value }} vous attend : code {{ voucher.code }}, jusqu\'au {{ voucher.expires_on }}.' },
        en: { subject: null, body: '{{ voucher.value }} awaits you: code {{ voucher.code }}, until {{ voucher.expires_on }}.' },
      },
    },
  },
  reward_expiry: {
    kind: 'reward_expiry',
    family: 'wakeup',
    trigger: 'daily',
    aboutVoucher: true,
    params: vine.object({ days_before: days(60), send_at: sendAt() }),
    defaults: { days_before: 7, send_at: '10:00' },
    reward: null,
    texts: {
      email: {
        fr: {
          subject: 'Votre bon expire bientôt, {{ customer.first_name }}',
          body: `Bonjour {{ customer.first_name }},\n\nPetit rappel : votre bon ({{ voucher.value }}, code {{ voucher.code }}) est valable jusqu'au {{ voucher.expires_on }}. Passez en profiter chez {{ store.name }} !\n\n${SIGNATURE_FR}`,
        },
        en: {
          subject: 'Your voucher expires soon, {{ customer.first_name }}',
          body: `Hello {{ customer.first_name }},\n\nA reminder: your voucher ({{ voucher.value }}, code {{ voucher.code }}) is valid until {{ voucher.expires_on }}. Come and enjoy it at {{ store.name }}!\n\n${SIGNATURE_EN}`,
        },
      },
      sms: {
        fr: { subject: null, body: 'Votre bon {{ voucher.value }} (code {{ voucher.code }}) expire le {{ voucher.expires_on }}.' },
        en: { subject: null, body: 'Your voucher {{ voucher.value }} (code {{ voucher.code }}) expires on {{ voucher.expires_on }}.' },
      },
    },
  },
  points_expiry: {
    kind: 'points_expiry',
    family: 'wakeup',
    trigger: 'daily',
    params: vine.object({ days_before: days(60), send_at: sendAt() }),
    defaults: { days_before: 14, send_at: '10:00' },
    reward: null,
    texts: {
      email: {
        fr: {
          subject: '{{ points.expiring }} points expirent le {{ points.expires_on }}',
          body: `Bonjour {{ customer.first_name }},\n\n{{ points.expiring }} de vos {{ balance.points }} points expirent le {{ points.expires_on }}. Une visite chez {{ store.name }} d'ici là et ils ne seront pas perdus.\n\n${SIGNATURE_FR}`,
        },
        en: {
          subject: '{{ points.expiring }} points expire on {{ points.expires_on }}',
          body: `Hello {{ customer.first_name }},\n\n{{ points.expiring }} of your {{ balance.points }} points expire on {{ points.expires_on }}. Visit {{ store.name }} before then so they are not lost.\n\n${SIGNATURE_EN}`,
        },
      },
      sms: {
        fr: { subject: null, body: '{{ points.expiring }} points expirent le {{ points.expires_on }} : passez nous voir !' },
        en: { subject: null, body: '{{ points.expiring }} points expire on {{ points.expires_on }}: come and see us!' },
      },
    },
  },
  scheduled_reminder: {
    kind: 'scheduled_reminder',
    family: 'wakeup',
    trigger: 'daily',
    params: vine.object({ day_of_month: vine.number({ strict: true }).withoutDecimals().range([1, 31]), send_at: sendAt() }),
    defaults: { day_of_month: 1, send_at: '10:00' },
    reward: null,
    texts: {
      email: {
        fr: {
          subject: 'Votre carte {{ store.name }} ce mois-ci',
          body: `Bonjour {{ customer.first_name }},\n\nVous avez {{ balance.points }} points et {{ balance.stamps }} tampons sur votre carte {{ store.name }}.\n\n${SIGNATURE_FR}`,
        },
        en: {
          subject: 'Your {{ store.name }} card this month',
          body: `Hello {{ customer.first_name }},\n\nYou have {{ balance.points }} points and {{ balance.stamps }} stamps on your {{ store.name }} card.\n\n${SIGNATURE_EN}`,
        },
      },
      sms: {
        fr: { subject: null, body: 'Votre carte : {{ balance.points }} points, {{ balance.stamps }} tampons.' },
        en: { subject: null, body: 'Your card: {{ balance.points }} points, {{ balance.stamps }} stamps.' },
      },
    },
  },
  review_request: {
    kind: 'review_request',
    family: 'visit',
    trigger: 'purchase',
    params: vine.object({ visit_number: vine.number({ strict: true }).withoutDecimals().range([1, 100]), delay_hours: vine.number({ strict: true }).withoutDecimals().range([0, 720]) }),
    defaults: { visit_number: 3, delay_hours: 3 },
    reward: null,
    texts: {
      email: {
        fr: {
          subject: 'Votre avis compte pour {{ store.name }}',
          body: `Bonjour {{ customer.first_name }},\n\nMerci pour vos visites chez {{ store.name }} ! Si vous avez deux minutes, votre avis aide beaucoup un commerce de quartier : [donner mon avis]({{ links.review }})\n\n${SIGNATURE_FR}`,
        },
        en: {
          subject: 'Your opinion matters to {{ store.name }}',
          body: `Hello {{ customer.first_name }},\n\nThank you for your visits to {{ store.name }}! If you have two minutes, your review helps a neighbourhood shop a lot: [leave a review]({{ links.review }})\n\n${SIGNATURE_EN}`,
        },
      },
      sms: {
        fr: { subject: null, body: 'Merci pour vos visites ! Votre avis nous aide : {{ links.review }}' },
        en: { subject: null, body: 'Thank you for your visits! Your review helps us: {{ links.review }}' },
      },
    },
  },
}

export function presetOf(kind: string): Preset {
  const preset = PRESETS[kind]
  if (!preset) throw new Error(`Unknown animation kind ${kind}`)
  return preset
}
