import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import { fromDbTimestamp } from '#shared/db_time'

/**
 * The development outbox (/admin/outbox): what the development transports
 * "sent" — e-mail without SMTP_HOST, SMS with SMS_DRIVER=dev — rendered as
 * the customer would see it. With real transports nothing is kept here.
 */
export default class OutboxController {
  async index({ view, request }: HttpContext) {
    const page = Math.max(1, Math.min(1000, Number(request.qs().page) || 1))
    const messages = await db.from('dev_messages').orderBy('id', 'desc').offset((page - 1) * 50).limit(51).select('id', 'channel', 'recipient', 'subject', 'text', 'created_at')
    return view.render('messaging/outbox', {
      messages: messages.slice(0, 50).map((message) => ({ ...message, created_at: fromDbTimestamp(message.created_at) })),
      page,
      hasMore: messages.length > 50,
      emailKept: !env.get('SMTP_HOST'),
      smsKept: (process.env.SMS_DRIVER ?? 'dev') === 'dev',
    })
  }

  async show({ view, params, response }: HttpContext) {
    if (!/^\d{1,12}$/.test(String(params.id))) return response.notFound()
    const message = await db.from('dev_messages').where('id', Number(params.id)).first()
    if (!message) return response.notFound()
    return view.render('messaging/outbox_message', { message: { ...message, created_at: fromDbTimestamp(message.created_at) } })
  }
}
