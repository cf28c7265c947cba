import { MailResponse } from '@adonisjs/mail'
import type { MailTransportContract, NodeMailerMessage } from '@adonisjs/mail/types'
import { keepDevMessage } from '#messaging/transports/dev_messages'

/** Development e-mail: kept in `dev_messages` for the outbox page instead of leaving the machine. */
export class DevMailTransport implements MailTransportContract {
  async send(message: NodeMailerMessage) {
    const to = (message.to ?? []).map((recipient) => (typeof recipient === 'string' ? recipient : recipient.address)).join(', ')
    const headers = (message.headers ?? {}) as Record<string, string>
    const id = await keepDevMessage({
      channel: 'email',
      recipient: to,
      subject: String(message.subject ?? ''),
      html: typeof message.html === 'string' ? message.html : null,
      text: typeof message.text === 'string' ? message.text : '',
      deliveryId: headers['X-Comptoir-Delivery'] ?? null,
    })
    return new MailResponse(`<dev-${id}@comptoir.local>`, { from: false, to: to ? [to] : [] }, undefined)
  }
}
