import vine from '@vinejs/vine'
import { sendAt, days, SIGNATURE_FR, SIGNATURE_EN, type Preset } from '#animations/presets/preset'

/** Enrolment: welcome, enrolment reminder, tier change. */
export const ENROLMENT_PRESETS: Record<string, Preset> = {
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
  enrolment_reminder: {
    kind: 'enrolment_reminder',
    family: 'enrolment',
    trigger: 'daily',
    params: vine.object({ after_days: days(90), send_at: sendAt() }),
    defaults: { after_days: 3, send_at: '11:00' },
    reward: null,
    texts: {
      email: {
        fr: {
          subject: '{{ customer.first_name }}, votre carte {{ store.name }} est presque prête',
          body: `Bonjour {{ customer.first_name }},\n\nMerci de vous être inscrit(e) chez {{ store.name }} ! Il manque encore quelques informations à votre profil, comme votre date d'anniversaire : donnez-la lors de votre prochain passage en caisse et un cadeau vous attendra le jour J.\n\nVotre numéro de carte : {{ customer.card_code }}.\n\n${SIGNATURE_FR}`,
        },
        en: {
          subject: '{{ customer.first_name }}, your {{ store.name }} card is almost ready',
          body: `Hello {{ customer.first_name }},\n\nThank you for joining {{ store.name }}! Your profile still misses a few details, such as your birthday: give it at the till on your next visit and a present will await you on the day.\n\nYour card number: {{ customer.card_code }}.\n\n${SIGNATURE_EN}`,
        },
      },
      sms: {
        fr: { subject: null, body: "Complétez votre profil fidélité chez {{ store.name }} (date d'anniversaire…) à votre prochain passage : un cadeau vous attendra le jour J." },
        en: { subject: null, body: 'Complete your {{ store.name }} loyalty profile (birthday…) on your next visit: a present will await you on the day.' },
      },
    },
  },
  tier_change: {
    kind: 'tier_change',
    family: 'enrolment',
    trigger: 'tier',
    params: vine.object({ direction: vine.enum(['up', 'any'] as const) }),
    defaults: { direction: 'up' },
    inputs: { direction: ['up', 'any'] },
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
}
