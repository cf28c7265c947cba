import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { enrolCustomer } from '#customers/enrol_customer'
import { DuplicateCustomerError } from '#customers/errors'
import ConsentRecord from '#customers/models/consent_record'
import type CustomerImport from '#customers/import/models/customer_import'
import { reasonText, type ImportedConsent, type NormalisedRow, type RejectionCode } from '#customers/import/normalise_row'
import { isSuppressed } from '#privacy/suppression'

/**
 * What becomes of one data row. Duplicates are reported like rejections but
 * counted apart. A suppressed row (its address was erased or objected to
 * marketing) is created without marketing consent, whatever the file says.
 */
export type RowOutcome =
  | { rowNumber: number; cells: string[]; kind: 'create'; row: NormalisedRow; suppressed?: boolean }
  | { rowNumber: number; cells: string[]; kind: 'duplicate' | 'reject'; code: RejectionCode }

/**
 * Writes one batch in one transaction, counters included, so a crash leaves
 * either the whole batch (and processed_rows past it) or none of it. When
 * the batch fails (a customer enrolled meanwhile by the till…), it is
 * replayed row by row so that only the faulty rows are set aside.
 */
export async function writeBatch(record: CustomerImport, outcomes: RowOutcome[]) {
  await markExistingCustomers(outcomes)
  await markSuppressed(outcomes)
  try {
    await db.transaction(async (trx) => {
      for (const outcome of outcomes) await apply(record, outcome, trx)
      await addCounters(record.id, outcomes, trx)
    })
  } catch {
    for (const outcome of outcomes) await writeAlone(record, outcome)
  }
}

async function writeAlone(record: CustomerImport, outcome: RowOutcome) {
  try {
    await db.transaction(async (trx) => {
      await apply(record, outcome, trx)
      await addCounters(record.id, [outcome], trx)
    })
  } catch (error) {
    if (outcome.kind !== 'create') throw error
    await db.rawQuery('SELECT 1') // the database itself is down: let the job fail and resume later
    const code: RejectionCode = isUniquenessError(error) ? 'duplicate_existing' : 'insert_failed'
    const setAside: RowOutcome = { ...outcome, kind: code === 'duplicate_existing' ? 'duplicate' : 'reject', code }
    await db.transaction(async (trx) => {
      await apply(record, setAside, trx)
      await addCounters(record.id, [setAside], trx)
    })
  }
}

function isUniquenessError(error: any) {
  return error instanceof DuplicateCustomerError || error?.code === '23505' || String(error?.code).startsWith('SQLITE_CONSTRAINT')
}

/** Existing customers are never modified: rows matching one are reported as duplicates. */
async function markExistingCustomers(outcomes: RowOutcome[]) {
  const creations = outcomes.filter((outcome) => outcome.kind === 'create')
  const emails = creations.map((outcome) => outcome.row.email).filter((value): value is string => !!value)
  const phones = creations.map((outcome) => outcome.row.phoneE164).filter((value): value is string => !!value)
  if (creations.length === 0) return
  const existing = await db
    .from('customers')
    .select('email', 'phone_e164')
    .where((query) => {
      if (emails.length) query.orWhereIn('email', emails)
      if (phones.length) query.orWhereIn('phone_e164', phones)
    })
  const known = new Set(existing.flatMap((customer) => [customer.email, customer.phone_e164]).filter(Boolean))
  outcomes.forEach((outcome, index) => {
    if (outcome.kind !== 'create') return
    if (known.has(outcome.row.email) || known.has(outcome.row.phoneE164)) {
      outcomes[index] = { rowNumber: outcome.rowNumber, cells: outcome.cells, kind: 'duplicate', code: 'duplicate_existing' }
    }
  })
}

/** A person can come back after an erasure or an objection, but the file cannot bring back their marketing consent (R5). */
async function markSuppressed(outcomes: RowOutcome[]) {
  for (const outcome of outcomes) {
    if (outcome.kind === 'create') outcome.suppressed = await isSuppressed({ email: outcome.row.email, phone: outcome.row.phoneE164 })
  }
}

async function apply(record: CustomerImport, outcome: RowOutcome, trx: TransactionClientContract) {
  if (outcome.kind !== 'create') {
    await trx.table('customer_import_rejections').insert({
      customer_import_id: record.id,
      row_number: outcome.rowNumber,
      reason: reasonText(outcome.code),
      row: JSON.stringify(outcome.cells),
    })
    return
  }
  const { row } = outcome
  const evidence = (consent: ImportedConsent) => `file ${record.fileHash} row ${outcome.rowNumber}, given ${consent.givenOn} via ${consent.via}`
  const [first, ...others] = outcome.suppressed ? [] : row.consents
  const sameProof = others.filter((consent) => evidence(consent) === evidence(first))
  const customer = await enrolCustomer(
    {
      storeId: record.storeId,
      source: 'import',
      firstName: row.firstName,
      lastName: row.lastName,
      email: row.email,
      phoneE164: row.phoneE164,
      birthDay: row.birthDay,
      birthMonth: row.birthMonth,
      birthYear: row.birthYear,
      tags: row.tags,
      consents: Object.fromEntries([first, ...sameProof].filter(Boolean).map((consent) => [consent.purpose, true])),
      consentEvidence: first ? evidence(first) : null,
      staffMemberId: record.staffMemberId,
    },
    trx
  )
  // A consent with its own date or channel keeps its own proof.
  for (const consent of others.filter((other) => !sameProof.includes(other))) {
    const proof = { customerId: customer.id, purpose: consent.purpose, decision: 'granted' as const, source: 'import', evidence: evidence(consent), staffMemberId: record.staffMemberId }
    await ConsentRecord.create(proof, { client: trx })
    await trx.from('customers').where('id', customer.id).update({ [consent.purpose === 'sms_marketing' ? 'sms_marketing' : 'email_marketing']: true })
  }
}

async function addCounters(importId: number, outcomes: RowOutcome[], trx: TransactionClientContract) {
  const count = (kind: RowOutcome['kind']) => outcomes.filter((outcome) => outcome.kind === kind).length
  await trx
    .from('customer_imports')
    .where('id', importId)
    .update({
      processed_rows: trx.knexRawQuery('processed_rows + ?', [outcomes.length]),
      created_count: trx.knexRawQuery('created_count + ?', [count('create')]),
      duplicate_count: trx.knexRawQuery('duplicate_count + ?', [count('duplicate')]),
      rejected_count: trx.knexRawQuery('rejected_count + ?', [count('reject')]),
      suppressed_count: trx.knexRawQuery('suppressed_count + ?', [outcomes.filter((outcome) => outcome.kind === 'create' && outcome.suppressed).length]),
    })
}
