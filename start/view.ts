/*
 * Edge globals: formatting helpers every page uses.
 */
import edge from 'edge.js'
import app from '@adonisjs/core/services/app'
import { formatDate, formatDateTime, formatMoney } from '#shared/format'
import { formatPhone } from '#customers/phone'
import { newPublicId } from '#shared/public_id'

edge.global('money', formatMoney)
edge.global('dateTime', formatDateTime)
edge.global('date', formatDate)
edge.global('phone', formatPhone)
// A one-time token per form: a double submit carries the same one (till writes are idempotent by it).
edge.global('newFormToken', () => newPublicId())

/*
 * Edge re-lists every component file on disk each time a request touches
 * ctx.view unless caching was on when the Edge instance was built, which
 * Adonis turns on later; in production the templates never change, so list
 * them once.
 */

if (app.inProduction) {
  const listComponents = edge.loader.listComponents.bind(edge.loader)
  let listed: ReturnType<typeof listComponents> | null = null
  edge.loader.listComponents = () => (listed ??= listComponents())
}
