import type { DateTime } from 'luxon'
import type Customer from '#customers/models/customer'
import type CustomerActivity from '#customers/models/customer_activity'
import { zeroBalances, type CustomerLoyalty } from '#loyalty/customer_balances'

const iso = (value: DateTime | null | undefined) => (value ? value.toUTC().toISO() : null)

/** A customer as the POS API shows it (snake_case, public ids only); no activity yet: a customer just enrolled. */
export function customerJson(customer: Customer, activity: CustomerActivity | null, loyalty: CustomerLoyalty | null = null) {
  return {
    id: customer.publicId,
    card_code: customer.cardCode,
    first_name: customer.firstName ?? null,
    last_name: customer.lastName ?? null,
    email: customer.email ?? null,
    phone: customer.phoneE164 ?? null,
    birthday: customer.birthdayOn,
    consents: { email_marketing: Boolean(customer.emailMarketing), sms_marketing: Boolean(customer.smsMarketing) },
    referral_code: customer.referralCode,
    visit_count: Number(activity?.visitCount ?? 0),
    total_spent_cents: Number(activity?.totalSpentCents ?? 0),
    last_purchase_at: iso(activity?.lastPurchaseAt),
    created_at: iso(customer.createdAt),
    balances: loyalty?.balances ?? zeroBalances(),
    tier: loyalty?.tier ?? null,
    vouchers: loyalty?.vouchers ?? [],
  }
}
