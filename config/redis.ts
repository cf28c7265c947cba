import env from '#start/env'
import { defineConfig } from '@adonisjs/redis'

/**
 * One connection for request-time work (rate limits, health). It does not
 * queue commands while Redis is down: callers get an error at once and
 * decide (the POS API keeps working, sign-in fails closed — R68, R70).
 */
const redisConfig = defineConfig({
  connection: 'main',
  connections: {
    main: {
      ...parseRedisUrl(env.get('REDIS_URL', 'redis://127.0.0.1:6379')),
      keyPrefix: '',
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2000,
      retryStrategy: (times: number) => Math.min(times * 200, 2000),
    },
  },
})

export function parseRedisUrl(url: string) {
  const parsed = new URL(url)
  return {
    host: parsed.hostname || '127.0.0.1',
    port: Number(parsed.port || 6379),
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
  }
}

export default redisConfig

declare module '@adonisjs/redis/types' {
  export interface RedisConnections extends InferConnections<typeof redisConfig> {}
}
