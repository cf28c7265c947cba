import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import Store from '#stores/models/store'
import StaffMember from '#staff/models/staff_member'
import Customer from '#customers/models/customer'
import ConsentRecord from '#customers/models/consent_record'
import Purchase from '#purchases/models/purchase'
import PurchaseLine from '#purchases/models/purchase_line'
import { DEMO_ACCOUNTS } from '#database/seeders/demo_accounts'
import { demoCatalogue, demoNames, seededRandom } from '#database/seeders/demo_data'

/**
 * Development only: the demo business "Café des Arts" (Lyon), its three
 * staff accounts and 200 customers with six months of purchases. Runs once,
 * on an empty database; refuses to run in production (R51).
 */
export async function seedDemoShopIfEmpty(now = DateTime.utc()) {
  if (process.env.NODE_ENV === 'production') throw new Error('The demo seed never runs in production')
  if (await Store.query().first()) return false
  await db.transaction(async (trx) => {
    const store = await Store.create(
      { slug: 'cafe-des-arts', name: 'Café des Arts', legalName: 'Café des Arts SARL', addressLine: '12 rue de la République', postalCode: '69002', city: 'Lyon', country: 'FR', timezone: 'Europe/Paris', currency: 'EUR', isDefault: true, reviewUrl: null },
      { client: trx }
    )
    for (const account of DEMO_ACCOUNTS) {
      await StaffMember.create({ ...account, storeId: store.id, locale: 'fr' }, { client: trx })
    }
    const random = seededRandom(2026)
    const names = demoNames()
    for (let i = 0; i < 200; i++) {
      const customer = await Customer.create(demoCustomer(store.id, i, names, random, now), { client: trx })
      await seedConsents(customer, trx)
      await seedPurchases(store, customer, random, now, trx)
    }
  })
  logger.info('Demo shop "Café des Arts" seeded')
  console.log('\nDemo accounts (development only):')
  for (const account of DEMO_ACCOUNTS) console.log(`  ${account.role.padEnd(9)} ${account.email}  password: ${account.password}`)
  console.log('')
  return true
}

function demoCustomer(storeId: number, i: number, names: ReturnType<typeof demoNames>, random: () => number, now: DateTime) {
  const first = names.first[i % names.first.length]
  const last = names.last[Math.floor(random() * names.last.length)]
  const month = 1 + Math.floor(random() * 12)
  return {
    storeId,
    source: 'seed' as const,
    firstName: first,
    lastName: last,
    email: random() < 0.8 ? `${first}.${last}.${i}@example.test`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '') : null,
    phoneE164: `+3361${String(2000000 + i * 37).padStart(7, '0')}`,
    birthDay: random() < 0.7 ? 1 + Math.floor(random() * 28) : null,
    birthMonth: month,
    birthYear: random() < 0.5 ? 1960 + Math.floor(random() * 45) : null,
    locale: random() < 0.9 ? 'fr' : 'en',
    emailMarketing: random() < 0.5,
    smsMarketing: random() < 0.3,
    createdAt: now.minus({ days: 180 + Math.floor(random() * 30) }),
  }
}

/** The demo's marketing consents come with their proof, like real ones. */
async function seedConsents(customer: Customer, trx: any) {
  const purposes = [customer.emailMarketing && 'email_marketing', customer.smsMarketing && 'sms_marketing'].filter(Boolean) as string[]
  for (const purpose of purposes) {
    await ConsentRecord.create({ customerId: customer.id, purpose, decision: 'granted', source: 'seed', evidence: 'demo data', createdAt: customer.createdAt }, { client: trx })
  }
}

/** A visit on one of the last 180 days, during opening hours (07:30–19:30, store time). */
function demoVisitTime(store: Store, random: () => number, now: DateTime) {
  const day = now.setZone(store.timezone).minus({ days: 1 + Math.floor(random() * 180) })
  return day.set({ hour: 7, minute: 30, second: 0, millisecond: 0 }).plus({ minutes: Math.floor(random() * 720) }).toUTC()
}

async function seedPurchases(store: Store, customer: Customer, random: () => number, now: DateTime, trx: any) {
  const visits = Math.floor(random() * 14)
  let total = 0
  let last: DateTime | null = null
  for (let v = 0; v < visits; v++) {
    const occurredAt = demoVisitTime(store, random, now)
    const lines = demoCatalogue(random)
    const totalCents = lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0)
    const purchase = await Purchase.create({ storeId: store.id, customerId: customer.id, totalCents, currency: 'EUR', source: 'seed', occurredAt }, { client: trx })
    await PurchaseLine.createMany(lines.map((line, index) => ({ ...line, purchaseId: purchase.id, position: index + 1, totalCents: line.quantity * line.unitPriceCents })), { client: trx })
    total += totalCents
    if (!last || occurredAt > last) last = occurredAt
  }
  customer.merge({ totalSpentCents: total, visitCount: visits, lastPurchaseAt: last })
  await customer.useTransaction(trx).save()
}
