/**
 * The merge fields a marketer may write in a message (`{{ customer.first_name }}`).
 * A template naming anything else is refused when it is saved, not when it
 * is sent. Values are strings or numbers, already formatted for the
 * customer's language; a field the occasion has no value for is empty.
 */
export const MERGE_FIELDS = {
  'customer.first_name': 'first name',
  'customer.last_name': 'last name',
  'customer.card_code': 'card code',
  'customer.referral_code': 'referral code',
  'balance.points': 'points balance',
  'balance.stamps': 'stamps on the card',
  'balance.cashback': 'cashback pot, formatted in euros',
  'tier.name': 'current tier',
  'voucher.code': "the voucher's code",
  'voucher.value': "the voucher's value (\"5,00 €\", \"10 %\", the product)",
  'voucher.expires_on': 'last day the voucher can be used',
  'points.expiring': 'points that expire next',
  'points.expires_on': 'day they expire',
  'reward.points': 'bonus points given by this message',
  'store.name': "the store's name",
  'store.city': "the store's city",
  'links.review': "the store's review page",
  'referral.role': 'why a referral message is sent: invite, referrer (their friend bought) or referee',
  'offer.multiplier': 'the points multiplier of a happy hour or birthday booster ("× 2")',
  'offer.hours': "the happy hour's time slot (\"15:00–17:00\")",
  'offer.bonus_points': "the happy hour's bonus points",
  'offer.until': "last day of the birthday booster's window",
} as const

/** Fields only some occasions fill (their presets name them in `occasionFields`). */
export const OCCASION_FIELD_GROUPS: ReadonlySet<string> = new Set(['referral', 'offer'])

export type MergeField = keyof typeof MERGE_FIELDS

/** Fields whose value is a URL: the only merge fields a link may point to. */
export const URL_FIELDS: ReadonlySet<string> = new Set(['links.review'])

/** The scope a template is rendered with: `{ customer: { first_name } … }`. */
export type MergeScope = Record<string, Record<string, string | number>>

export function scopeFrom(values: Partial<Record<MergeField, string | number | null | undefined>>): MergeScope {
  const scope: MergeScope = {}
  for (const name of Object.keys(MERGE_FIELDS)) {
    const [group, field] = name.split('.')
    scope[group] ??= {}
    const value = values[name as MergeField]
    scope[group][field] = value === null || value === undefined ? '' : value
  }
  return scope
}

/** The groups of merge fields (`balance`, `voucher`…): a message reads the values of those its template names. */
export const FIELD_GROUPS: ReadonlySet<string> = new Set(Object.keys(MERGE_FIELDS).map((name) => name.split('.')[0]))
