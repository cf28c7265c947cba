/*
 * Boots the application in the calling process as `node ace` boots a
 * command: the TypeScript loader, the console environment, no HTTP server.
 * The benchmarks then call the app's own modules directly.
 */
const APP_ROOT = new URL('../', import.meta.url)
const IMPORTER = (filePath) => (filePath.startsWith('./') || filePath.startsWith('../') ? import(new URL(filePath, APP_ROOT).href) : import(filePath))

export async function bootConsoleApp() {
  await import('ts-node-maintained/register/esm')
  await import('reflect-metadata')
  const { Ignitor } = await import('@adonisjs/core')
  const app = new Ignitor(APP_ROOT, { importer: IMPORTER })
    .tap((application) => application.booting(async () => void (await import('#start/env'))))
    .createApp('console')
  await app.init()
  await app.boot()
  await app.start(() => {})
  return app
}
