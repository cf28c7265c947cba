import { keepDevMessage } from '#messaging/transports/dev_messages'
import type { OutgoingSms, SmsDriver } from '#messaging/transports/sms/sms_driver'

/** Development: the SMS is kept for the outbox page, nothing leaves the machine. */
export class DevSmsDriver implements SmsDriver {
  readonly name = 'dev'

  async send(message: OutgoingSms) {
    const id = await keepDevMessage({ channel: 'sms', recipient: message.to, subject: message.sender, html: null, text: message.text, deliveryId: message.reference })
    return { providerId: `dev-${id}` }
  }
}
