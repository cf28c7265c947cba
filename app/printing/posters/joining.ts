import QRCode from 'qrcode'
import type { I18n } from '@adonisjs/i18n'
import db from '@adonisjs/lucid/services/db'
import { appUrl } from '#config/app'
import { programSummary } from '#loyalty/admin/program_summary'
import { parseRules, type ProgramRules } from '#loyalty/program_rules'
import { escapeHtml } from '#messaging/templates/message_body'
import type Store from '#stores/models/store'

/**
 * What every printable that invites customers to join shares: the join
 * page's address and its QR code, the programmes a customer joining there
 * belongs to, and their rewards in the programme page's words.
 */

/** Rules with no mechanic: one mechanic is added at a time to say each reward on its own line. */
const NO_MECHANIC: ProgramRules = { points: null, stamps: null, cashback: null, tiers: null, automatic_rewards: [], refunds: { restore_redeemed: true } }

/** Where the QR code leads: the join form of the store (GET /join/:store). */
export function joinUrlOf(store: Pick<Store, 'slug'>) {
  return `${appUrl}/join/${encodeURIComponent(store.slug)}`
}

/** The URL as an inline SVG QR code (vector, no network); margin 4 is the quiet zone scanners need, drawn white. */
export async function joinQrSvg(url: string, label: string) {
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 })
  return svg.replace('<svg ', `<svg class="qr" role="img" aria-label="${escapeHtml(label)}" `)
}

/** Active programmes a customer joining here belongs to at once: auto enrolment, for every store or this one (manual ones are staff's to grant). */
export async function programsJoinedAt(storeId: number) {
  const rows = await db
    .from('loyalty_programs')
    .where('status', 'active')
    .where('enrolment', 'auto')
    .where((scope) => scope.whereNull('store_id').orWhere('store_id', storeId))
    .orderBy('position')
    .orderBy('id')
    .select('name', 'rules')
  return rows.map((row) => ({ name: String(row.name), rules: parseRules(String(row.rules)) }))
}

/** Each mechanic in the admin summary's own words (program_summary.ts), a line each: the print says exactly what the programme page says. */
export function rewardLines(rules: ProgramRules, i18n: I18n): string[] {
  const lines = [
    rules.points ? mechanicText({ points: rules.points }, i18n) : null,
    ...rules.automatic_rewards.map((reward) => mechanicText({ automatic_rewards: [reward] }, i18n)),
    rules.stamps ? mechanicText({ stamps: rules.stamps }, i18n) : null,
    rules.cashback ? mechanicText({ cashback: rules.cashback }, i18n) : null,
    rules.tiers ? mechanicText({ tiers: rules.tiers }, i18n) : null,
  ]
  return lines.filter((line): line is string => line !== null)
}

/** One mechanic alone, as the programme summary says it, capitalised to start a line. */
export function mechanicText(part: Partial<ProgramRules>, i18n: I18n) {
  const text = programSummary({ ...NO_MECHANIC, ...part }, i18n)
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** The programmes joined here with their reward lines (the enrolment poster, the table tent). */
export async function rewardsJoinedAt(store: Store, i18n: I18n) {
  const programs = await programsJoinedAt(store.id)
  return programs.map((program) => ({ name: program.name, rewards: rewardLines(program.rules, i18n) }))
}
