import db from '@adonisjs/lucid/services/db'
import { fieldError } from '#customers/validation'

/**
 * The referrer named by a referral code given at enrolment: a customer
 * still here. An unknown code is a field error, so the cashier can correct
 * a typing mistake rather than lose the referral.
 */
export async function referrerByCode(code: string | undefined | null, message = 'No customer has this referral code'): Promise<number | null> {
  if (!code) return null
  const referrer = await db.from('customers').where('referral_code', code.trim().toUpperCase()).whereNull('erased_at').whereNull('merged_into_id').select('id').first()
  if (!referrer) throw fieldError('referral_code', message, 'referral_code')
  return Number(referrer.id)
}
