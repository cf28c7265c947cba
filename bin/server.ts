/*
 * Server entry point. COMPTOIR_ROLES picks what this process does:
 * `web` serves HTTP; `worker` runs the BullMQ workers; `scheduler` runs the
 * outbox dispatcher and the repeatable jobs. All three by default.
 * start/runtime.ts migrates, seeds (development) and starts the roles.
 */
import 'reflect-metadata'
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
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

/**
 * Every request gets an id for the logs. Adonis would make a cuid2 (a
 * SHA-3 per request, measurable on the POS path); a UUID v4 from Node's
 * pooled randomness is as unique and far cheaper.
 */
const REQUEST_ID = /^[\w.:-]{1,100}$/

function withRequestId(handle: (req: IncomingMessage, res: ServerResponse) => unknown) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const given = req.headers['x-request-id']
    // A proxy's id is kept when it looks like one; anything else would go into the logs as is.
    if (typeof given !== 'string' || !REQUEST_ID.test(given)) req.headers['x-request-id'] = randomUUID()
    return handle(req, res)
  }
}

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
    await ignitor.httpServer().start((handle) => createServer(withRequestId(handle)))
  } else {
    await startWithoutHttp()
  }
} catch (error) {
  process.exitCode = 1
  prettyPrintError(error)
}
