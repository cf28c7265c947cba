import type { HttpContext } from '@adonisjs/core/http'
import { enrolCustomer } from '#customers/enrol_customer'
import { DuplicateCustomerError } from '#customers/errors'
import { checkBirthday, fieldError, fieldMessages } from '#customers/validation'
import { enrolAtTillValidator } from '#till/validators'
import { identityFromForm } from '#customers/identity'
import { storeOfStaff } from '#till/staff_store'
import { referrerByCode } from '#customers/referral'
import { currentTerms, membershipVersion } from '#loyalty/terms/program_terms'

/** The consent notice shown above the checkboxes; kept with each consent as evidence. */
export const TILL_CONSENT_EVIDENCE = 'till enrolment form, notice till.enrol.consent_notice v1'

export default class TillCustomersController {
  async store(ctx: HttpContext) {
    const { request, response, session, i18n } = ctx
    const input = await request.validateUsing(enrolAtTillValidator, { messagesProvider: fieldMessages(i18n) })
    if (!input.phone && !input.email) throw fieldError('phone', i18n.t('customers.validation.contact'), 'contact')
    checkBirthday(input, i18n.t('customers.validation.birthday'))
    const staff = ctx.auth.use('web').user!
    const referredById = await referrerByCode(input.referral_code, i18n.t('customers.validation.referral_code'))
    try {
      const customer = await enrolCustomer({
        storeId: (await storeOfStaff(staff)).id,
        source: 'till',
        ...identityFromForm(input),
        locale: i18n.locale,
        consents: { email_marketing: input.email_marketing === true, sms_marketing: input.sms_marketing === true },
        consentEvidence: TILL_CONSENT_EVIDENCE,
        membershipVersion: membershipVersion(await currentTerms(), i18n.locale, i18n.t('till.enrol.terms_notice')),
        referredById,
        staffMemberId: staff.id,
        ip: request.ip(),
        userAgent: request.header('user-agent') ?? null,
      })
      session.flash('success', i18n.t('till.enrol.done', { name: customer.displayName }))
      return response.redirect(`/till/customers/${customer.publicId}`)
    } catch (error) {
      if (!(error instanceof DuplicateCustomerError)) throw error
      session.flashExcept(['_csrf'])
      session.flash('duplicate', { publicId: error.existingPublicId, field: error.field })
      return response.redirect().back()
    }
  }
}
