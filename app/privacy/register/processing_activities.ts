import type { StaffRole } from '#staff/models/staff_member'
import { isInEea, type PrivacySettings, type ProcessorKind, type RetentionCategory } from '#privacy/privacy_settings'

/**
 * What Comptoir does with personal data, activity by activity: the one
 * source both the register of processing (Art. 30) and the public privacy
 * notice (Art. 13) are rendered from. Durations come from the owner's
 * settings, processors from the owner's list; the words are in
 * resources/lang/<locale>/privacy_notice.json under the codes used here.
 */
export const LEGAL_BASES = ['contract', 'consent', 'legitimate_interest', 'legal_obligation'] as const
export type LegalBasis = (typeof LEGAL_BASES)[number]

export const DATA_CATEGORIES = [
  'identity',
  'contact',
  'birthday',
  'card',
  'purchases',
  'loyalty',
  'consents',
  'preferences',
  'segments',
  'visits',
  'connection',
  'staff_actions',
  'requests',
  'suppression_hashes',
  'accounting',
] as const
export type DataCategory = (typeof DATA_CATEGORIES)[number]

export const DATA_SUBJECTS = ['members', 'prospects', 'staff', 'requesters'] as const
export type DataSubject = (typeof DATA_SUBJECTS)[number]

export const SECURITY_MEASURES = [
  'roles',
  'audit_log',
  'https',
  'hashed_secrets',
  'backups',
  'append_only',
  'minimisation',
  'consent_at_send',
  'archive_separation',
  'keyed_hashes',
  'api_tokens',
  'rate_limits',
] as const
export type SecurityMeasure = (typeof SECURITY_MEASURES)[number]

/** Ten years, set by law, not by the owner (Code de commerce art. L123-22). */
export const ACCOUNTING_ARCHIVE_MONTHS = 120

export type RetentionSource = RetentionCategory | 'accounting'

export const ACTIVITY_KEYS = [
  'customer_management',
  'email_marketing',
  'sms_marketing',
  'personalisation',
  'review_requests',
  'pos_link',
  'customer_portal',
  'security_logs',
  'rights_requests',
  'accounting_archive',
] as const
export type ActivityKey = (typeof ACTIVITY_KEYS)[number]

interface ActivityDefinition {
  key: ActivityKey
  bases: LegalBasis[]
  data: DataCategory[]
  subjects: DataSubject[]
  /** Staff roles that see the data (the owner sees everything). */
  staff: StaffRole[]
  /** Kinds of processor that take part; 'other' processors take part in every activity. */
  processorKinds: ProcessorKind[]
  /** The clocks that apply, first the main one. */
  retention: RetentionSource[]
  security: SecurityMeasure[]
}

const MESSAGING: ProcessorKind[] = ['hosting', 'email', 'sms']

const ACTIVITIES: ActivityDefinition[] = [
  {
    key: 'customer_management',
    bases: ['contract'],
    data: ['identity', 'contact', 'birthday', 'card', 'purchases', 'loyalty', 'preferences'],
    subjects: ['members', 'prospects'],
    staff: ['owner', 'marketer', 'cashier'],
    processorKinds: ['hosting', 'email'],
    retention: ['members_months', 'prospects_months'],
    security: ['roles', 'audit_log', 'https', 'append_only', 'minimisation', 'backups'],
  },
  {
    key: 'email_marketing',
    bases: ['consent'],
    data: ['identity', 'contact', 'consents', 'preferences'],
    subjects: ['members', 'prospects'],
    staff: ['owner', 'marketer'],
    processorKinds: ['hosting', 'email'],
    retention: ['members_months', 'suppression_months'],
    security: ['consent_at_send', 'append_only', 'keyed_hashes', 'roles', 'https'],
  },
  {
    key: 'sms_marketing',
    bases: ['consent'],
    data: ['identity', 'contact', 'consents', 'preferences'],
    subjects: ['members', 'prospects'],
    staff: ['owner', 'marketer'],
    processorKinds: ['hosting', 'sms'],
    retention: ['members_months', 'suppression_months'],
    security: ['consent_at_send', 'append_only', 'keyed_hashes', 'roles', 'https'],
  },
  {
    key: 'personalisation',
    bases: ['consent'],
    data: ['purchases', 'loyalty', 'segments', 'birthday', 'visits'],
    subjects: ['members'],
    staff: ['owner', 'marketer'],
    processorKinds: ['hosting'],
    retention: ['members_months'],
    security: ['consent_at_send', 'minimisation', 'roles', 'audit_log'],
  },
  {
    key: 'review_requests',
    bases: ['consent'],
    data: ['identity', 'contact', 'visits', 'consents'],
    subjects: ['members'],
    staff: ['owner', 'marketer'],
    processorKinds: MESSAGING,
    retention: ['members_months', 'suppression_months'],
    security: ['consent_at_send', 'roles', 'https'],
  },
  {
    key: 'pos_link',
    bases: ['contract'],
    data: ['card', 'contact', 'purchases', 'loyalty'],
    subjects: ['members'],
    staff: ['owner', 'cashier'],
    processorKinds: ['hosting', 'pos'],
    retention: ['members_months'],
    security: ['api_tokens', 'hashed_secrets', 'https', 'audit_log', 'append_only'],
  },
  {
    key: 'customer_portal',
    bases: ['contract'],
    data: ['contact', 'connection', 'consents', 'card', 'loyalty'],
    subjects: ['members'],
    staff: ['owner'],
    processorKinds: ['hosting', 'email'],
    retention: ['portal_inactive_months', 'members_months'],
    security: ['hashed_secrets', 'rate_limits', 'https', 'append_only'],
  },
  {
    key: 'security_logs',
    bases: ['legitimate_interest', 'legal_obligation'],
    data: ['staff_actions', 'connection'],
    subjects: ['staff', 'members'],
    staff: ['owner'],
    processorKinds: ['hosting'],
    retention: ['audit_log_months'],
    security: ['append_only', 'roles', 'minimisation', 'backups'],
  },
  {
    key: 'rights_requests',
    bases: ['legal_obligation'],
    data: ['identity', 'contact', 'requests', 'suppression_hashes'],
    subjects: ['requesters', 'members'],
    staff: ['owner'],
    processorKinds: ['hosting', 'email'],
    retention: ['request_months', 'suppression_months'],
    security: ['roles', 'audit_log', 'keyed_hashes', 'https'],
  },
  {
    key: 'accounting_archive',
    bases: ['legal_obligation'],
    data: ['accounting', 'purchases'],
    subjects: ['members'],
    staff: ['owner'],
    processorKinds: ['hosting'],
    retention: ['accounting'],
    security: ['archive_separation', 'append_only', 'roles', 'backups'],
  },
]

type Processor = PrivacySettings['processors'][number]

export interface ProcessingActivity {
  key: ActivityKey
  bases: LegalBasis[]
  data: DataCategory[]
  subjects: DataSubject[]
  staff: StaffRole[]
  processors: Processor[]
  /** The processors of this activity established outside the EEA. */
  transfers: Processor[]
  retention: Array<{ source: RetentionSource; months: number }>
  security: SecurityMeasure[]
}

/** Every activity with the owner's durations and processors filled in. */
export function processingActivities(settings: PrivacySettings): ProcessingActivity[] {
  return ACTIVITIES.map(({ processorKinds, retention, ...activity }) => {
    const processors = settings.processors.filter((processor) => takesPart(processor, processorKinds))
    return {
      ...activity,
      processors,
      transfers: processors.filter((processor) => !isInEea(processor.country)),
      retention: retention.map((source) => ({ source, months: monthsOf(source, settings) })),
    }
  })
}

export function monthsOf(source: RetentionSource, settings: PrivacySettings) {
  return source === 'accounting' ? ACCOUNTING_ARCHIVE_MONTHS : settings.retention[source]
}

function takesPart(processor: Processor, kinds: ProcessorKind[]) {
  const kind = processor.kind ?? 'other'
  return kind === 'other' || kinds.includes(kind)
}
