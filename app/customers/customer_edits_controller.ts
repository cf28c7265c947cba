import type { HttpContext } from '@adonisjs/core/http'
import { findCustomerByPublicId } from '#customers/find_customer'
import { DuplicateCustomerError } from '#customers/errors'
import { tagsOf, updateCustomer } from '#customers/update_customer'
import { checkBirthday, fieldError, fieldMessages } from '#customers/validation'
import { identityFromForm } from '#customers/identity'
import { tagsFromText, updateCustomerValidator } from '#customers/validators'

export default class CustomerEditsController {
  async edit({ params, view, response }: HttpContext) {
    const customer = await findCustomerByPublicId(params.publicId)
    if (!customer) return response.notFound(await view.render('errors/not_found'))
    return view.render('customers/edit', { customer, tags: (await tagsOf(customer.id)).join(', ') })
  }

  async update(ctx: HttpContext) {
    const { params, request, response, session, i18n, view } = ctx
    const customer = await findCustomerByPublicId(params.publicId)
    if (!customer) return response.notFound(await view.render('errors/not_found'))
    const input = await request.validateUsing(updateCustomerValidator, { messagesProvider: fieldMessages(i18n) })
    checkBirthday(input, i18n.t('customers.validation.birthday'))
    try {
      const changed = await updateCustomer({
        customer,
        changes: {
          ...identityFromForm(input),
          locale: input.locale,
          tags: tagsFromText(input.tags),
        },
        staffMemberId: ctx.auth.use('web').user!.id,
        ip: request.ip(),
      })
      session.flash('success', i18n.t(changed.length ? 'customers.edit.saved' : 'customers.edit.unchanged'))
      return response.redirect(`/admin/customers/${customer.publicId}`)
    } catch (error) {
      if (!(error instanceof DuplicateCustomerError)) throw error
      throw fieldError(error.field, i18n.t(`customers.validation.duplicate_${error.field}`), 'duplicate')
    }
  }
}
