import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { DELIVERY_STATUSES } from '#messaging/delivery_statuses'
import { fromDbTimestamp } from '#shared/db_time'

const PAGE = 100

/**
 * The delivery log (/admin/deliveries): every message sent, held, skipped
 * or failed, newest first, with its reason and the provider's id; filtered
 * by status and channel, paged by id (keyset). Names link to the profile;
 * no e-mail or phone is shown here.
 */
export default class DeliveriesController {
  async index({ request, view }: HttpContext) {
    const qs = request.qs()
    const status = DELIVERY_STATUSES.includes(qs.status) ? String(qs.status) : ''
    const channel = ['email', 'sms'].includes(qs.channel) ? String(qs.channel) : ''
    const before = /^\d{1,15}$/.test(String(qs.before ?? '')) ? Number(qs.before) : null
    const query = db
      .from('deliveries as d')
      .join('firings as f', 'f.id', 'd.firing_id')
      .join('customers as c', 'c.id', 'd.customer_id')
      .leftJoin('animations as a', (join) => join.on('a.id', '=', 'f.source_id').andOnVal('f.source_type', '=', 'animation'))
      .orderBy('d.id', 'desc')
      .limit(PAGE + 1)
      .select('d.id', 'd.public_id', 'd.channel', 'd.status', 'd.reason', 'd.provider_id', 'd.due_at', 'd.sent_at', 'd.created_at', 'f.occurrence_key', 'a.name as animation_name', 'a.public_id as animation_id', 'c.public_id as customer_id', 'c.first_name', 'c.last_name', 'c.card_code', 'c.erased_at')
    if (status) query.where('d.status', status)
    if (channel) query.where('d.channel', channel)
    if (before) query.where('d.id', '<', before)
    const rows = await query
    const deliveries = rows.slice(0, PAGE).map((row) => ({
      ...row,
      customer: row.erased_at ? null : [row.first_name, row.last_name].filter(Boolean).join(' ') || row.card_code,
      at: fromDbTimestamp(row.sent_at ?? row.created_at),
      due: fromDbTimestamp(row.due_at),
    }))
    const next = rows.length > PAGE ? deliveries[deliveries.length - 1].id : null
    return view.render('messaging/deliveries', { deliveries, status, channel, statuses: DELIVERY_STATUSES, next, filtered: Boolean(status || channel || before) })
  }
}
