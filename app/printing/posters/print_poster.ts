import edge from 'edge.js'
import i18nManager from '@adonisjs/i18n/services/main'
import type { I18n } from '@adonisjs/i18n'
import Store from '#stores/models/store'
import { renderPdf, type PdfLayout } from '#printing/pdf_renderer'
import { enrolmentPoster } from '#printing/posters/enrolment_poster'
import { happyHourPoster } from '#printing/posters/happy_hour_poster'
import { memberPriceNotice } from '#printing/posters/member_price_notice'
import { PAPER_FORMATS, pdfLayoutOf, STICKER_FORMATS, TENT_FORMATS, type PosterFormat } from '#printing/posters/poster_formats'
import { posterLook } from '#printing/posters/poster_look'
import { storeLogoDataUrl } from '#stores/branding/store_logo'
import { termsPrint } from '#printing/posters/terms_print'
import { PosterRefused } from '#printing/posters/poster_refused'
import { stampCard } from '#printing/posters/stamp_card'
import { windowSticker } from '#printing/posters/window_sticker'
import { tableTent } from '#printing/posters/table_tent'
import { withTrimBox } from '#printing/posters/trim_box'

/** Every printable of the studio (DESIGN.md); one without a builder is refused as not available yet. */
export const POSTER_TEMPLATES = ['enrolment', 'happy-hour', 'stamp-card', 'sticker', 'table-tent', 'member-price', 'terms'] as const
export type PosterTemplate = (typeof POSTER_TEMPLATES)[number]

/** What the owner typed for a member-price notice, as typed (the builder validates it). */
export interface MemberOffer {
  product?: string
  /** Euros as typed: "2,50", "2.50" or "2". */
  price?: string
  memberPrice?: string
  details?: string
  /** Last day of the offer, YYYY-MM-DD. */
  until?: string
}

export interface PosterContext {
  format: PosterFormat
  offer?: MemberOffer
}

/** A builder gives its view and what the view shows; `layout` only when Chromium must print it otherwise than its format says. */
type PosterBuilder = (store: Store, i18n: I18n, context: PosterContext) => Promise<{ view: string; title: string; layout?: PdfLayout } & Record<string, unknown>>

const BUILDERS: Partial<Record<PosterTemplate, PosterBuilder>> = {
  'enrolment': enrolmentPoster,
  'happy-hour': happyHourPoster,
  'stamp-card': stampCard,
  'sticker': windowSticker,
  'table-tent': tableTent,
  'member-price': memberPriceNotice,
  'terms': termsPrint,
}

const { A3, A4, A5, A6 } = PAPER_FORMATS

/** The sheets each template prints on, as the studio lists them, and the one it prints on when none is asked for. */
const FORMATS: Record<PosterTemplate, { formats: readonly PosterFormat[]; byDefault: string }> = {
  'enrolment': { formats: [A3, A4, A5], byDefault: 'A4' },
  'happy-hour': { formats: [A3, A4, A5], byDefault: 'A4' },
  'stamp-card': { formats: [A5, A6], byDefault: 'A6' },
  'sticker': { formats: Object.values(STICKER_FORMATS), byDefault: 'S100' },
  'table-tent': { formats: [TENT_FORMATS.A3, TENT_FORMATS.A4], byDefault: 'A4' },
  'member-price': { formats: [A4, A5], byDefault: 'A5' },
  'terms': { formats: [A4, A5], byDefault: 'A4' },
}

export interface PrintPosterInput {
  template: string
  /** The store's slug; absent: the default store. */
  storeSlug?: string
  /** One of formatsOf(template); absent: defaultFormatOf(template). */
  format?: string
  /** fr (default) or en. */
  locale?: string
  /** The member-price notice's text; the other templates ignore it. */
  offer?: MemberOffer
}

/** The format names a template prints on ("A3, A4, A5"; "S80, S100, S150"). */
export function formatsOf(template: PosterTemplate): readonly string[] {
  return FORMATS[template].formats.map((format) => format.name)
}

export function defaultFormatOf(template: PosterTemplate): string {
  return FORMATS[template].byDefault
}

/**
 * A printable of a store as configured right now, as a PDF: Edge writes
 * the HTML (every value escaped), the shared Chromium prints it with no
 * script and no network; a sticker gets its cut line written in. Refuses,
 * with the reason, a template, store, format or language it does not know.
 */
export async function printPoster(input: PrintPosterInput) {
  const { html, store, format, layout } = await posterHtml(input)
  const pdf = await renderPdf(html, layout)
  return { pdf: format.bleedMm > 0 ? withTrimBox(pdf, format) : pdf, store, format: format.name }
}

/** The printable's self-contained HTML and the page Chromium prints it on (the studio's preview, the benchmark). */
export async function posterHtml(input: PrintPosterInput) {
  const template = templateOf(input.template)
  const build = builderOf(template)
  const format = formatOf(template, input.format)
  const locale = input.locale ?? 'fr'
  if (!i18nManager.supportedLocales().includes(locale)) throw PosterRefused.unknownLocale(locale)
  const store = await storeOf(input.storeSlug)
  const i18n = i18nManager.locale(locale)
  const { view, layout, ...state } = await build(store, i18n, { format, offer: input.offer })
  const html = await edge.render(view, { ...state, store, i18n, look: posterLook(store, format, locale, await storeLogoDataUrl(store)) })
  return { html, store, format, layout: layout ?? pdfLayoutOf(format) }
}

function templateOf(template: string) {
  if (!(POSTER_TEMPLATES as readonly string[]).includes(template)) throw PosterRefused.unknownTemplate(template, POSTER_TEMPLATES)
  return template as PosterTemplate
}

function builderOf(template: PosterTemplate) {
  const build = BUILDERS[template]
  if (!build) throw PosterRefused.notAvailableYet(template, Object.keys(BUILDERS))
  return build
}

/** "a4" or "A4", among the template's own; absent: the template's default. */
function formatOf(template: PosterTemplate, name = defaultFormatOf(template)) {
  const format = FORMATS[template].formats.find((known) => known.name === name.trim().toUpperCase())
  if (!format) throw PosterRefused.unknownFormat(name, template, formatsOf(template))
  return format
}

async function storeOf(slug: string | undefined) {
  const store = slug === undefined ? await Store.defaultStore() : await Store.findBySlug(slug)
  if (!store) throw PosterRefused.unknownStore(slug)
  return store
}
