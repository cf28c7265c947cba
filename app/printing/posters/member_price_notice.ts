import type { I18n } from '@adonisjs/i18n'
import { DateTime } from 'luxon'
import { moneyText } from '#loyalty/admin/program_summary'
import type Store from '#stores/models/store'
import type { PosterFormat } from '#printing/posters/poster_formats'
import { joinQrSvg, joinUrlOf } from '#printing/posters/joining'
import { validateMemberOffer } from '#printing/posters/member_offer'
import type { MemberOffer } from '#printing/posters/print_poster'

/**
 * The member-price notice: a product, its regular price and the lower
 * price members pay, as the owner typed them (validated, then escaped by
 * Edge like every other text), with the QR code of the join page.
 */
export async function memberPriceNotice(store: Store, i18n: I18n, { format, offer }: { format: PosterFormat; offer?: MemberOffer }) {
  const checked = await validateMemberOffer(offer ?? {}, i18n, store.timezone)
  const joinUrl = joinUrlOf(store)
  return {
    view: 'printing/member_price',
    title: i18n.t('printing.member_price.title', { store: store.name, product: checked.product }),
    product: checked.product,
    price: moneyText(checked.price, i18n.locale),
    memberPrice: moneyText(checked.member_price, i18n.locale),
    details: checked.details ?? null,
    until: checked.until ? i18n.t('printing.member_price.until', { date: longDate(checked.until, i18n.locale) }) : null,
    joinUrl,
    qrSvg: await joinQrSvg(joinUrl, i18n.t('printing.enrolment.qr_label')),
    // Smaller than a poster's: the offer is what the notice is about.
    qrMm: Math.round(format.qrMm * 0.5),
  }
}

/** 2026-12-31 → "31 décembre 2026" / "31 December 2026". */
function longDate(isoDate: string, locale: string) {
  return DateTime.fromISO(isoDate).setLocale(locale === 'en' ? 'en-GB' : 'fr-FR').toLocaleString(DateTime.DATE_FULL)
}
