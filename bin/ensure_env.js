import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'

/**
 * A fresh clone has no .env: outside production we write one from
 * .env.example with a freshly generated APP_KEY, so `npm start` just works.
 * Production must bring its own environment (no generated secrets there).
 */
export function ensureEnvFile(appRoot) {
  const envPath = new URL('.env', appRoot)
  if (existsSync(envPath) || process.env.NODE_ENV === 'production' || process.env.APP_KEY) return
  const example = readFileSync(new URL('.env.example', appRoot), 'utf8')
  const key = randomBytes(32).toString('base64url')
  writeFileSync(envPath, example.replace(/^APP_KEY=.*$/m, `APP_KEY=${key}`), { mode: 0o600 })
  console.log('Created .env with a new APP_KEY (development defaults).')
}
