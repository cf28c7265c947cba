import type { HttpContext } from '@adonisjs/core/http'
import Store from '#stores/models/store'
import { formViewOf } from '#loyalty/admin/form_view'
import { fieldErrorsOf } from '#loyalty/admin/messages'
import { sampleBasket } from '#loyalty/admin/form_of_rules'
import { moneyText } from '#loyalty/admin/program_summary'
import { isUnasked, readSimulatorForm, simulate } from '#loyalty/admin/simulation'

/**
 * `GET /admin/loyalty/simulator`: "what would this basket earn, and why".
 * A GET form: the question is in the URL (shareable, bookmarkable) and
 * nothing is written.
 */
export default class SimulatorController {
  async show({ request, response, view, i18n }: HttpContext) {
    const form = readSimulatorForm(request.qs())
    const stores = await Store.query().whereNull('archivedAt').orderBy('isDefault', 'desc').orderBy('name')
    const simulation = isUnasked(form) ? null : await simulate(form, i18n)
    if (!simulation) Object.assign(form, { store: stores[0]?.publicId ?? '', lines: sampleBasket() })
    const problems = simulation?.problems ?? []
    response.status(problems.length > 0 ? 422 : 200)
    return view.render('loyalty/simulator/show', {
      f: formViewOf(form, fieldErrorsOf(problems, i18n), 'simulator', i18n),
      storeOptions: stores.map((store) => [store.publicId, store.name]),
      simulation: simulation && problems.length === 0 ? { ...simulation, total: moneyText(simulation.totalCents, i18n.locale) } : null,
    })
  }
}
