import QRCode from 'qrcode'
import type { I18n } from '@adonisjs/i18n'
import db from '@adonisjs/lucid/services/db'
import { appUrl } from '#config/app'
import { programSummary } from '#loyalty/admin/program_summary'
import { parseRules, type ProgramRules } from '#loyalty/program_rules'
import { escapeHtml } from '#messaging/templates/message_body'
import type Store from '#stores/models/store'

/** Rules with no mechanic: one mechanic is added at a time to say each reward on its own line. */
const NO_MECHANIC: ProgramRules = { points: null, stamps: null, cashback: null, tiers: null, automatic_rewards: [], refunds: { restore_redeemed: true } }

/**
 * The enrolment poster: how to join, what members get in this store's
 * programmes as configured today, and the QR code of the join page.
 */
export async function enrolmentPoster(store: Store, i18n: I18n) {
  const joinUrl = joinUrlOf(store)
  const programs = await programsJoinedAt(store.id)
  return {
    view: 'printing/enrolment',
    title: i18n.t('printing.enrolment.title', { store: store.name }),
    joinUrl,
    qrSvg: await joinQrSvg(joinUrl, i18n.t('printing.enrolment.qr_label')),
    programs: programs.map((program) => ({ name: program.name, rewards: rewardLines(program.rules, i18n) })),
  }
}

/** Where the QR code leads: the join form of the store (GET /join/:store). */
export function joinUrlOf(store: Pick<Store, 'slug'>) {
  return `${appUrl.replace(/\/+$/, '')}/join/${encodeURIComponent(store.slug)}`
}

/** Active programmes a customer joining here belongs to at once: auto enrolment, for every store or this one (manual ones are staff's to grant). */
async function programsJoinedAt(storeId: number) {
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

/**
 * Each mechanic in the admin summary's own words (program_summary.ts), a
 * line each: the poster says exactly what the programme page says.
 */
export function rewardLines(rules: ProgramRules, i18n: I18n): string[] {
  const said = (part: Partial<ProgramRules>) => capitalised(programSummary({ ...NO_MECHANIC, ...part }, i18n))
  const lines = [
    rules.points ? said({ points: rules.points }) : null,
    ...rules.automatic_rewards.map((reward) => said({ automatic_rewards: [reward] })),
    rules.stamps ? said({ stamps: rules.stamps }) : null,
    rules.cashback ? said({ cashback: rules.cashback }) : null,
    rules.tiers ? said({ tiers: rules.tiers }) : null,
  ]
  return lines.filter((line): line is string => line !== null)
}

function capitalised(text: string) {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** The URL as an inline SVG QR code (vector, no network); margin 4 is the quiet zone scanners need. */
async function joinQrSvg(url: string, label: string) {
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 })
  return svg.replace('<svg ', `<svg class="qr" role="img" aria-label="${escapeHtml(label)}" `)
}
