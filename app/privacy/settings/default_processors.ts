import type { PrivacySettings, ProcessorKind } from '#privacy/privacy_settings'

type Processor = PrivacySettings['processors'][number]

interface KnownProvider {
  /** The end of the host name ("sendgrid.net" matches "smtp.sendgrid.net"). */
  suffixes: string[]
  name: string
  country: string
}

/** Safeguards of a US provider; the owner checks the provider's certification and contract. */
const US_SAFEGUARDS = 'EU-US Data Privacy Framework (décision d’adéquation du 10/07/2023) ou clauses contractuelles types'

/** Providers a small French business commonly uses for mail, SMS or hosting, and where each is established. */
const KNOWN_PROVIDERS: KnownProvider[] = [
  { suffixes: ['brevo.com', 'sendinblue.com'], name: 'Brevo (Sendinblue SAS)', country: 'FR' },
  { suffixes: ['mailjet.com'], name: 'Mailjet (Sinch)', country: 'FR' },
  { suffixes: ['ovh.net', 'ovh.com', 'ovhcloud.com'], name: 'OVHcloud', country: 'FR' },
  { suffixes: ['scw.cloud', 'scaleway.com'], name: 'Scaleway', country: 'FR' },
  { suffixes: ['clever-cloud.com'], name: 'Clever Cloud', country: 'FR' },
  { suffixes: ['gandi.net'], name: 'Gandi', country: 'FR' },
  { suffixes: ['o2switch.net'], name: 'o2switch', country: 'FR' },
  { suffixes: ['infomaniak.com', 'infomaniak.ch'], name: 'Infomaniak', country: 'CH' },
  { suffixes: ['sendgrid.net'], name: 'Twilio SendGrid', country: 'US' },
  { suffixes: ['twilio.com'], name: 'Twilio', country: 'US' },
  { suffixes: ['mailgun.org'], name: 'Mailgun (Sinch)', country: 'US' },
  { suffixes: ['postmarkapp.com'], name: 'Postmark (ActiveCampaign)', country: 'US' },
  { suffixes: ['amazonaws.com'], name: 'Amazon Web Services', country: 'US' },
  { suffixes: ['gmail.com', 'google.com', 'googlemail.com'], name: 'Google', country: 'US' },
  { suffixes: ['office365.com', 'outlook.com'], name: 'Microsoft', country: 'US' },
]

const PURPOSES: Record<ProcessorKind, string> = {
  hosting: 'Hébergement de l’application et de sa base de données',
  email: 'Envoi des e-mails (confirmations, connexion, offres)',
  sms: 'Envoi des SMS (offres, réponses STOP)',
  pos: 'Logiciel de caisse relié à Comptoir',
  other: 'Autre prestation',
}

/** SMS_DRIVER names the gateway (the 'dev' driver keeps messages here). */
const SMS_PROVIDERS: Record<string, { host: string }> = { brevo: { host: 'brevo.com' }, twilio: { host: 'twilio.com' } }

/**
 * The processors the environment reveals (Art. 28): the SMTP relay, the
 * SMS gateway, and a managed database as the hosting. A host on this
 * machine or its private network is the controller's own, not a
 * processor. Suggestions only: the settings page asks the owner to check
 * them (a host we do not know is assumed to be in the controller's country).
 */
export function defaultProcessors(env: Record<string, string | undefined>, homeCountry: string): Processor[] {
  const processors: Processor[] = []
  const smtp = remoteHost(env.SMTP_HOST)
  if (smtp) processors.push(processorAt(smtp, 'email', homeCountry))
  const sms = env.SMS_DRIVER ? SMS_PROVIDERS[env.SMS_DRIVER] : undefined
  if (sms) processors.push(processorAt(sms.host, 'sms', homeCountry))
  const database = env.DB_CONNECTION === 'pg' ? remoteHost(hostOf(env.DATABASE_URL)) : null
  if (database) processors.push(processorAt(database, 'hosting', homeCountry))
  return processors
}

function processorAt(host: string, kind: ProcessorKind, homeCountry: string): Processor {
  const known = KNOWN_PROVIDERS.find((provider) => provider.suffixes.some((suffix) => host === suffix || host.endsWith(`.${suffix}`)))
  const country = known?.country ?? homeCountry
  return { name: known?.name ?? host, purpose: PURPOSES[kind], country, safeguards: country === 'US' ? US_SAFEGUARDS : null, kind }
}

function hostOf(url: string | undefined) {
  try {
    return url ? new URL(url).hostname : undefined
  } catch {
    return undefined
  }
}

/** A host name that leaves this machine and its private network (a bare name like "mailpit" is a local service). */
function remoteHost(host: string | undefined) {
  const name = host?.trim().toLowerCase().replace(/^\[|\]$/g, '')
  if (!name || !name.includes('.') || name === 'localhost' || name.endsWith('.local') || name.endsWith('.internal')) return null
  if (/^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|::1$|fd|fc)/.test(name)) return null
  return name
}
