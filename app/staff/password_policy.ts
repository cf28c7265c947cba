import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'

export const PASSWORD_MIN = 12
export const PASSWORD_MAX = 128

/**
 * R32: length and a blocklist, no composition rules. The list holds common
 * passwords long enough to pass the length check; compared lower-cased and
 * without spaces so "Password 123456" is caught too.
 */
const COMMON_PASSWORDS = new Set([
  'password123!', 'password1234', 'password12345', 'password123456', 'motdepasse123', 'motdepasse1234',
  'azertyuiop123', 'azertyuiop1234', 'qwertyuiop123', 'qwerty123456', 'qwertyuiopasdf', '123456789012',
  '1234567890123', '123456789abc', 'aaaaaaaaaaaa', 'iloveyou1234', 'welcome12345', 'bienvenue123',
  'bienvenue1234', 'administrator', 'admin1234567', 'letmein12345', 'comptoir1234', 'comptoir12345',
  'soleil123456', 'doudou123456', 'changeme1234', 'passwordpassword', 'motdepassemotdepasse',
  'trustno1trustno1', '000000000000', '111111111111', 'abcdefghijkl',
  'abc123456789', 'football1234', 'baseball1234', 'sunshine1234', 'princess1234', 'dragon123456',
])

export function isCommonPassword(value: string) {
  return COMMON_PASSWORDS.has(value.toLowerCase().replace(/\s+/g, ''))
}

const notCommon = vine.createRule((value: unknown, _options: undefined, field: FieldContext) => {
  if (typeof value === 'string' && isCommonPassword(value)) field.report('Too common', 'commonPassword', field)
})

/** A new password: the policy above, typed twice. */
export const newPasswordField = () =>
  vine.string().minLength(PASSWORD_MIN).maxLength(PASSWORD_MAX).use(notCommon()).confirmed({ confirmationField: 'password_confirmation' })
