/** One SMS to hand to a provider. `to` is E.164 (+33612345678). */
export interface OutgoingSms {
  to: string
  text: string
  /** Alphanumeric sender shown on the phone (11 characters at most). */
  sender: string
  /** Our delivery's public id: lets the provider's reports and our log meet. */
  reference: string
}

/** A provider refused the message for good (bad number, blocked): retrying would not help. */
export class SmsRejected extends Error {}

export interface SmsDriver {
  readonly name: string
  /** Resolves with the provider's message id once the provider has accepted the message. */
  send(message: OutgoingSms): Promise<{ providerId: string }>
}

/** Answers 4xx are the message's fault (never retried); 5xx and network errors are retried by the job. */
export async function postToProvider(url: string, init: RequestInit, provider: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) })
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>
  if (response.status >= 400 && response.status < 500) {
    throw new SmsRejected(`${provider} refused the message (${response.status}): ${String(body.message ?? body.code ?? '').slice(0, 120)}`)
  }
  if (!response.ok) throw new Error(`${provider} answered ${response.status}`)
  return body
}
