import { postToProvider, type OutgoingSms, type SmsDriver } from '#messaging/transports/sms/sms_driver'

/**
 * Brevo transactional SMS API (POST /v3/transactionalSMS/send), sent as
 * "marketing" so Brevo applies the French STOP rules to the route.
 */
export class BrevoSmsDriver implements SmsDriver {
  readonly name = 'brevo'

  constructor(private readonly options: { apiKey: string; baseUrl: string }) {}

  async send(message: OutgoingSms) {
    const body = await postToProvider(
      `${this.options.baseUrl}/v3/transactionalSMS/send`,
      {
        method: 'POST',
        headers: { 'api-key': this.options.apiKey, 'content-type': 'application/json', 'accept': 'application/json' },
        body: JSON.stringify({
          sender: message.sender,
          recipient: message.to.replace(/^\+/, ''),
          content: message.text,
          type: 'marketing',
          tag: message.reference,
          unicodeEnabled: /[^\u0000-\u00ff€]/.test(message.text),
        }),
      },
      'Brevo'
    )
    const id = body.messageId ?? body.reference
    if (id === undefined || id === null) throw new Error('Brevo accepted the message without an id')
    return { providerId: String(id) }
  }
}
