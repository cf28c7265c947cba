import { audit } from '#shared/audit'
import { purgeContext } from '#privacy/retention/purge_context'
import { TABLE_STEPS, type PurgeStep } from '#privacy/retention/purge_steps'
import { countDue, countHeld, eraseDue } from '#privacy/retention/erase_inactive_customers'
import { closeInactivePortals, countClosings, countWarnings, warnInactivePortals } from '#privacy/retention/portal_access'

/** Customers: erased by their clock, held back, their portal warned or closed; after the tables (see TABLE_STEPS). */
const CUSTOMER_STEPS: PurgeStep[] = [
  { key: 'members_erased', count: (context) => countDue('members', context), apply: (context, progress) => eraseDue('members', context, progress) },
  { key: 'prospects_erased', count: (context) => countDue('prospects', context), apply: (context, progress) => eraseDue('prospects', context, progress) },
  // Reported so the owner sees them; a restriction or a request being handled keeps them as they are.
  { key: 'customers_held', count: countHeld, apply: countHeld },
  { key: 'portal_warned', count: countWarnings, apply: warnInactivePortals },
  { key: 'portal_closed', count: countClosings, apply: closeInactivePortals },
]

const STEPS = [...TABLE_STEPS, ...CUSTOMER_STEPS]

/** Every category the purge reports, in the order it runs them. */
export const PURGE_CATEGORIES = STEPS.map((step) => step.key)

export interface PurgeReport {
  dryRun: boolean
  /** Per category: how many rows or customers it would touch (dry run) or touched. */
  counts: Record<string, number>
}

export interface PurgeOptions {
  dryRun?: boolean
  /** After each batch of a category: its running total (the command prints it on big bases). */
  onProgress?: (category: string, done: number) => void
}

/**
 * Applies every retention rule as of `now` (privacy settings, R1–R3, R7,
 * R8): a dry run only counts. Idempotent: a second run finds nothing more
 * to do. The real run leaves one audit row with the counts (no staff
 * member: the purge acts on its own).
 */
export async function applyPurge(now = new Date(), options: PurgeOptions = {}): Promise<PurgeReport> {
  const context = await purgeContext(now)
  const counts: Record<string, number> = {}
  for (const step of STEPS) {
    counts[step.key] = options.dryRun ? await step.count(context) : await step.apply(context, (done) => options.onProgress?.(step.key, done))
  }
  if (!options.dryRun) await audit({ staffMemberId: null, action: 'privacy.purged', details: counts })
  return { dryRun: Boolean(options.dryRun), counts }
}

/** What applyPurge would do now, changing nothing. */
export function planPurge(now = new Date()) {
  return applyPurge(now, { dryRun: true })
}
