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
})
