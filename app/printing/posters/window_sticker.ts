import type { I18n } from '@adonisjs/i18n'
import type Store from '#stores/models/store'
import { joinQrSvg, joinUrlOf } from '#printing/posters/joining'

/**
 * The window sticker: the store's name, one line of invitation and the
 * QR code of the join page as large as the safe zone leaves room for, on
 * the store's colour printed to the edge (the format's bleed).
 */
export async function windowSticker(store: Store, i18n: I18n) {
  return {
    view: 'printing/sticker',
    title: i18n.t('printing.sticker.title', { store: store.name }),
    qrSvg: await joinQrSvg(joinUrlOf(store), i18n.t('printing.enrolment.qr_label')),
  }
}
