import type { I18n } from '@adonisjs/i18n'
import type Store from '#stores/models/store'
import { currentTerms } from '#loyalty/terms/program_terms'
import { termsDocument } from '#loyalty/terms/terms_document'

/**
 * The terms in force, for print: the same document as the /terms page,
 * on as many pages as it takes, each page numbered with the version.
 */
export async function termsPrint(store: Store, i18n: I18n) {
  const terms = await currentTerms()
  const document = termsDocument(terms, i18n, { timezone: store.timezone, storeSlug: store.slug })
  return {
    view: 'printing/terms',
    // The page size and margins (with the numbered footer in them) come from the view's @page rule.
    layout: { preferCSSPageSize: true, printBackground: true },
    title: `${document.title} — ${store.name}`,
    document,
    // Printed from the stylesheet (a page margin box), where HTML escaping protects nothing: letters, digits and plain punctuation only.
    footer: i18n.t('terms.print_footer', { version: terms.version, store: store.name }).replace(/'/g, '’').replace(/[^\p{L}\p{N} ,.·’-]/gu, ''),
  }
}
