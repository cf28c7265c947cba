import type { I18n } from '@adonisjs/i18n'
import { moneyText, voucherText } from '#loyalty/admin/program_summary'
import type { ProgramRules } from '#loyalty/program_rules'
import type Store from '#stores/models/store'
import { boxOf, type PosterFormat } from '#printing/posters/poster_formats'
import { joinQrSvg, joinUrlOf, mechanicText, programsJoinedAt } from '#printing/posters/joining'
import { PosterRefused } from '#printing/posters/poster_refused'

type Stamps = NonNullable<ProgramRules['stamps']>

/**
 * The counter card by the till: the stamp offer of the first programme
 * joined here that gives stamps ("9 bought, the 10th free"), its stamps
 * drawn as circles with the reward's one highlighted, and the QR code of
 * the join page for those who are not members yet.
 */
export async function stampCard(store: Store, i18n: I18n, { format }: { format: PosterFormat }) {
  const program = (await programsJoinedAt(store.id)).find((joined) => joined.rules.stamps !== null)
  if (!program) throw PosterRefused.noStamps(store.slug)
  const stamps = program.rules.stamps!
  const joinUrl = joinUrlOf(store)
  return {
    view: 'printing/stamp_card',
    title: i18n.t('printing.stamp_card.title', { store: store.name }),
    headline: headlineOf(stamps, i18n),
    offer: mechanicText({ stamps }, i18n),
    badge: badgeOf(stamps.reward, i18n),
    grid: stampGrid(stamps.goal + 1, format),
    numbers: Array.from({ length: stamps.goal }, (_, index) => index + 1),
    joinUrl,
    qrSvg: await joinQrSvg(joinUrl, i18n.t('printing.enrolment.qr_label')),
  }
}

/** "9 achetés, le 10e offert" when the reward is a product; otherwise what the card gives after `goal` purchases. */
function headlineOf(stamps: Stamps, i18n: I18n) {
  if (stamps.reward.kind === 'product') return i18n.t('printing.stamp_card.headline_product', { goal: stamps.goal, next: stamps.goal + 1 })
  return i18n.t('printing.stamp_card.headline_voucher', { goal: stamps.goal, voucher: voucherText(stamps.reward, i18n) })
}

/** The word in the highlighted circle: "Offert", "5 €" or "-10 %". */
function badgeOf(reward: Stamps['reward'], i18n: I18n) {
  if (reward.kind === 'amount') return moneyText(reward.value_cents ?? 0, i18n.locale)
  if (reward.kind === 'percent') return i18n.t('printing.stamp_card.badge_percent', { percent: reward.percent ?? 0 })
  return i18n.t('printing.stamp_card.badge_product')
}

/**
 * The circles' grid: as many columns as make the circles largest within
 * the band the card keeps for them (the width, a quarter of the height),
 * from 3 circles to 101.
 */
function stampGrid(count: number, format: PosterFormat) {
  const box = boxOf(format)
  const [widthMm, heightMm] = [box.widthMm * 0.86, box.heightMm * 0.26]
  let best = { columns: count, cellMm: 0 }
  for (let columns = 1; columns <= count; columns += 1) {
    const cellMm = Math.min(widthMm / columns, heightMm / Math.ceil(count / columns))
    if (cellMm > best.cellMm) best = { columns, cellMm }
  }
  const circleMm = Math.min(best.cellMm * 0.84, box.widthMm / 5)
  return { zoneMm: round(heightMm), columns: best.columns, cellMm: round(best.cellMm), circleMm: round(circleMm), numberMm: round(circleMm * 0.38), badgeMm: round(circleMm * 0.22) }
}

function round(mm: number) {
  return Math.round(mm * 100) / 100
}
