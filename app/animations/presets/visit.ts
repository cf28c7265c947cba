import vine from '@vinejs/vine'
import { sendAt, whole, minutesOf, SIGNATURE_FR, SIGNATURE_EN, type Preset } from '#animations/presets/preset'

/** Visits: reward unlocked, review request, referral, happy hour. */
export const VISIT_PRESETS: Record<string, Preset> = {
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
  referral: {
    kind: 'referral',
    family: 'visit',
    trigger: 'purchase',
    params: vine.object({ invite_after_visits: whole(0, 100), min_basket_cents: whole(0, 100_000_00), max_per_year: whole(1, 100) }),
    defaults: { invite_after_visits: 2, min_basket_cents: 10_00, max_per_year: 10 },
    inputs: { min_basket_cents: 'euros' },
    occasionFields: ['referral.role'],
    reward: { type: 'points', points: 100, program_id: null },
    texts: {
      email: {
        fr: {
          subject: `{% if referral.role == 'invite' %}Parrainez vos proches{% elsif referral.role == 'referrer' %}Merci pour votre parrainage !{% else %}Votre cadeau de filleul{% endif %} — {{ store.name }}`,
          body: `Bonjour {{ customer.first_name }},\n\n{% case referral.role %}{% when 'invite' %}Vous aimez {{ store.name }} ? Faites-le découvrir : donnez votre code de parrainage {{ customer.referral_code }} à vos proches. À leur premier achat, vous recevrez chacun {{ reward.points }} points.{% when 'referrer' %}Une personne que vous avez parrainée vient de faire son premier achat chez {{ store.name }} : {{ reward.points }} points sont ajoutés à votre carte. Merci !{% else %}Merci d'être venu(e) chez {{ store.name }} sur recommandation : {{ reward.points }} points de bienvenue sont ajoutés à votre carte.{% endcase %}\n\n${SIGNATURE_FR}`,
        },
        en: {
          subject: `{% if referral.role == 'invite' %}Invite your friends{% elsif referral.role == 'referrer' %}Thank you for your referral!{% else %}Your referral present{% endif %} — {{ store.name }}`,
          body: `Hello {{ customer.first_name }},\n\n{% case referral.role %}{% when 'invite' %}You like {{ store.name }}? Share it: give your referral code {{ customer.referral_code }} to your friends. At their first purchase, you will each receive {{ reward.points }} points.{% when 'referrer' %}Someone you referred has just made their first purchase at {{ store.name }}: {{ reward.points }} points are added to your card. Thank you!{% else %}Thank you for coming to {{ store.name }} on a friend's recommendation: {{ reward.points }} welcome points are added to your card.{% endcase %}\n\n${SIGNATURE_EN}`,
        },
      },
      sms: {
        fr: { subject: null, body: `{% case referral.role %}{% when 'invite' %}Parrainez vos proches : donnez-leur votre code {{ customer.referral_code }}, {{ reward.points }} points chacun à leur 1er achat.{% when 'referrer' %}Merci pour votre parrainage : +{{ reward.points }} points sur votre carte.{% else %}Bienvenue ! +{{ reward.points }} points de filleul sur votre carte.{% endcase %}` },
        en: { subject: null, body: `{% case referral.role %}{% when 'invite' %}Invite your friends: give them your code {{ customer.referral_code }}, {{ reward.points }} points each at their 1st purchase.{% when 'referrer' %}Thank you for your referral: +{{ reward.points }} points on your card.{% else %}Welcome! +{{ reward.points }} referral points on your card.{% endcase %}` },
      },
    },
  },
  happy_hour: {
    kind: 'happy_hour',
    family: 'visit',
    trigger: 'purchase',
    params: vine.object({
      weekdays: vine.array(vine.number({ strict: true }).withoutDecimals().range([1, 7])).minLength(1).maxLength(7).distinct(),
      starts_at: sendAt(),
      ends_at: sendAt(),
      multiplier_pct: whole(100, 500),
      bonus_points: whole(0, 10_000),
      heads_up: vine.enum(['no', 'yes'] as const),
      send_at: sendAt(),
    }),
    defaults: { weekdays: [2, 3, 4], starts_at: '15:00', ends_at: '17:00', multiplier_pct: 200, bonus_points: 0, heads_up: 'no', send_at: '11:00' },
    inputs: { weekdays: 'weekdays', heads_up: ['no', 'yes'] },
    check: (params) => [
      ...(minutesOf(params.ends_at) <= minutesOf(params.starts_at) ? [{ param: 'ends_at', rule: 'after_start' }] : []),
      ...(params.multiplier_pct === 100 && params.bonus_points === 0 ? [{ param: 'multiplier_pct', rule: 'no_offer' }] : []),
      ...(params.heads_up === 'yes' && minutesOf(params.send_at) >= minutesOf(params.starts_at) ? [{ param: 'send_at', rule: 'before_start' }] : []),
    ],
    rewardInParams: true,
    occasionFields: ['offer.multiplier', 'offer.hours', 'offer.bonus_points'],
    reward: null,
    texts: {
      email: {
        fr: {
          subject: "Happy hour aujourd'hui chez {{ store.name }}",
          body: `Bonjour {{ customer.first_name }},\n\nAujourd'hui de {{ offer.hours }}, c'est happy hour chez {{ store.name }} : vos points sont {{ offer.multiplier }} sur votre premier achat du créneau.\n\n${SIGNATURE_FR}`,
        },
        en: {
          subject: 'Happy hour today at {{ store.name }}',
          body: `Hello {{ customer.first_name }},\n\nToday from {{ offer.hours }}, it is happy hour at {{ store.name }}: your points are {{ offer.multiplier }} on your first purchase in that slot.\n\n${SIGNATURE_EN}`,
        },
      },
      sms: {
        fr: { subject: null, body: "Happy hour aujourd'hui {{ offer.hours }} chez {{ store.name }} : points {{ offer.multiplier }} !" },
        en: { subject: null, body: 'Happy hour today {{ offer.hours }} at {{ store.name }}: points {{ offer.multiplier }}!' },
      },
    },
  },
}
