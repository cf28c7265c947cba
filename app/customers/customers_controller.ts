import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import Store from '#stores/models/store'
import { findCustomerByPublicId } from '#customers/find_customer'
import { listCustomers } from '#customers/list_customers'
import { customerProfileOf } from '#customers/customer_profile'
import { listCustomersValidator } from '#customers/validators'
import { fieldMessages } from '#customers/validation'
import { filtersFrom, linkWith } from '#customers/list_filters'

export default class CustomersController {
  async index({ request, view, i18n }: HttpContext) {
    const stores = await Store.query().whereNull('archivedAt').orderBy('name')
    const query = request.qs()
    try {
      const input = await listCustomersValidator.validate(query, { messagesProvider: fieldMessages(i18n) })
      const page = await listCustomers(filtersFrom(input, stores))
      const nextLink = page.next ? linkWith(query, { after: page.next }) : null
      const firstLink = linkWith(query, { after: null })
      return view.render('customers/index', { ...page, stores, query, nextLink, firstLink, isFirstPage: !input.after })
    } catch (error) {
      if (!(error instanceof vineErrors.E_VALIDATION_ERROR)) throw error
      const filterErrors = (error.messages as Array<{ field: string; message: string }>).map((m) => `${m.field}: ${m.message}`)
      return view.render('customers/index', { customers: [], stores, query, nextLink: null, isFirstPage: true, filterErrors })
    }
  }

  async show({ params, view, response }: HttpContext) {
    const customer = await findCustomerByPublicId(params.publicId)
    if (!customer) return response.notFound(await view.render('errors/not_found'))
    // A merged duplicate's address leads to the customer it was merged into.
    if (customer.publicId !== params.publicId) return response.redirect(`/admin/customers/${customer.publicId}`)
    return view.render('customers/show', await customerProfileOf(customer))
  }
}
