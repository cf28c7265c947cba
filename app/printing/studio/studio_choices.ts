import Store from '#stores/models/store'
import { defaultFormatOf, formatsOf, POSTER_TEMPLATES, type PosterTemplate } from '#printing/posters/print_poster'
import { POSTER_LOCALES, type StudioChoice } from '#printing/studio/studio_query'

/** What the studio offers: every template with its formats, the active stores (the default first), the two languages. */
export async function studioChoices() {
  const stores = await Store.query().whereNull('archivedAt').orderBy('isDefault', 'desc').orderBy('name')
  return {
    templates: POSTER_TEMPLATES.map((name) => ({ name, formats: [...formatsOf(name)], defaultFormat: defaultFormatOf(name) })),
    stores: stores.map((store) => ({ slug: store.slug, name: store.name })),
    locales: POSTER_LOCALES,
  }
}

export type StudioChoices = Awaited<ReturnType<typeof studioChoices>>

/**
 * The page's choice made whole: the enrolment poster, the first store,
 * the owner's own language, and a format the template prints in (the one
 * asked for if it does, else the template's default: a sticker has no A3).
 */
export function completedChoice(choice: StudioChoice, choices: StudioChoices, uiLocale: string): StudioChoice {
  const template = (choice.template ?? 'enrolment') as PosterTemplate
  const format = formatsOf(template).find((name) => name.toLowerCase() === choice.format?.toLowerCase()) ?? defaultFormatOf(template)
  const locale = choice.locale ?? ((POSTER_LOCALES as readonly string[]).includes(uiLocale) ? uiLocale : 'fr')
  return { ...choice, template, format, locale, store: choice.store ?? choices.stores[0]?.slug }
}
