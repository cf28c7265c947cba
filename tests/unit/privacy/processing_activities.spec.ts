import { test } from '@japa/runner'
import i18nManager from '@adonisjs/i18n/services/main'
import { DEFAULT_RETENTION, type PrivacySettings } from '#privacy/privacy_settings'
import { describeActivities, describeController, durationText } from '#privacy/register/describe_activities'
import { ACCOUNTING_ARCHIVE_MONTHS, ACTIVITY_KEYS, processingActivities } from '#privacy/register/processing_activities'

const settings = (overrides: Partial<PrivacySettings> = {}): PrivacySettings => ({
  controller: { name: 'SARL Les Arts', address: '12 rue des Arts, 69001 Lyon', email: 'vie-privee@arts.test', dpo: null },
  retention: { ...DEFAULT_RETENTION },
  processors: [
    { name: 'Hébergeur', kind: 'hosting', purpose: 'Serveurs', country: 'FR', safeguards: null },
    { name: 'Routeur', kind: 'email', purpose: 'E-mails', country: 'US', safeguards: 'Clauses contractuelles types' },
    { name: 'Passerelle', kind: 'sms', purpose: 'SMS', country: 'FR', safeguards: null },
    { name: 'Conseil', purpose: 'Support', country: 'DE', safeguards: null },
  ],
  ...overrides,
})

const MANDATORY_TEXTS = ['name', 'purpose', 'basisDetail', 'mandatory'] as const
const MANDATORY_LISTS = ['bases', 'data', 'subjects', 'recipients', 'retention', 'security'] as const

test.group('Processing activities: the one source of the notice and the register', () => {
  test('every activity fills every mandatory item (Art. 13 and 30), in French and in English, with no missing translation', ({ assert }) => {
    for (const locale of ['fr', 'en']) {
      const i18n = i18nManager.locale(locale)
      const activities = describeActivities(settings(), i18n)
      assert.deepEqual(activities.map((activity) => activity.key), [...ACTIVITY_KEYS])
      for (const activity of activities) {
        for (const field of MANDATORY_TEXTS) {
          assert.isAbove(activity[field].trim().length, 0, `${locale} ${activity.key}.${field} is empty`)
          assert.notInclude(activity[field], 'translation missing', `${locale} ${activity.key}.${field}`)
        }
        for (const field of MANDATORY_LISTS) {
          assert.isAbove(activity[field].length, 0, `${locale} ${activity.key}.${field} is empty`)
          const texts = activity[field].map((item) => (typeof item === 'string' ? item : 'label' in item ? item.label : item.text))
          for (const text of texts) {
            assert.isAbove(text.trim().length, 0, `${locale} ${activity.key}.${field} has an empty item`)
            assert.notInclude(text, 'translation missing', `${locale} ${activity.key}.${field}`)
          }
        }
      }
      const controller = describeController(settings(), i18n)
      for (const value of [controller.name, controller.address, controller.email, controller.contact]) assert.isAbove(value.trim().length, 0)
      assert.include(controller.contact, 'vie-privee@arts.test')
    }
  })

  test('durations come from the settings, never a literal; only the accounting archive has a legal one', ({ assert }) => {
    const retention = { prospects_months: 7, members_months: 11, portal_inactive_months: 13, audit_log_months: 17, request_months: 19, suppression_months: 43 }
    const activities = processingActivities(settings({ retention }))
    for (const activity of activities) {
      for (const line of activity.retention) {
        assert.equal(line.months, line.source === 'accounting' ? ACCOUNTING_ARCHIVE_MONTHS : retention[line.source], `${activity.key} ${line.source}`)
      }
    }
    const used = new Set(activities.flatMap((activity) => activity.retention.map((line) => line.source)))
    assert.sameMembers([...used], [...Object.keys(DEFAULT_RETENTION), 'accounting'], 'every retention setting is shown somewhere')
    const words = describeActivities(settings({ retention }), i18nManager.locale('fr')).flatMap((activity) => activity.retention.map((line) => line.text))
    for (const months of Object.values(retention)) assert.isTrue(words.some((text) => text.includes(`${months} mois`)), `${months} mois is shown`)
  })

  test('processors appear under the activities that use them ("other" under all); those outside the EEA are transfers', ({ assert }) => {
    const byKey = Object.fromEntries(processingActivities(settings()).map((activity) => [activity.key, activity]))
    const names = (key: string) => byKey[key].processors.map((processor) => processor.name)
    assert.sameMembers(names('email_marketing'), ['Hébergeur', 'Routeur', 'Conseil'])
    assert.sameMembers(names('sms_marketing'), ['Hébergeur', 'Passerelle', 'Conseil'])
    assert.sameMembers(names('accounting_archive'), ['Hébergeur', 'Conseil'])
    assert.deepEqual(byKey.email_marketing.transfers.map((processor) => processor.name), ['Routeur'])
    assert.deepEqual(byKey.sms_marketing.transfers, [])
    const english = describeActivities(settings(), i18nManager.locale('en')).find((activity) => activity.key === 'email_marketing')!
    assert.include(english.transfers, 'Routeur (United States): Clauses contractuelles types')
    assert.include(english.recipients, 'Routeur (e-mail sending, United States)')
  })

  test('a duration reads in years when it is whole years, in months otherwise', ({ assert }) => {
    const fr = i18nManager.locale('fr')
    const en = i18nManager.locale('en')
    assert.equal(durationText(36, fr), '3 ans')
    assert.equal(durationText(12, fr), '1 an')
    assert.equal(durationText(30, fr), '30 mois')
    assert.equal(durationText(1, fr), '1 mois')
    assert.equal(durationText(120, en), '10 years')
    assert.equal(durationText(1, en), '1 month')
    assert.equal(durationText(18, en), '18 months')
  })
})
