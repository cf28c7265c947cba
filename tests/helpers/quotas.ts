import limiter from '@adonisjs/limiter/services/main'
import { redisIsReady } from '#shared/redis_ready'

/**
 * Every test request comes from 127.0.0.1: a test of a public form starts
 * with that device's quotas afresh (in Redis, and in the memory fallback).
 */
export async function resetDeviceQuotas(quotas: Array<{ key: string; requests: number; durationSeconds: number }>) {
  await redisIsReady(2000)
  for (const { key, requests, durationSeconds } of quotas) {
    for (const store of ['redis', 'memory'] as const) await limiter.use(store, { requests, duration: durationSeconds }).delete(key)
  }
}
