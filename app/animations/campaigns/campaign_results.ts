import db from '@adonisjs/lucid/services/db'
import type Campaign from '#animations/models/campaign'

export interface CampaignResults {
  status: string
  targeted: number
  fannedOut: number
  sent: number
  waiting: number
  skipped: number
  failed: number
  heldOut: number
  /** Messages settled (sent, skipped or failed) out of those to send: the progress bar. */
  done: number
  total: number
  skippedByReason: Record<string, number>
  vouchersIssued: number
  vouchersRedeemed: number
}

/** Where a campaign is: fan-out and deliveries by status (two grouped queries), vouchers issued and used. */
export async function campaignResults(campaign: Campaign): Promise<CampaignResults> {
  const firings = db.from('firings').where('source_type', 'campaign').where('source_id', campaign.id)
  const rows = await db.from('deliveries as d').whereIn('d.firing_id', firings.clone().select('id')).groupBy('d.status', 'd.reason').select('d.status', 'd.reason').count('* as total')
  const count = (statuses: string[]) => rows.filter((row) => statuses.includes(row.status)).reduce((sum, row) => sum + Number(row.total), 0)
  const skippedByReason: Record<string, number> = {}
  for (const row of rows.filter((candidate) => candidate.status === 'skipped' && candidate.reason !== 'holdout')) skippedByReason[row.reason ?? 'other'] = (skippedByReason[row.reason ?? 'other'] ?? 0) + Number(row.total)
  const heldOut = rows.filter((row) => row.status === 'skipped' && row.reason === 'holdout').reduce((sum, row) => sum + Number(row.total), 0)
  const vouchers = await db.from('vouchers').whereIn('id', firings.clone().whereNotNull('voucher_id').select('voucher_id')).groupBy('status').select('status').count('* as total')
  const sent = count(['sent'])
  const skipped = count(['skipped']) - heldOut
  const failed = count(['failed', 'interrupted'])
  const waiting = count(['queued', 'held', 'sending'])
  return {
    status: campaign.status,
    targeted: campaign.targeted,
    fannedOut: campaign.fannedOut,
    sent,
    waiting,
    skipped,
    failed,
    heldOut,
    done: sent + skipped + failed,
    total: Math.max(campaign.targeted - heldOut, sent + skipped + failed + waiting),
    skippedByReason,
    vouchersIssued: vouchers.reduce((sum, row) => sum + Number(row.total), 0),
    vouchersRedeemed: vouchers.filter((row) => row.status === 'redeemed').reduce((sum, row) => sum + Number(row.total), 0),
  }
}
