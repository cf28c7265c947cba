import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace pos:token NAME [--store=SLUG]`: a POS API token for one store
 * (the default store when --store is omitted). The token is printed once,
 * alone on the last line, so scripts can take it with `tail -n 1`.
 */
export default class PosToken extends BaseCommand {
  static commandName = 'pos:token'
  static description = 'Create a POS API token for a store and print it on the last line'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'A name for the till or POS, e.g. "Till 1"' })
  declare name: string

  @flags.string({ description: 'Slug of the store (default store when omitted)' })
  declare store?: string

  async run() {
    const { default: Store } = await import('#stores/models/store')
    const { createPosToken } = await import('#stores/pos_tokens')
    // defaultStore() is typed non-null but is null on an install without a store.
    const store = this.store ? await Store.findBySlug(this.store) : ((await Store.defaultStore()) ?? null)
    if (!store) {
      this.logger.error(this.store ? `No store with the slug "${this.store}".` : 'No store exists yet: create one on the first-run page (/setup).')
      this.exitCode = 1
      return
    }
    const token = await createPosToken(store, this.name.slice(0, 100), { staffMemberId: null, ip: null })
    this.logger.info(`Token "${this.name}" created for the store "${store.name}" (${store.slug}). It is shown only once:`)
    console.log(token.value!.release())
  }
}
