import { Exception } from '@adonisjs/core/exceptions'

export type PosterRefusal = 'unknown_template' | 'not_available_yet' | 'unknown_store' | 'unknown_format' | 'unknown_locale' | 'no_happy_hour' | 'no_stamps'

/** Why a poster cannot be printed as asked, in words an owner can act on. */
export class PosterRefused extends Exception {
  static status = 422
  static code = 'E_POSTER_REFUSED'

  constructor(
    readonly reason: PosterRefusal,
    message: string
  ) {
    super(message)
  }

  static unknownTemplate(template: string, known: readonly string[]) {
    return new PosterRefused('unknown_template', `Unknown template "${template}": choose one of ${known.join(', ')}`)
  }

  static notAvailableYet(template: string, available: readonly string[]) {
    return new PosterRefused('not_available_yet', `The ${template} template is not available yet: only ${listed(available)} can be printed for now`)
  }

  static unknownStore(slug: string | undefined) {
    return new PosterRefused('unknown_store', slug === undefined ? 'There is no store yet: create one first' : `No store has the slug "${slug}" (or it is archived)`)
  }

  static unknownFormat(format: string, template: string, known: readonly string[]) {
    return new PosterRefused('unknown_format', `Unknown format "${format}": choose one of ${known.join(', ')} for the ${template} template`)
  }

  static unknownLocale(locale: string) {
    return new PosterRefused('unknown_locale', `Unknown language "${locale}": choose fr or en`)
  }

  static noHappyHour(slug: string) {
    return new PosterRefused('no_happy_hour', `The store "${slug}" has no active happy hour: create or activate one in Animations first`)
  }

  static noStamps(slug: string) {
    return new PosterRefused('no_stamps', `No active programme that customers join at the store "${slug}" gives stamps: switch on the stamp card in a programme (Loyalty) first`)
  }
}

function listed(items: readonly string[]) {
  return new Intl.ListFormat('en-GB', { type: 'conjunction' }).format(items)
}
