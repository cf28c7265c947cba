import limiter from '@adonisjs/limiter/services/main'
import { errors } from '@adonisjs/limiter'
import { redisIsReady } from '#shared/redis_ready'

/**
 * Rate limits for paths that must keep working without Redis (the POS API,
 * the till): counted in Redis so every web process shares them; while Redis
 * is unreachable the count moves to this process's memory, a second at a
 * time, instead of failing the sale (R68). Sign-in does the opposite and
 * fails closed (app/staff/sign_in_throttle.ts, R70).
 */
const REDIS_RETRY_MS = 1000
let redisDownUntil = 0

export interface Quota {
  requests: number
  durationSeconds: number
}

export type QuotaVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; limit: number }

export async function consumeQuota(key: string, quota: Quota): Promise<QuotaVerdict> {
  const options = { requests: quota.requests, duration: quota.durationSeconds }
  try {
    return await consumeIn(await storeName(), key, options)
  } catch (error) {
    // Redis failed mid-request: count this one in memory.
    redisDownUntil = Date.now() + REDIS_RETRY_MS
    return consumeIn('memory', key, options)
  }
}

async function consumeIn(store: 'redis' | 'memory', key: string, options: { requests: number; duration: number }): Promise<QuotaVerdict> {
  try {
    await limiter.use(store, options).consume(key)
    return { allowed: true }
  } catch (error) {
    if (!(error instanceof errors.E_TOO_MANY_REQUESTS)) throw error
    return { allowed: false, retryAfterSeconds: Math.max(1, error.response.availableIn), limit: options.requests }
  }
}

async function storeName(): Promise<'redis' | 'memory'> {
  if (Date.now() < redisDownUntil) return 'memory'
  if (await redisIsReady(50)) return 'redis'
  redisDownUntil = Date.now() + REDIS_RETRY_MS
  return 'memory'
}
