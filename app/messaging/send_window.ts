import { DateTime } from 'luxon'
import { isFrenchPublicHoliday } from '#messaging/french_holidays'
import type { MessagingSettings } from '#messaging/messaging_settings'

export type Channel = 'email' | 'sms'

/**
 * The first instant at or after `at` when a message may go out on this
 * channel, in the store's time: outside quiet hours, and for SMS inside the
 * SMS window (weekdays, hours, no public holiday). `at` itself when it is
 * allowed (an SMS window whose start equals its end is the whole day). Walks forward slot by slot; DST days are handled by luxon
 * (08:00 local exists every day of the year in Europe).
 */
export function nextAllowedSlot(at: DateTime, channel: Channel, settings: MessagingSettings, timezone: string): DateTime {
  let local: DateTime = at.setZone(timezone)
  for (let step = 0; step < 60; step++) {
    const block = firstBlock(local, channel, settings)
    if (!block) return local.toUTC()
    local = block.jump
  }
  throw new Error('No allowed sending slot within 60 steps: check the SMS window and quiet hours')
}

/** Why a message may not go out at `at` on this channel (the delivery log's reason), or null when it may. */
export function holdReason(at: DateTime, channel: Channel, settings: MessagingSettings, timezone: string): 'quiet_hours' | 'sms_window' | null {
  return firstBlock(at.setZone(timezone), channel, settings)?.reason ?? null
}

/** Where to jump if `local` is not allowed, and why; null when it is allowed. */
function firstBlock(local: DateTime, channel: Channel, settings: MessagingSettings): { jump: DateTime; reason: 'quiet_hours' | 'sms_window' } | null {
  const quiet = settings.quiet_hours
  if (quiet && inRange(local, quiet.start, quiet.end)) return { jump: nextOccurrence(local, quiet.end), reason: 'quiet_hours' }
  if (channel !== 'sms') return null
  const window = settings.sms_window
  const closedDay = !window.days.includes(local.weekday) || (window.skip_public_holidays && isFrenchPublicHoliday(local))
  if (closedDay) return { jump: at(local.plus({ days: 1 }), window.start), reason: 'sms_window' }
  // The same start and end: the whole day.
  if (window.start === window.end) return null
  if (minutes(local) < toMinutes(window.start)) return { jump: at(local, window.start), reason: 'sms_window' }
  if (minutes(local) >= toMinutes(window.end)) return { jump: at(local.plus({ days: 1 }), window.start), reason: 'sms_window' }
  return null
}

function inRange(local: DateTime, start: string, end: string) {
  const now = minutes(local)
  const [from, to] = [toMinutes(start), toMinutes(end)]
  return from <= to ? now >= from && now < to : now >= from || now < to
}

function nextOccurrence(local: DateTime, clock: string) {
  const today = at(local, clock)
  return today > local ? today : at(local.plus({ days: 1 }), clock)
}

function at(local: DateTime, clock: string) {
  const [hour, minute] = clock.split(':').map(Number)
  return local.set({ hour, minute, second: 0, millisecond: 0 })
}

const minutes = (local: DateTime) => local.hour * 60 + local.minute
const toMinutes = (clock: string) => {
  const [hour, minute] = clock.split(':').map(Number)
  return hour * 60 + minute
}
