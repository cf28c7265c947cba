import { postToProvider, type OutgoingSms, type SmsDriver } from '#messaging/transports/sms/sms_driver'

/** Twilio Programmable Messaging (POST /2010-04-01/Accounts/{sid}/Messages.json, form-encoded, basic auth). */
export class TwilioSmsDriver implements SmsDriver {
  readonly name = 'twilio'

  constructor(private readonly options: { accountSid: string; authToken: string; from: string | null; messagingServiceSid: string | null; baseUrl: string }) {}

  async send(message: OutgoingSms) {
    const form = new URLSearchParams({ To: message.to, Body: message.text })
    if (this.options.messagingServiceSid) form.set('MessagingServiceSid', this.options.messagingServiceSid)
    else form.set('From', this.options.from ?? message.sender)
    const credentials = Buffer.from(`${this.options.accountSid}:${this.options.authToken}`).toString('base64')
    const body = await postToProvider(
      `${this.options.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(this.options.accountSid)}/Messages.json`,
      { method: 'POST', headers: { 'authorization': `Basic ${credentials}`, 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() },
      'Twilio'
    )
    if (typeof body.sid !== 'string') throw new Error('Twilio accepted the message without a sid')
    return { providerId: body.sid }
  }
}
