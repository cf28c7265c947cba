import redis from '@adonisjs/redis/services/main'

/**
 * The request-time Redis connection does not queue commands while offline
 * (config/redis.ts). Before its first use it may still be connecting: wait
 * for it a little, then let the caller decide what "down" means.
 */
export async function redisIsReady(timeoutMs = 1000) {
  const io = redis.connection().ioConnection
  if (io.status === 'ready') return true
  if (io.status === 'wait' || io.status === 'end') io.connect().catch(() => {})
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, timeoutMs)
    io.once('ready', done)
    function done() {
      clearTimeout(timer)
      io.off('ready', done)
      resolve()
    }
  })
  return (io.status as string) === 'ready'
}
