import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import { findCustomerByPublicId } from '#customers/find_customer'
import { fieldMessages } from '#customers/validation'
import { accountsOf, joinableProgramsOf, ledgerPageOf, vouchersOf } from '#loyalty/customer_ledger'
import { ledgerLineText } from '#loyalty/ledger_line_text'
import { ledgerPageValidator } from '#loyalty/profile/validators'

/** A customer's loyalty for staff: balances, lots and their expiry, the ledger with its reasons, vouchers, corrections. */
export default class CustomerLoyaltyController {
  async show(ctx: HttpContext) {
    const { params, request, view, response, i18n } = ctx
    const customer = await findCustomerByPublicId(params.publicId)
    if (!customer) return response.notFound(await view.render('errors/not_found'))
    if (customer.publicId !== params.publicId) return response.redirect(`/admin/customers/${customer.publicId}/loyalty`)
    const { before } = await ledgerPageValidator.validate(request.qs(), { messagesProvider: fieldMessages(i18n) })
    await customer.load('store')
    const timezone = customer.store?.timezone ?? 'Europe/Paris'
    const accounts = await accountsOf(customer)
    const page = await ledgerPageOf(accounts, before ?? null)
    return view.render('loyalty/customer', {
      customer,
      timezone,
      accounts,
      lines: page.lines.map((line) => ({ ...line, text: ledgerLineText(i18n, line, timezone) })),
      next: page.next,
      isFirstPage: !before,
      vouchers: await vouchersOf(customer, DateTime.utc()),
      joinable: await joinableProgramsOf(customer),
    })
  }
}
