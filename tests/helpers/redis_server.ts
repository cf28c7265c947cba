import { spawn, spawnSync } from 'node:child_process'
import { redisIsReady } from '#shared/redis_ready'

/**
 * The suite's own redis-server (started by bin/run_tests.js): tests stop it
 * for real and start it again on the same port.
 */
const port = () => process.env.TEST_REDIS_PORT!

function answersPing() {
  return spawnSync('redis-cli', ['-p', port(), 'ping']).stdout?.toString().includes('PONG') ?? false
}

async function waitUntil(check: () => boolean, what: string) {
  for (let i = 0; i < 100; i++) {
    if (check()) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`redis-server did not ${what}`)
}

export async function stopRedis() {
  spawnSync('redis-cli', ['-p', port(), 'shutdown', 'nosave'], { stdio: 'ignore' })
  await waitUntil(() => !answersPing(), 'stop')
}

export async function startRedis() {
  const args = JSON.parse(process.env.TEST_REDIS_ARGS!)
  spawn('redis-server', args, { stdio: 'ignore', detached: true }).unref()
  await waitUntil(answersPing, 'start')
  // The app's own connection reconnects on its retry schedule: wait for it.
  await redisIsReady(5000)
}
