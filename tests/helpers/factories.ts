import { saveProgram, type ProgramInput } from '#loyalty/save_program'
import { demoRules, type ProgramRules } from '#loyalty/program_rules'
import hash from '@adonisjs/core/services/hash'
import Store from '#stores/models/store'
import StaffMember, { type StaffRole } from '#staff/models/staff_member'
import { enrolCustomer, type EnrolCustomerInput } from '#customers/enrol_customer'

/**
 * Test data with unique identifiers: tests share one committed database,
 * so none depends on what another created.
 */
let counter = 0
export function unique() {
  counter += 1
  return `${Date.now().toString(36)}${process.pid.toString(36)}${counter}`
}

/**
 * A valid, unused French mobile number in E.164. Always +3361…: some
 * +3363… and +3369… ranges are not allocated, and libphonenumber refuses them.
 */
export function uniquePhone() {
  phoneCounter += 1
  // A counter from a random start: distinct for the 10 million numbers of the range (each run has its own database).
  return `+3361${String((PHONE_BASE + phoneCounter) % 10_000_000).padStart(7, '0')}`
}

const PHONE_BASE = Math.floor(Math.random() * 10_000_000)
let phoneCounter = 0

export function uniqueEmail(prefix = 'customer') {
  return `${prefix}.${unique()}@example.test`
}

export async function createStore(overrides: Partial<Store> = {}) {
  const slug = `store-${unique()}`.toLowerCase()
  return Store.create({ slug, name: `Store ${slug}`, timezone: 'Europe/Paris', currency: 'EUR', country: 'FR', isDefault: false, ...overrides })
}

export const TEST_PASSWORD = 'correct horse battery staple'

export async function createStaff(role: StaffRole, overrides: Partial<StaffMember> = {}) {
  const store = overrides.storeId ? null : await Store.query().orderBy('id').first()
  return StaffMember.create({
    email: uniqueEmail(role),
    fullName: `Test ${role}`,
    role,
    password: TEST_PASSWORD,
    storeId: store?.id ?? null,
    locale: 'fr',
    ...overrides,
  })
}

export async function createCustomer(store: Store, overrides: Partial<EnrolCustomerInput> = {}) {
  return enrolCustomer({
    storeId: store.id,
    source: 'admin',
    firstName: 'Marie',
    lastName: `Test${unique()}`,
    email: uniqueEmail(),
    phoneE164: uniquePhone(),
    ...overrides,
  })
}

export async function createPosToken(store: Store, name = 'Till 1') {
  const token = await Store.accessTokens.create(store, ['*'], { name })
  return { token, bearer: token.value!.release() }
}

/** A programme that runs in this store only, so tests on the shared database stay apart. */
export async function createProgram(store: Store, rules: ProgramRules = demoRules(), overrides: Partial<ProgramInput> = {}) {
  return saveProgram({ name: `Programme ${unique()}`, enrolment: 'auto', status: 'active', storeId: store.id, rules, ...overrides }, null)
}

export { hash }
