import { args, BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace print:poster TEMPLATE --out=FILE.pdf [--store=SLUG]
 * [--format=A4] [--locale=fr]`: the same PDF as the print studio
 * (app/printing/posters/print_poster.ts), from the store's configuration
 * as it is now. Exit code 1, with the reason, for a template, store,
 * format or language it does not know, or a template not built yet.
 */
export default class PrintPoster extends BaseCommand {
  static commandName = 'print:poster'
  static description = 'Print a poster of a store, as configured, to a PDF file'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'enrolment, happy-hour, stamp-card, sticker, table-tent, member-price or terms' })
  declare template: string

  @flags.string({ description: 'Where to write the PDF file', required: true })
  declare out: string

  @flags.string({ description: "The store's slug (default: the default store)" })
  declare store?: string

  @flags.string({ description: 'A3, A4 or A5, portrait', default: 'A4' })
  declare format: string

  @flags.string({ description: 'fr or en', default: 'fr' })
  declare locale: string

  async run() {
    const { writeFile } = await import('node:fs/promises')
    const { resolve } = await import('node:path')
    const { printPoster } = await import('#printing/posters/print_poster')
    const { PosterRefused } = await import('#printing/posters/poster_refused')
    const { ChromiumMissingError } = await import('#printing/pdf_renderer')
    try {
      const { pdf, store, format } = await printPoster({ template: this.template, storeSlug: this.store, format: this.format, locale: this.locale })
      const path = resolve(this.out)
      await writeFile(path, pdf)
      this.logger.success(`${this.template} poster of ${store.slug} (${format}, ${this.locale}) written to ${path}`)
    } catch (error) {
      if (!(error instanceof PosterRefused || error instanceof ChromiumMissingError)) throw error
      this.logger.error(error.message)
      this.exitCode = 1
    }
  }
}
