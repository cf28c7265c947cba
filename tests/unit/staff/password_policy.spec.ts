import { test } from '@japa/runner'
import vine from '@vinejs/vine'
import { isCommonPassword, newPasswordField } from '#staff/password_policy'
import { safeIntended } from '#staff/sign_in'

const validator = vine.compile(vine.object({ password: newPasswordField() }))
const check = (password: string) => validator.validate({ password, password_confirmation: password }).then(() => true, () => false)

test.group('Password policy (R32)', () => {
  test('12 to 128 characters, no composition rules', async ({ assert }) => {
    assert.isFalse(await check('elevenchars'))
    assert.isTrue(await check('twelve chars'))
    assert.isTrue(await check('a'.repeat(64).replace(/a/g, (_, i) => 'abcdefghij'[i % 10])))
    assert.isFalse(await check('x'.repeat(129)))
  })

  test('common passwords are refused, whatever the case and spacing', async ({ assert }) => {
    assert.isTrue(isCommonPassword('Password123!'))
    assert.isTrue(isCommonPassword('AZERTYUIOP 123'))
    assert.isFalse(await check('Password123!'))
    assert.isFalse(isCommonPassword('un café crème au comptoir'))
  })

  test('the two passwords must match', async ({ assert }) => {
    await assert.rejects(() => validator.validate({ password: 'a long passphrase', password_confirmation: 'another one' }))
  })
})

test.group('Return after sign-in', () => {
  test('only local paths are followed', ({ assert }) => {
    assert.equal(safeIntended('/admin/stores?x=1'), '/admin/stores?x=1')
    assert.isNull(safeIntended('//evil.test/'))
    assert.isNull(safeIntended('/\\evil.test'))
    assert.isNull(safeIntended('https://evil.test/'))
    assert.isNull(safeIntended(undefined))
  })
})
