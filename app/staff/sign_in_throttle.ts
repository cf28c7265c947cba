import limiter from '@adonisjs/limiter/services/main'
import { redisIsReady } from '#shared/redis_ready'

/**
 * Failed sign-ins are counted per e-mail+IP (stops one guesser quickly),
 * per account (R45: 100 an hour, even from rotating IPs) and per IP
 * (one client spraying many e-mails). Only failures count, so a shop's
 * shared IP is not locked out by its staff signing in.
 */
const LIMITS = [
  { name: 'pair', requests: 10, duration: '15 mins', key: (email: string, ip: string) => `${email}|${ip}` },
  { name: 'account', requests: 100, duration: '1 hour', key: (email: string) => email },
  { name: 'ip', requests: 100, duration: '15 mins', key: (_email: string, ip: string) => ip },
] as const

/** Redis (the counters' store) is down: sign-in fails closed (R70). */
export class ThrottleStoreDownError extends Error {}

export class SignInThrottle {
  constructor(
    protected email: string,
    protected ip: string
  ) {}

  protected limiters() {
    return LIMITS.map((limit) => ({
      limiter: limiter.use('redis', { requests: limit.requests, duration: limit.duration, blockDuration: limit.duration }),
      key: `sign_in:${limit.name}:${limit.key(this.email.trim().toLowerCase(), this.ip)}`,
    }))
  }

  protected async guard<T>(work: () => Promise<T>) {
    if (!(await redisIsReady())) throw new ThrottleStoreDownError()
    try {
      return await work()
    } catch {
      throw new ThrottleStoreDownError()
    }
  }

  /** Seconds until the next attempt is allowed, or 0 when it is allowed now. */
  retryAfter() {
    return this.guard(async () => {
      let wait = 0
      for (const { limiter: l, key } of this.limiters()) {
        if (await l.isBlocked(key)) wait = Math.max(wait, await l.availableIn(key), 1)
      }
      return wait
    })
  }

  recordFailure() {
    return this.guard(async () => {
      for (const { limiter: l, key } of this.limiters()) await l.increment(key)
    })
  }

  /** A success clears this e-mail+IP's counter; the account and IP counters keep running. */
  recordSuccess() {
    const [pair] = this.limiters()
    return this.guard(() => pair.limiter.delete(pair.key))
  }
}
