import type { I18n } from '@adonisjs/i18n'
import type Store from '#stores/models/store'
import { joinQrSvg, joinUrlOf, rewardsJoinedAt } from '#printing/posters/joining'

// Kept here too: the tests and the studio found the join URL in this module first.
export { joinUrlOf } from '#printing/posters/joining'

/**
 * The enrolment poster: how to join, what members get in this store's
 * programmes as configured today, and the QR code of the join page.
 */
export async function enrolmentPoster(store: Store, i18n: I18n) {
  const joinUrl = joinUrlOf(store)
  return {
    view: 'printing/enrolment',
    title: i18n.t('printing.enrolment.title', { store: store.name }),
    joinUrl,
    qrSvg: await joinQrSvg(joinUrl, i18n.t('printing.enrolment.qr_label')),
    programs: await rewardsJoinedAt(store, i18n),
  }
}
