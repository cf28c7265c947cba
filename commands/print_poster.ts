import { args, BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace print:poster TEMPLATE --out=FILE.pdf [--store=SLUG]
 * [--format=…] [--locale=fr]`, plus the offer's flags for member-price:
 * the same PDF as the print studio (app/printing/posters/print_poster.ts),
 * from the store's configuration as it is now. Exit code 1, with the
 * reason, for a template, store, format or language it does not know, a
 * template not built yet, or an offer that does not hold (each field's
 * message).
 */
export default class PrintPoster extends BaseCommand {
  static commandName = 'print:poster'
  static description = 'Print a poster, counter card, sticker, table tent or member-price notice of a store, as configured, to a PDF file'
  static help = [
    'Formats, the default first: enrolment and happy-hour A4, A3, A5; stamp-card A6, A5;',
    'sticker S100, S80, S150 (square, in mm, printed with 3 mm of bleed); table-tent A4, A3 (landscape, folded in two).',
    'member-price A5, A4, with --product, --price and --member-price, e.g.',
    '  node ace print:poster member-price --out=offre.pdf --product="Croissant" --price=1,40 --member-price=1,10 --until=2026-12-31',
  ]
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'enrolment, happy-hour, stamp-card, sticker, table-tent, member-price or terms' })
  declare template: string

  @flags.string({ description: 'Where to write the PDF file', required: true })
  declare out: string

  @flags.string({ description: "The store's slug (default: the default store)" })
  declare store?: string

  @flags.string({ description: "The template's paper or sticker size (default: the template's own, see the help)" })
  declare format?: string

  @flags.string({ description: 'fr or en', default: 'fr' })
  declare locale: string

  @flags.string({ description: 'member-price: the product (80 characters at most)' })
  declare product?: string

  @flags.string({ description: 'member-price: the regular price in euros (2,50 or 2.50)' })
  declare price?: string

  @flags.string({ description: 'member-price: the lower price members pay, in euros' })
  declare memberPrice?: string

  @flags.string({ description: 'member-price: details, e.g. "chaque mardi" (160 characters at most)' })
  declare details?: string

  @flags.string({ description: 'member-price: the last day of the offer, YYYY-MM-DD' })
  declare until?: string

  async run() {
    const { writeFile } = await import('node:fs/promises')
    const { resolve } = await import('node:path')
    const { errors } = await import('@vinejs/vine')
    const { printPoster } = await import('#printing/posters/print_poster')
    const { PosterRefused } = await import('#printing/posters/poster_refused')
    const { ChromiumMissingError } = await import('#printing/pdf_renderer')
    const offer = { product: this.product, price: this.price, memberPrice: this.memberPrice, details: this.details, until: this.until }
    try {
      const { pdf, store, format } = await printPoster({ template: this.template, storeSlug: this.store, format: this.format, locale: this.locale, offer })
      const path = resolve(this.out)
      await writeFile(path, pdf)
      this.logger.success(`${this.template} of ${store.slug} (${format}, ${this.locale}) written to ${path}`)
    } catch (error) {
      if (error instanceof errors.E_VALIDATION_ERROR) {
        for (const { field, message } of error.messages as Array<{ field: string; message: string }>) this.logger.error(`--${field.replace('_', '-')}: ${message}`)
      } else if (error instanceof PosterRefused || error instanceof ChromiumMissingError) {
        this.logger.error(error.message)
      } else {
        throw error
      }
      this.exitCode = 1
    }
  }
}
