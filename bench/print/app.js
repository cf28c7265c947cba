/*
 * The application booted in this very process (as `node ace` boots a
 * command: the TypeScript loader, the console environment, no HTTP), so
 * printPoster() is timed with nothing between the caller and the code: no
 * boot, no HTTP, no IPC. Also seeds what the poster shows: one store and
 * an active auto-enrolment programme with the demo rules (points, the
 * tenth coffee, tiers, a 5 € voucher every 100 points).
 */
import { bootConsoleApp } from '../boot_app.js'

export const STORE = { slug: 'bench', name: 'Café du Bench', brandColour: '#1f5e3b' }

/** `env` goes into process.env first: #start/env reads it while booting. */
export async function bootApp(env) {
  Object.assign(process.env, env)
  const app = await bootConsoleApp()

  const posters = await import('#printing/posters/print_poster')
  const renderer = await import('#printing/pdf_renderer')
  const { pdfLayoutOf } = await import('#printing/posters/poster_formats')
  await seed()
  return {
    printPoster: posters.printPoster,
    posterHtml: posters.posterHtml,
    pdfLayoutOf,
    pdfRenderer: renderer.pdfRenderer,
    renderPdf: renderer.renderPdf,
    PdfRenderer: renderer.PdfRenderer,
    terminate: () => app.terminate(),
  }
}

async function seed() {
  const { default: Store } = await import('#stores/models/store')
  const { saveProgram } = await import('#loyalty/save_program')
  const { demoRules } = await import('#loyalty/program_rules')
  const store = await Store.create({ ...STORE, timezone: 'Europe/Paris', currency: 'EUR', country: 'FR', isDefault: true })
  await saveProgram({ name: 'Fidélité du Bench', enrolment: 'auto', status: 'active', storeId: store.id, rules: demoRules() }, null)
}
