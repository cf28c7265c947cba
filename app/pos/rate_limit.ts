import { consumeQuota, type QuotaVerdict } from '#shared/rate_limit'

/**
 * Per-token rate limit of the POS API: PER_SECOND requests a second on
 * average, bursts up to twice that (a fixed 2-second window). Keeps counting
 * in memory while Redis is down (app/shared/rate_limit.ts).
 */
const DEFAULT_PER_SECOND = 50
const WINDOW_SECONDS = 2

let override: number | null = null

/** Tests (and operators, via POS_RATE_LIMIT_PER_SECOND) lower the limit; read at request time. */
export function setPosRateLimit(perSecond: number | null) {
  override = perSecond
}

function perSecond() {
  const fromEnv = Number(process.env.POS_RATE_LIMIT_PER_SECOND)
  return override ?? (Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_PER_SECOND)
}

export function consumePosQuota(tokenId: string): Promise<QuotaVerdict> {
  return consumeQuota(`pos-token:${tokenId}`, { requests: Math.ceil(perSecond() * WINDOW_SECONDS), durationSeconds: WINDOW_SECONDS })
}
