/*
 * Server entry point. COMPTOIR_ROLES picks what this process does:
 * `web` serves HTTP; `worker` runs the BullMQ workers; `scheduler` runs the
 * outbox dispatcher and the repeatable jobs. All three by default.
 * start/runtime.ts migrates, seeds (development) and starts the roles.
 */
import 'reflect-metadata'
import { Ignitor, prettyPrintError } from '@adonisjs/core'

const APP_ROOT = new URL('../', import.meta.url)

const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

const ignitor = new Ignitor(APP_ROOT, { importer: IMPORTER }).tap((app) => {
  app.booting(async () => {
    await import('#start/env')
  })
  // Stop cleanly (workers finish their job, queues close), then exit even if
  // a client library still holds a socket open.
  const shutdown = async () => {
    const timer = setTimeout(() => process.exit(1), 15_000)
    timer.unref()
    await app.terminate()
    process.exit(process.exitCode ?? 0)
  }
  app.listen('SIGTERM', shutdown)
  app.listen('SIGINT', shutdown)
})

async function startWithoutHttp() {
  const app = ignitor.createApp('web')
  await app.init()
  await app.boot()
  await app.start(() => {})
}

try {
  // Env.create loads .env into process.env, so the roles can be read here.
  await import('#start/env')
  const { parseRoles } = await import('#shared/runtime_roles')
  const roles = parseRoles(process.env.COMPTOIR_ROLES)
  if (roles.has('web')) {
    await ignitor.httpServer().start()
  } else {
    await startWithoutHttp()
  }
} catch (error) {
  process.exitCode = 1
  prettyPrintError(error)
}
