import type { I18n } from '@adonisjs/i18n'
import { posterHtml } from '#printing/posters/print_poster'
import { completedChoice, studioChoices, type StudioChoices } from '#printing/studio/studio_choices'
import { invalidChoice, posterFailure, type PosterFailure } from '#printing/studio/poster_failure'
import { previewSizeOf } from '#printing/studio/preview_poster'
import { OFFER_FIELDS, posterInputOf, queryOf, readStudioQuery, STUDIO_MAX_LENGTHS, type StudioChoice } from '#printing/studio/studio_query'

export const PREVIEW_PATH = '/admin/printing/preview.png'
export const DOWNLOAD_PATH = '/admin/printing/poster.pdf'

/**
 * What the studio page shows for a query: the form as chosen and, when
 * the poster can be printed, the preview's address and size and the PDF's
 * link; otherwise why not (status 422). The poster's HTML is written here
 * to learn that, without Chromium: the image is its own request.
 */
export async function studioPage(query: Record<string, unknown>, i18n: I18n) {
  const choices = await studioChoices()
  const asked = await readStudioQuery(query, i18n)
  if (!asked.ok) return failedPage(choices, asked.choice, invalidChoice(asked.errors, i18n))
  const choice = completedChoice(asked.choice, choices, i18n.locale)
  try {
    const { layout } = await posterHtml(posterInputOf(choice))
    return previewPage(choices, choice, previewSizeOf(layout), i18n)
  } catch (error) {
    const failure = posterFailure(error, choice, i18n)
    if (!failure) throw error
    return failedPage(choices, choice, failure)
  }
}

function previewPage(choices: StudioChoices, choice: StudioChoice, size: { width: number; height: number }, i18n: I18n) {
  const preview = { src: `${PREVIEW_PATH}?${queryOf(choice)}`, ...size, alt: previewAlt(choices, choice, i18n) }
  return { status: 200, state: { ...formState(choices, choice), errors: {}, problem: null, preview } }
}

function failedPage(choices: StudioChoices, choice: StudioChoice, failure: PosterFailure) {
  return { status: failure.status, state: { ...formState(choices, choice), errors: failure.errors, problem: failure.message, preview: null } }
}

function formState(choices: StudioChoices, choice: StudioChoice) {
  const paths = { previewPath: PREVIEW_PATH, downloadPath: DOWNLOAD_PATH, downloadHref: `${DOWNLOAD_PATH}?${queryOf(choice)}` }
  return { choices, choice, offerFields: OFFER_FIELDS, limits: STUDIO_MAX_LENGTHS, ...paths }
}

function previewAlt(choices: StudioChoices, choice: StudioChoice, i18n: I18n) {
  const store = choices.stores.find(({ slug }) => slug === choice.store)?.name ?? choice.store ?? ''
  const template = i18n.t(`printing_studio.templates.${choice.template}.name`)
  return i18n.t('printing_studio.preview_alt', { template, store, format: choice.format ?? '', language: i18n.t(`printing_studio.locales.${choice.locale}`) })
}
