import type { I18n } from '@adonisjs/i18n'
import type Store from '#stores/models/store'
import { boxOf, type PosterFormat } from '#printing/posters/poster_formats'
import { happyHourOffers } from '#printing/posters/happy_hour_poster'
import { joinQrSvg, joinUrlOf, rewardsJoinedAt } from '#printing/posters/joining'

/**
 * The table tent: one landscape sheet folded in the middle into two faces
 * that stand back to back. Face A invites to join (the rewards, the QR
 * code); face B tells the happy hours when the store has any, otherwise
 * how the programme works.
 */
export async function tableTent(store: Store, i18n: I18n, { format }: { format: PosterFormat }) {
  const joinUrl = joinUrlOf(store)
  return {
    view: 'printing/table_tent',
    title: i18n.t('printing.table_tent.title', { store: store.name }),
    joinUrl,
    qrSvg: await joinQrSvg(joinUrl, i18n.t('printing.enrolment.qr_label')),
    programs: await rewardsJoinedAt(store, i18n),
    offers: await happyHourOffers(store, i18n),
    faces: facesOf(format),
  }
}

/**
 * Where the two faces lie on the sheet. Each is half the sheet less a
 * margin on the fold's side, and turns a quarter towards the fold: once
 * folded along it and stood on a table, the fold on top, both read
 * upright, one from each side (they are upside down to each other on the
 * flat sheet). In millimetres inside the sheet's box.
 */
function facesOf(format: PosterFormat) {
  const box = boxOf(format)
  const foldMm = format.widthMm / 2 - format.marginMm
  // Standing: as wide as the sheet is high, as tall as half the sheet less both margins.
  const [widthMm, heightMm] = [box.heightMm, foldMm - format.marginMm]
  const centre = (x: number) => x - widthMm / 2
  return {
    foldMm,
    widthMm,
    heightMm,
    topMm: (box.heightMm - heightMm) / 2,
    leftA: centre(heightMm / 2),
    leftB: centre(box.widthMm - heightMm / 2),
  }
}
