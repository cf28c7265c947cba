import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { fireOccurrences } from '#animations/fire'
import Campaign from '#animations/models/campaign'
import { segmentQuery, whereReachable, type SegmentFilters } from '#animations/segments/segment_filters'
import { dbInstant } from '#shared/db_time'

export interface CampaignReport {
  campaign: string
  fannedOut: number
  finished: boolean
}

const BATCH = 1000

/**
 * Sends the campaigns that are due as of `at`: a scheduled one starts
 * (`sending`, the segment counted), then its members a message may reach
 * are read in customer-id order by batches; each batch is fired (firings
 * unique per campaign and customer, reward through the ledger, deliveries
 * queued) and only then the cursor moves. A crash or a stop between the
 * two re-fires nothing; the next tick resumes where the cursor is. A pass
 * stops after `budgetMs` so the tick stays short; the rest goes next tick.
 */
export async function runCampaigns(at: Date, { budgetMs = 40_000, batch = BATCH } = {}): Promise<CampaignReport[]> {
  const started = Date.now()
  const dialect = db.connection().dialect.name
  const due = await Campaign.query()
    .where((query) => query.where('status', 'sending').orWhere((scheduled) => scheduled.where('status', 'scheduled').where('scheduled_at', '<=', dbInstant(at, dialect))))
    .orderBy('id')
  const reports: CampaignReport[] = []
  for (const campaign of due) {
    if (campaign.status === 'scheduled') await startSending(campaign, at)
    reports.push(await fanOut(campaign, started + budgetMs, batch))
    if (Date.now() > started + budgetMs) break
  }
  return reports
}

async function startSending(campaign: Campaign, at: Date) {
  const audience = await audienceOf(campaign)
  const row = audience ? await audience.query.count('* as total').first() : null
  campaign.merge({ status: 'sending', startedAt: DateTime.fromJSDate(at), targeted: Number(row?.total ?? 0) })
  await campaign.save()
}

async function fanOut(campaign: Campaign, deadline: number, batch: number): Promise<CampaignReport> {
  const source = { type: 'campaign' as const, id: campaign.id, publicId: campaign.publicId, config: campaign.parsedConfig }
  const audience = await audienceOf(campaign)
  for (;;) {
    const rows: Array<Record<string, any>> = audience ? await audience.query.where('c.id', '>', campaign.cursorCustomerId).orderBy('c.id').limit(batch).select('c.id', 'c.store_id') : []
    if (rows.length > 0) {
      const dueAt = new Date()
      const result = await fireOccurrences(source, rows.map((row) => ({ customerId: Number(row.id), customerStoreId: Number(row.store_id), key: 'campaign', dueAt })))
      // Still sending? A cancel during the batch wins: its deliveries were skipped, the status stays.
      const moved = await db
        .from('campaigns')
        .where('id', campaign.id)
        .where('status', 'sending')
        .update({ cursor_customer_id: Number(rows[rows.length - 1].id), fanned_out: db.knexRawQuery('fanned_out + ?', [result.fired + result.heldOut]), updated_at: dbInstant(new Date(), db.connection().dialect.name) })
      await campaign.refresh()
      if (Number(moved) === 0) return { campaign: campaign.name, fannedOut: campaign.fannedOut, finished: true }
    }
    if (rows.length < batch) {
      campaign.merge({ status: 'sent', finishedAt: DateTime.now() })
      await campaign.save()
      return { campaign: campaign.name, fannedOut: campaign.fannedOut, finished: true }
    }
    if (Date.now() > deadline) return { campaign: campaign.name, fannedOut: campaign.fannedOut, finished: false }
  }
}

/** The segment's members a message may reach on the campaign's channels (consent and address); a fresh query each call (a builder is consumed when run). */
async function audienceOf(campaign: Campaign) {
  const segment = campaign.segmentId ? await db.from('segments').where('id', campaign.segmentId).select('filters').first() : null
  if (!segment) return null
  const filters = JSON.parse(segment.filters) as SegmentFilters
  return {
    get query() {
      return whereReachable(segmentQuery(filters), campaign.parsedConfig.channels)
    },
  }
}

/** Stops a campaign: no more fan-out, and its messages not sent yet are skipped (reason `cancelled`). */
export async function cancelCampaign(campaign: Campaign) {
  const now = dbInstant(new Date(), db.connection().dialect.name)
  await db.transaction(async (trx) => {
    await trx.from('campaigns').where('id', campaign.id).whereIn('status', ['draft', 'scheduled', 'sending']).update({ status: 'cancelled', finished_at: now, updated_at: now })
    await trx
      .from('deliveries')
      .whereIn('firing_id', trx.from('firings').where('source_type', 'campaign').where('source_id', campaign.id).select('id'))
      .whereIn('status', ['queued', 'held'])
      .update({ status: 'skipped', reason: 'cancelled', updated_at: now })
  })
  await campaign.refresh()
}
