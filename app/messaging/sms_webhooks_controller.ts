import { createHmac, timingSafeEqual } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import { appUrl } from '#config/app'
import { withdrawSmsConsentByReply } from '#messaging/sms_stop'

/**
 * Replies to our SMS, posted by the provider: a STOP withdraws SMS consent.
 * Each provider proves it is the sender — Twilio by its request signature
 * (HMAC-SHA1 of the URL and parameters with the auth token), Brevo by the
 * shared secret of SMS_WEBHOOK_SECRET in the URL's `key` parameter.
 * (Read from process.env, like the SMS driver: start/env.ts validates them at boot.)
 */
export default class SmsWebhooksController {
  async twilio({ request, response }: HttpContext) {
    const token = process.env.TWILIO_AUTH_TOKEN
    const params = request.body() as Record<string, unknown>
    const url = `${appUrl}${request.url(true)}`
    if (!token || !validTwilioSignature(token, url, params, request.header('x-twilio-signature') ?? '')) return response.forbidden({ error: 'bad_signature' })
    const from = typeof params.From === 'string' ? params.From : ''
    const body = typeof params.Body === 'string' ? params.Body : ''
    await withdrawSmsConsentByReply(from.slice(0, 32), body.slice(0, 1600), 'twilio')
    return response.header('content-type', 'text/xml').send('<?xml version="1.0" encoding="UTF-8"?><Response></Response>')
  }

  async brevo({ request, response }: HttpContext) {
    const secret = process.env.SMS_WEBHOOK_SECRET
    const key = String(request.qs().key ?? '')
    if (!secret || !sameSecret(secret, key)) return response.forbidden({ error: 'bad_key' })
    const body = request.body() as Record<string, unknown>
    const from = typeof body.from === 'string' ? body.from : typeof body.to === 'string' ? body.to : ''
    const reply = typeof body.reply === 'string' ? body.reply : typeof body.text === 'string' ? body.text : ''
    if (!from || !reply) return response.unprocessableEntity({ error: 'from_and_reply_required' })
    await withdrawSmsConsentByReply(from.slice(0, 32), reply.slice(0, 1600), 'brevo')
    return response.noContent()
  }
}

export function twilioSignature(authToken: string, url: string, params: Record<string, unknown>) {
  const data = Object.keys(params)
    .sort()
    .reduce((text, key) => text + key + String(params[key] ?? ''), url)
  return createHmac('sha1', authToken).update(data).digest('base64')
}

function validTwilioSignature(authToken: string, url: string, params: Record<string, unknown>, signature: string) {
  return sameSecret(twilioSignature(authToken, url, params), signature)
}

function sameSecret(expected: string, given: string) {
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}
