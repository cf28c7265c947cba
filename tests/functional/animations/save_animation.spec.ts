import { test } from '@japa/runner'
import { PRESETS } from '#animations/presets'
import { AnimationInvalid, saveAnimation, type AnimationInput } from '#animations/save_animation'
import { createStore } from '#tests/helpers/factories'

async function problemsOf(input: Partial<AnimationInput> & { kind: string }) {
  const store = await createStore()
  const preset = PRESETS[input.kind]
  try {
    await saveAnimation(
      { name: 'Test', storeId: store.id, status: 'draft', config: { channels: ['email'], reward: preset?.reward ?? null, holdout_percent: 0, params: { ...preset?.defaults } }, texts: preset?.texts ?? {}, ...input },
      null
    )
    return []
  } catch (error) {
    if (error instanceof AnimationInvalid) return error.problems.map((problem) => `${problem.field}:${problem.rule}`)
    throw error
  }
}

test.group('Animations: what is refused at save, not at send', () => {
  test('every preset saves with its own texts and defaults', async ({ assert }) => {
    for (const kind of Object.keys(PRESETS)) assert.deepEqual(await problemsOf({ kind }), [], kind)
  })

  test('an unknown merge field, a forbidden tag, a bad link, a voucher field without voucher', async ({ assert }) => {
    const texts = structuredClone(PRESETS.birthday_before.texts)
    texts.email.fr.body = 'Bonjour {{ customer.prenom }} {% include "x" %}'
    texts.email.en.body = '[Click](javascript:alert(1)) {{ voucher.code }}'
    texts.email.en.subject = '{{ customer.first_name'
    const problems = await problemsOf({ kind: 'birthday_before', texts })
    assert.includeMembers(problems, ['texts.email.fr.body:tag', 'texts.email.en.body:link', 'texts.email.en.body:field', 'texts.email.en.subject:syntax'])
  })

  test('missing texts, bad parameters, an unknown kind, a reward without its terms', async ({ assert }) => {
    const texts = structuredClone(PRESETS.dormant.texts)
    texts.email.en = { subject: '', body: '' }
    const problems = await problemsOf({ kind: 'dormant', texts, config: { channels: ['email'], reward: { type: 'voucher', voucher: { kind: 'amount', validity_days: 30 }, program_id: null }, holdout_percent: 90, params: { days: 0, send_at: '25:00' } } })
    assert.includeMembers(problems, ['texts.email.en.body:required', 'config.holdout_percent:range', 'config.params.days:range', 'config.params.send_at:regex', 'config.reward.voucher:voucher_terms'])
    assert.deepEqual(await problemsOf({ kind: 'astrology' }), ['kind:enum'])
    const noChannel = await problemsOf({ kind: 'welcome', config: { channels: [] as any, reward: null, holdout_percent: 0, params: { delay_hours: 0 } } })
    assert.include(noChannel, 'config.channels:array.minLength')
  })

  test('every preset saves on both channels, its SMS texts within the limit', async ({ assert }) => {
    for (const [kind, preset] of Object.entries(PRESETS)) {
      assert.deepEqual(await problemsOf({ kind, config: { channels: ['email', 'sms'], reward: preset.reward, holdout_percent: 0, params: { ...preset.defaults } } }), [], kind)
    }
  })

  test('happy hour: the end after the start, an offer, a heads-up before the slot, no reward of its own, each day once', async ({ assert }) => {
    const config = (params: Record<string, unknown>, reward: any = null) => ({ channels: ['email' as const], reward, holdout_percent: 0, params: { ...PRESETS.happy_hour.defaults, ...params } })
    assert.includeMembers(await problemsOf({ kind: 'happy_hour', config: config({ starts_at: '17:00', ends_at: '15:00' }) }), ['config.params.ends_at:after_start'])
    assert.includeMembers(await problemsOf({ kind: 'happy_hour', config: config({ multiplier_pct: 100, bonus_points: 0 }) }), ['config.params.multiplier_pct:no_offer'])
    assert.includeMembers(await problemsOf({ kind: 'happy_hour', config: config({ heads_up: 'yes', send_at: '15:30' }) }), ['config.params.send_at:before_start'])
    assert.includeMembers(await problemsOf({ kind: 'happy_hour', config: config({}, { type: 'points', points: 10, program_id: null }) }), ['config.reward:reward_in_params'])
    const days = await problemsOf({ kind: 'happy_hour', config: config({ weekdays: [2, 2, 9] }) })
    assert.isTrue(days.some((problem) => problem.startsWith('config.params.weekdays')), days.join(' '))
    assert.isTrue((await problemsOf({ kind: 'happy_hour', config: config({ weekdays: [] }) })).some((problem) => problem.startsWith('config.params.weekdays')))
  })

  test('behaviour rules name what they need; occasion fields only where the occasion fills them', async ({ assert }) => {
    const rule = (params: Record<string, unknown>) => ({ channels: ['email' as const], reward: PRESETS.behaviour_rule.reward, holdout_percent: 0, params: { ...PRESETS.behaviour_rule.defaults, ...params } })
    assert.includeMembers(await problemsOf({ kind: 'behaviour_rule', config: rule({ condition: 'category_count', category: '' }) }), ['config.params.category:required'])
    assert.includeMembers(await problemsOf({ kind: 'behaviour_rule', config: rule({ condition: 'basket', min_basket_cents: 0 }) }), ['config.params.min_basket_cents:required'])
    assert.includeMembers(await problemsOf({ kind: 'behaviour_rule', config: rule({ condition: 'astrology' }) }), ['config.params.condition:enum'])
    assert.deepEqual(await problemsOf({ kind: 'behaviour_rule', config: rule({ condition: 'other_store' }) }), [])
    const texts = structuredClone(PRESETS.welcome.texts)
    texts.email.fr.body = '{% case referral.role %}{% when "invite" %}Invitez{% endcase %} {{ offer.multiplier }}'
    assert.includeMembers(await problemsOf({ kind: 'welcome', texts }), ['texts.email.fr.body:field'])
    const referral = structuredClone(PRESETS.referral.texts)
    referral.email.fr.body = '{{ offer.hours }}'
    assert.includeMembers(await problemsOf({ kind: 'referral', texts: referral }), ['texts.email.fr.body:field'])
  })
})
