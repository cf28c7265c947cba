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
  /** How the designer shows a parameter that is not a plain figure or time: a choice, the days of the week, euros. */
  inputs?: Record<string, readonly string[] | 'weekdays' | 'euros'>
  /** Checks between parameters, once each is valid on its own: the names of the wrong ones, with the rule. */
  check?: (params: Record<string, any>) => Array<{ param: string; rule: string }>
  /** The preset's reward is in its parameters (a multiplier, a bonus): no reward of the common kind. */
  rewardInParams?: boolean
  /** Merge fields only this occasion fills (referral.role, offer.*). */
  occasionFields?: readonly string[]
  reward: AnimationReward | null
  texts: Texts
}

const sendAt = () => vine.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/)
const days = (max: number) => vine.number({ strict: true }).withoutDecimals().range([1, max])
const whole = (min: number, max: number) => vine.number({ strict: true }).withoutDecimals().range([min, max])
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))

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

export function presetOf(kind: string): Preset {
  const preset = PRESETS[kind]
  if (!preset) throw new Error(`Unknown animation kind ${kind}`)
  return preset
}
