import vine from '@vinejs/vine'
import { sendAt, days, SIGNATURE_FR, SIGNATURE_EN, type Preset } from '#animations/presets/preset'

/** Wake-up: dormant customers, voucher and points expiry, monthly reminder. */
export const WAKEUP_PRESETS: Record<string, Preset> = {
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
}
