import { DateTime } from 'luxon'
import { PRESETS } from '#animations/presets'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import Store from '#stores/models/store'
import StaffMember from '#staff/models/staff_member'
import Customer from '#customers/models/customer'
import CustomerActivity from '#customers/models/customer_activity'
import ConsentRecord from '#customers/models/consent_record'
import Reward from '#loyalty/models/reward'
import { demoRules } from '#loyalty/program_rules'
import { saveProgram } from '#loyalty/save_program'
import { recordSale } from '#purchases/record_purchase'
import { DEMO_ACCOUNTS } from '#database/seeders/demo_accounts'
import { seedDemoAnimations } from '#database/seeders/demo_animations'
import { demoCatalogue, demoNames, seededRandom } from '#database/seeders/demo_data'

/**
 * Development only: the demo business "Café des Arts" (Lyon), its three
 * staff accounts, 200 customers with six months of purchases and three
 * active animations (database/seeders/demo_animations.ts). Runs once,
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
    const program = await saveProgram({ name: 'Carte Café des Arts', enrolment: 'auto', status: 'active', storeId: null, rules: demoRules() }, null, undefined, trx)
    await Reward.createMany(demoRewards(program.id), { client: trx })
    const random = seededRandom(2026)
    const names = demoNames()
    for (let i = 0; i < 200; i++) {
      const fields = demoCustomer(store.id, i, names, random, now)
      // Whoever accepted e-mail offers in the demo also accepted personalisation and review requests.
      const customer = await Customer.create({ ...fields, personalisation: fields.emailMarketing, reviewRequests: fields.emailMarketing }, { client: trx })
      await CustomerActivity.startFor(customer.id, trx)
      await seedConsents(customer, trx)
      await seedPurchases(store, customer, random, now, trx)
    }
    await seedShowcaseCustomers(store, now, trx)
  })
  await seedDemoAnimations()
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
  const purposes = [
    customer.emailMarketing && 'email_marketing',
    customer.smsMarketing && 'sms_marketing',
    customer.personalisation && 'personalisation',
    customer.reviewRequests && 'review_requests',
  ].filter(Boolean) as string[]
  for (const purpose of purposes) {
    await ConsentRecord.create({ customerId: customer.id, purpose, decision: 'granted', source: 'seed', evidence: 'demo data', createdAt: customer.createdAt }, { client: trx })
  }
}

/** A visit on one of the last 180 days, during opening hours (07:30–19:30, store time). */
function demoVisitTime(store: Store, random: () => number, now: DateTime) {
  const day = now.setZone(store.timezone).minus({ days: 1 + Math.floor(random() * 180) })
  return day.set({ hour: 7, minute: 30, second: 0, millisecond: 0 }).plus({ minutes: Math.floor(random() * 720) }).toUTC()
}

/**
 * Six months of visits, oldest first, recorded like real sales: they earn
 * points and stamps, climb tiers and issue vouchers through the engine, so
 * the demo ledger is one `loyalty:check` accepts.
 */
async function seedPurchases(store: Store, customer: Customer, random: () => number, now: DateTime, trx: any) {
  const visits = Array.from({ length: Math.floor(random() * 14) }, () => ({ occurredAt: demoVisitTime(store, random, now), lines: demoCatalogue(random) }))
  visits.sort((a, b) => a.occurredAt.toMillis() - b.occurredAt.toMillis())
  for (const visit of visits) {
    const totalCents = visit.lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0)
    await recordSale({ store, customer, totalCents, occurredAt: visit.occurredAt.toJSDate(), lines: visit.lines, source: 'seed' }, trx)
  }
}

/**
 * Four customers the demo's animations concern at its first start, so a
 * newcomer sees them fire (/admin/outbox): two whose birthday is the day
 * of the birthday pass now due, two whose only visit was 60 days before
 * the day of the dormant pass now due (the dormant wake-up). All accept
 * e-mails.
 */
async function seedShowcaseCustomers(store: Store, now: DateTime, trx: any) {
  const birthdayDay = dueDay(now.setZone(store.timezone), String(PRESETS.birthday.defaults.send_at))
  const dormantDay = dueDay(now.setZone(store.timezone), String(PRESETS.dormant.defaults.send_at))
  const people = [
    { firstName: 'Camille', lastName: 'Roux', born: true },
    { firstName: 'Hugo', lastName: 'Garnier', born: true },
    { firstName: 'Léna', lastName: 'Faure', born: false },
    { firstName: 'Jules', lastName: 'Chevalier', born: false },
  ]
  for (const [index, person] of people.entries()) {
    const customer = await Customer.create(
      {
        storeId: store.id,
        source: 'seed',
        firstName: person.firstName,
        lastName: person.lastName,
        email: `${person.firstName}.${person.lastName}@example.test`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, ''),
        phoneE164: `+3361${String(9000000 + index).padStart(7, '0')}`,
        birthDay: person.born ? birthdayDay.day : 12,
        birthMonth: person.born ? birthdayDay.month : (birthdayDay.month % 12) + 1,
        locale: 'fr',
        emailMarketing: true,
        smsMarketing: false,
        createdAt: now.minus({ days: 200 }),
      },
      { client: trx }
    )
    await CustomerActivity.startFor(customer.id, trx)
    await seedConsents(customer, trx)
    if (!person.born) {
      const occurredAt = dormantDay.minus({ days: 60 }).set({ hour: 11, minute: 15 }).toJSDate()
      const lines = [{ sku: 'CAFE', name: 'Café', quantity: 2, unitPriceCents: 250, category: 'café' }]
      await recordSale({ store, customer, totalCents: 500, occurredAt, lines, source: 'seed' }, trx)
    }
  }
}

/** The last local day whose sending time (HH:MM) has come: today after it, yesterday before (the daily pass's rule). */
function dueDay(local: DateTime, sendAt: string) {
  const [hour, minute] = sendAt.split(':').map(Number)
  const today = local.startOf('day')
  return local < today.set({ hour, minute }) ? today.minus({ days: 1 }) : today
}

/** The rewards shop of the demo. */
function demoRewards(programId: number) {
  return [
    { programId, name: 'Viennoiserie offerte', kind: 'product' as const, valueCents: 150, productSku: 'PAC', costPoints: 40, validityDays: 30, active: true },
    { programId, name: 'Bon de 10 €', kind: 'amount' as const, valueCents: 1000, costPoints: 180, validityDays: 60, active: true },
    { programId, name: 'Tarte du jour -50 %', kind: 'percent' as const, percent: 50, productSku: 'TARTE', costPoints: 50, stock: 20, perCustomerLimit: 2, validityDays: 30, active: true },
  ]
}
