import { spawn } from 'node:child_process'
import autocannon from 'autocannon'

/** Runs autocannon (32 connections) and returns req/s, p50, p99 and non-2xx count. */
export function load({ port, duration, build }) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: 32,
        duration,
        requests: [{ setupRequest: (req) => ({ ...req, ...build() }) }],
      },
      (error, result) => {
        if (error) return reject(error)
        resolve({
          rps: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          errors: result.non2xx + result.errors + result.timeouts,
        })
      }
    )
  })
}

/** Starts a server process and waits until it answers on its port. */
export async function startProcess(command, args, { env, port, cwd, path = '/' }) {
  const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'ignore', 'pipe'], detached: true })
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${args[0]} exited: ${stderr.slice(-2000)}`)
    try {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(1000) })
      if (response.status < 500 || path === '/') break
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return {
    stderr: () => stderr,
    stop: async () => {
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {}
      await new Promise((resolve) => {
        const timer = setTimeout(() => {
          try {
            process.kill(-child.pid, 'SIGKILL')
          } catch {}
          resolve()
        }, 5000)
        child.on('exit', () => {
          clearTimeout(timer)
          resolve()
        })
      })
    },
  }
}
