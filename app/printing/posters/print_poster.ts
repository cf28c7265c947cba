import edge from 'edge.js'
import i18nManager from '@adonisjs/i18n/services/main'
import type { I18n } from '@adonisjs/i18n'
import Store from '#stores/models/store'
import { renderPdf } from '#printing/pdf_renderer'
import { enrolmentPoster } from '#printing/posters/enrolment_poster'
import { happyHourPoster } from '#printing/posters/happy_hour_poster'
import { pdfLayoutOf, posterFormat, POSTER_FORMAT_NAMES } from '#printing/posters/poster_formats'
import { posterLook } from '#printing/posters/poster_look'
import { PosterRefused } from '#printing/posters/poster_refused'

/** Every printable of the studio (DESIGN.md); those without a builder come in a later slice. */
export const POSTER_TEMPLATES = ['enrolment', 'happy-hour', 'stamp-card', 'sticker', 'table-tent', 'member-price', 'terms'] as const

type PosterBuilder = (store: Store, i18n: I18n) => Promise<{ view: string; title: string } & Record<string, unknown>>

const BUILDERS: Partial<Record<(typeof POSTER_TEMPLATES)[number], PosterBuilder>> = {
  'enrolment': enrolmentPoster,
  'happy-hour': happyHourPoster,
}

export interface PrintPosterInput {
  template: string
  /** The store's slug; absent: the default store. */
  storeSlug?: string
  /** A3, A4 (default) or A5, portrait. */
  format?: string
  /** fr (default) or en. */
  locale?: string
}

/**
 * A poster of a store as configured right now, as a one-page PDF: Edge
 * writes the HTML (every value escaped), the shared Chromium prints it
 * with no script and no network. Refuses, with the reason, a template,
 * store, format or language it does not know.
 */
export async function printPoster(input: PrintPosterInput) {
  const build = builderOf(input.template)
  const format = posterFormat(input.format ?? 'A4')
  if (!format) throw PosterRefused.unknownFormat(input.format ?? '', POSTER_FORMAT_NAMES)
  const locale = input.locale ?? 'fr'
  if (!i18nManager.supportedLocales().includes(locale)) throw PosterRefused.unknownLocale(locale)
  const store = await storeOf(input.storeSlug)
  const i18n = i18nManager.locale(locale)
  const { view, ...state } = await build(store, i18n)
  const html = await edge.render(view, { ...state, store, i18n, look: posterLook(store, format, locale) })
  return { pdf: await renderPdf(html, pdfLayoutOf(format)), store, format: format.name }
}

function builderOf(template: string) {
  if (!(POSTER_TEMPLATES as readonly string[]).includes(template)) throw PosterRefused.unknownTemplate(template, POSTER_TEMPLATES)
  const build = BUILDERS[template as (typeof POSTER_TEMPLATES)[number]]
  if (!build) throw PosterRefused.notAvailableYet(template, Object.keys(BUILDERS))
  return build
}

async function storeOf(slug: string | undefined) {
  const store = slug === undefined ? await Store.defaultStore() : await Store.findBySlug(slug)
  if (!store) throw PosterRefused.unknownStore(slug)
  return store
}
