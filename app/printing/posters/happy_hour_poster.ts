import { Info } from 'luxon'
import type { I18n } from '@adonisjs/i18n'
import { activeAnimations } from '#animations/active_animations'
import type { HappyHourParams } from '#animations/triggers/purchase/points_offers'
import { formatHundredths } from '#loyalty/admin/form_values'
import type Store from '#stores/models/store'
import { PosterRefused } from '#printing/posters/poster_refused'

type HappyHour = HappyHourParams & { multiplier_pct: number; bonus_points: number }

/**
 * The happy-hour poster: each active happy hour of the store (its own or
 * every store's) with its days and hours on the store's wall clock, as the
 * purchase trigger judges them, and what it gives.
 */
export async function happyHourPoster(store: Store, i18n: I18n) {
  const offers = await happyHourOffers(store, i18n)
  if (offers.length === 0) throw PosterRefused.noHappyHour(store.slug)
  return { view: 'printing/happy_hour', title: i18n.t('printing.happy_hour.title', { store: store.name }), offers }
}

/** The store's active happy hours as printed lines (window, multiplier, bonus); none: an empty list. */
export async function happyHourOffers(store: Pick<Store, 'id'>, i18n: I18n) {
  const animations = await activeAnimations(['happy_hour'], store.id)
  return animations.map((animation) => offerOf(animation.config.params as unknown as HappyHour, i18n))
}

function offerOf(params: HappyHour, i18n: I18n) {
  const locale = i18n.locale === 'en' ? 'en-GB' : 'fr-FR'
  const names = Info.weekdays('long', { locale })
  // Weekdays are ISO (1 = Monday), in week order whatever order they were ticked in.
  const days = [...params.weekdays].sort((a, b) => a - b).map((day) => names[day - 1])
  return {
    window: i18n.t('printing.happy_hour.window', { days: new Intl.ListFormat(locale, { type: 'conjunction' }).format(days), starts: params.starts_at, ends: params.ends_at }),
    multiplier: params.multiplier_pct > 100 ? i18n.t('printing.happy_hour.multiplier', { factor: formatHundredths(params.multiplier_pct, i18n.locale) }) : null,
    bonus: params.bonus_points > 0 ? i18n.t('printing.happy_hour.bonus', { points: params.bonus_points }) : null,
  }
}
