import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace demo:seed`: the demo business "Café des Arts", on an empty
 * database only. `npm start` runs it by itself in development; production
 * refuses it (no default accounts, R51).
 */
export default class DemoSeed extends BaseCommand {
  static commandName = 'demo:seed'
  static description = 'Seed the demo shop "Café des Arts" (development only, empty database only)'
  static options: CommandOptions = { startApp: true }

  async run() {
    if (this.app.inProduction) {
      this.logger.error('The demo seed never runs in production: create the owner on the first-run page (/setup).')
      this.exitCode = 1
      return
    }
    const { migrateDatabase } = await import('#shared/migrate')
    const { seedDemoShopIfEmpty } = await import('#database/seeders/demo_shop')
    await migrateDatabase()
    const seeded = await seedDemoShopIfEmpty()
    if (!seeded) this.logger.info('The database already holds a business: nothing seeded.')
  }
}
