export const TARGET_FIELDS = [
  'first_name',
  'last_name',
  'email',
  'phone',
  'birthday',
  'tags',
  'email_consent',
  'email_consent_at',
  'email_consent_source',
  'sms_consent',
  'sms_consent_at',
  'sms_consent_source',
  'ignore',
] as const
export type TargetField = (typeof TARGET_FIELDS)[number]

/** What the job needs to read the stored file: kept as JSON on customer_imports.mapping. */
export interface ImportMapping {
  delimiter: ',' | ';' | '\t'
  header: string[]
  fields: TargetField[]
}

/** Header names seen in French and English exports (accents, case and punctuation removed). */
const SYNONYMS: Record<Exclude<TargetField, 'ignore'>, string[]> = {
  first_name: ['prenom', 'first name', 'firstname', 'given name', 'forename'],
  last_name: ['nom', 'nom de famille', 'last name', 'lastname', 'surname', 'family name'],
  email: ['email', 'e mail', 'mail', 'courriel', 'adresse email', 'adresse e mail', 'email address'],
  phone: ['telephone', 'tel', 'portable', 'mobile', 'phone', 'phone number', 'cell', 'numero de telephone', 'gsm'],
  birthday: ['date de naissance', 'naissance', 'anniversaire', 'birthday', 'birth date', 'date of birth', 'dob'],
  tags: ['tags', 'tag', 'etiquettes', 'etiquette', 'labels'],
  email_consent: ['consentement email', 'optin email', 'email consent', 'email opt in', 'newsletter'],
  email_consent_at: ['date consentement email', 'email consent date', 'email consent at', 'date optin email'],
  email_consent_source: ['source consentement email', 'email consent source'],
  sms_consent: ['consentement sms', 'optin sms', 'sms consent', 'sms opt in'],
  sms_consent_at: ['date consentement sms', 'sms consent date', 'sms consent at', 'date optin sms'],
  sms_consent_source: ['source consentement sms', 'sms consent source'],
}

export function headerKey(name: string) {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
}

/** A guess per column; a field is proposed once, later columns fall back to "ignore". */
export function guessMapping(header: string[]): TargetField[] {
  const used = new Set<TargetField>()
  return header.map((name) => {
    const key = headerKey(name)
    const field = (Object.keys(SYNONYMS) as Array<keyof typeof SYNONYMS>).find(
      (candidate) => candidate === key.replace(/ /g, '_') || SYNONYMS[candidate].includes(key)
    )
    if (!field || used.has(field)) return 'ignore'
    used.add(field)
    return field
  })
}

export function isTargetField(value: unknown): value is TargetField {
  return typeof value === 'string' && (TARGET_FIELDS as readonly string[]).includes(value)
}
