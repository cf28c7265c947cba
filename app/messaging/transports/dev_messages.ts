import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { dbTimestamp } from '#shared/db_time'

export interface DevMessage {
  channel: 'email' | 'sms'
  recipient: string
  subject: string | null
  html: string | null
  text: string
  deliveryId: string | null
}

/** What a development transport "sent" (development and the demo only; never with a real transport). */
export async function keepDevMessage(message: DevMessage): Promise<number> {
  const [row] = await db
    .table('dev_messages')
    .insert({
      channel: message.channel,
      recipient: message.recipient.slice(0, 254),
      subject: message.subject?.slice(0, 200) ?? null,
      html: message.html,
      text: message.text,
      delivery_id: message.deliveryId,
      created_at: dbTimestamp(DateTime.utc()),
    })
    .returning('id')
  return Number(typeof row === 'object' ? row.id : row)
}
