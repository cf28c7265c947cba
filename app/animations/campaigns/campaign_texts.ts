import type { Texts } from '#animations/presets'

/** What a new campaign starts from: a short piece of news from the shop, ready to rewrite. */
export const CAMPAIGN_TEXTS: Texts = {
  email: {
    fr: {
      subject: 'Du nouveau chez {{ store.name }}',
      body: "Bonjour {{ customer.first_name }},\n\nCette semaine chez {{ store.name }} : …\n\nVous avez {{ balance.points }} points sur votre carte.\n\nÀ très vite,\nL'équipe de {{ store.name }}",
    },
    en: {
      subject: 'News from {{ store.name }}',
      body: 'Hello {{ customer.first_name }},\n\nThis week at {{ store.name }}: …\n\nYou have {{ balance.points }} points on your card.\n\nSee you soon,\nThe {{ store.name }} team',
    },
  },
  sms: {
    fr: { subject: null, body: 'Cette semaine chez {{ store.name }} : …' },
    en: { subject: null, body: 'This week at {{ store.name }}: …' },
  },
}
