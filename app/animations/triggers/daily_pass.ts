import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { activeAnimations, type ActiveAnimation } from '#animations/active_animations'
import { fireOccurrences, type FiringResult } from '#animations/fire'
import { candidatesOf, DAILY_KINDS } from '#animations/triggers/daily_selectors'
import { doneUntil, markDone } from '#shared/scheduler_marks'

/** A day's pass of one animation in one store, for the tick's report. */
export interface PassReport extends FiringResult {
  animation: string
  kind: string
  store: string
  day: string
}

/** Days a pass catches up after downtime; older days are skipped (a birthday wish a week late is no wish). */
export const CATCH_UP_DAYS = 3

/**
 * Runs the daily animations (birthdays, dormant…) as of `at`: for each one
 * and each store it covers, every local day from the day after its mark up
 * to the last day whose sending time (`send_at`, store time) has passed —
 * at most CATCH_UP_DAYS back. The mark moves after each day; firings are
 * unique anyway, so a double tick or an overlap sends nothing twice.
 */
export async function runDailyPasses(at: Date): Promise<PassReport[]> {
  const stores = await db.from('stores').whereNull('archived_at').select('id', 'slug', 'timezone')
  const animations = await activeAnimations(DAILY_KINDS)
  const reports: PassReport[][] = animations.map(() => [])
  let next = 0
  // Two animations at once (each fires two chunks at once, fire.ts): the passes of a tick overlap.
  const lane = async () => {
    for (let index = next++; index < animations.length; index = next++) {
      const animation = animations[index]
      for (const store of stores.filter((candidate) => animation.storeId === null || Number(candidate.id) === animation.storeId)) {
        reports[index].push(...(await runForStore(animation, { id: Number(store.id), slug: store.slug, timezone: store.timezone }, at)))
      }
    }
  }
  await Promise.all([lane(), lane()])
  return reports.flat()
}

async function runForStore(animation: ActiveAnimation, store: { id: number; slug: string; timezone: string }, at: Date): Promise<PassReport[]> {
  const markName = `animation:${animation.id}:store:${store.id}`
  const lastDue = lastDueDay(animation, at, store.timezone)
  const mark = await doneUntil(markName)
  let day = lastDue.minus({ days: CATCH_UP_DAYS - 1 })
  if (mark) {
    const afterMark = DateTime.fromJSDate(mark, { zone: store.timezone }).startOf('day').plus({ days: 1 })
    if (afterMark > day) day = afterMark
  } else {
    day = lastDue
  }
  const reports: PassReport[] = []
  for (; day <= lastDue; day = day.plus({ days: 1 })) {
    const report: PassReport = { animation: animation.name, kind: animation.kind, store: store.slug, day: day.toISODate()!, fired: 0, alreadyFired: 0, heldOut: 0, refused: 0, deliveries: 0 }
    const sendAt = sendingInstant(animation, day)
    const dueAt = sendAt > at ? sendAt : at
    for await (const batch of candidatesOf({ animation, storeId: store.id, day })) {
      const result = await fireOccurrences(animation, batch.map((candidate) => ({ customerId: candidate.customerId, customerStoreId: candidate.storeId, key: candidate.key, dueAt, voucherId: candidate.voucherId })))
      report.fired += result.fired
      report.alreadyFired += result.alreadyFired
      report.heldOut += result.heldOut
      report.refused += result.refused
      report.deliveries += result.deliveries
    }
    await markDone(markName, day.toJSDate())
    reports.push(report)
  }
  return reports
}

/** Today (store time) once today's sending time has come, else yesterday. */
function lastDueDay(animation: ActiveAnimation, at: Date, timezone: string) {
  const today = DateTime.fromJSDate(at, { zone: timezone }).startOf('day')
  return sendingInstant(animation, today) <= at ? today : today.minus({ days: 1 })
}

/** The day's sending time in store time (a DST day has it too: 09:00 exists every day in Europe). */
function sendingInstant(animation: ActiveAnimation, day: DateTime) {
  const [hour, minute] = String(animation.config.params.send_at ?? '10:00').split(':').map(Number)
  return day.set({ hour, minute }).toJSDate()
}
