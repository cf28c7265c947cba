/*
 * Process runtime for `npm start` and the role-split deployments: migrate,
 * seed the demo shop in development, then start what COMPTOIR_ROLES asks
 * for. Not loaded by ace commands nor by tests (they start what they need).
 */
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import env from '#start/env'
import { parseRoles } from '#shared/runtime_roles'
import { migrateDatabase } from '#shared/migrate'

const roles = parseRoles(env.get('COMPTOIR_ROLES'))
const stops: Array<() => Promise<void>> = []

await migrateDatabase()

if (app.inDev) {
  const { seedDemoShopIfEmpty } = await import('#database/seeders/demo_shop')
  await seedDemoShopIfEmpty()
}

if (roles.has('worker')) {
  const { startWorkers } = await import('#shared/workers')
  stops.push(startWorkers())
}
if (roles.has('scheduler')) {
  const { startOutboxDispatcher } = await import('#shared/outbox_dispatcher')
  stops.push(startOutboxDispatcher())
  const { startSchedule } = await import('#start/schedule')
  stops.push(startSchedule())
  const { startAnimationsTickScheduler } = await import('#animations/tick_scheduler')
  stops.push(startAnimationsTickScheduler())
}
if (roles.has('web')) {
  // The studio's first preview should not wait for Chromium to start (about a second); without Chromium, printing says so when asked.
  const { pdfRenderer } = await import('#printing/pdf_renderer')
  pdfRenderer()
    .warmUp()
    .catch((error: Error) => logger.warn({ err: { message: error.message } }, 'printing: Chromium not started'))
}
logger.info(`roles: ${[...roles].join(', ')}`)

app.terminating(async () => {
  await Promise.allSettled(stops.map((stop) => stop()))
  const { closeQueues } = await import('#shared/queue')
  await closeQueues()
})
