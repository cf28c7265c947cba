import type { I18n } from '@adonisjs/i18n'
import { DateTime } from 'luxon'
import Breach, { BREACH_RISKS } from '#privacy/breaches/breach'
import type { BreachField, BreachForm } from '#privacy/breaches/breach_form'
import { formatDateTime } from '#shared/format'

/** What the breach pages show, in the owner's language and the business's clock. */
const N = 'privacy_notice.breaches'

export function breachListRow(breach: Breach, zone: string, i18n: I18n) {
  return {
    publicId: breach.publicId,
    discoveredOn: formatDateTime(breach.discoveredAt, zone, i18n.locale),
    nature: breach.nature.length > 140 ? `${breach.nature.slice(0, 140)}…` : breach.nature,
    risk: i18n.t(`${N}.risks.${breach.risk}`),
    status: statusText(breach, zone, i18n),
    subjectsCount: breach.subjectsCount,
  }
}

function statusText(breach: Breach, zone: string, i18n: I18n) {
  const status = breach.statusAt(DateTime.utc())
  const moment = status === 'notified' || status === 'notified_late' ? breach.cnilNotifiedAt : breach.notificationDeadline
  return i18n.t(`${N}.status.${status}`, { date: formatDateTime(moment, zone, i18n.locale) })
}

export function breachPage(breach: Breach | null, form: BreachForm, invalid: BreachField[], zone: string, i18n: I18n) {
  const errors = Object.fromEntries(invalid.map((field) => [field, [i18n.t(`${N}.errors.${field}`)]]))
  const saved = breach
    ? {
        publicId: breach.publicId,
        title: i18n.t(`${N}.show_title`, { date: formatDateTime(breach.discoveredAt, zone, i18n.locale) }),
        status: statusText(breach, zone, i18n),
        deadline: formatDateTime(breach.notificationDeadline, zone, i18n.locale),
        deadlinePassed: breach.statusAt(DateTime.utc()) === 'overdue',
        needsCnilNotice: breach.needsCnilNotice,
        subjectsDue: breach.needsSubjectsNotice,
      }
    : null
  return {
    saved,
    form,
    errors,
    action: breach ? `/admin/privacy/breaches/${breach.publicId}` : '/admin/privacy/breaches',
    title: saved?.title ?? i18n.t(`${N}.new_title`),
    timezone: zone,
    risks: BREACH_RISKS,
  }
}
