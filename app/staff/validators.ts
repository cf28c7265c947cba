import vine from '@vinejs/vine'
import { STAFF_ROLES } from '#staff/models/staff_member'
import { newPasswordField } from '#staff/password_policy'
import { storeFields } from '#stores/validators'

const emailField = () => vine.string().trim().maxLength(254).email().toLowerCase()
const nameField = () => vine.string().trim().minLength(1).maxLength(120)

export const signInValidator = vine.compile(
  vine.object({
    email: vine.string().trim().maxLength(254),
    password: vine.string().maxLength(1024),
  })
)

const ownerFields = () => ({ full_name: nameField(), email: emailField(), password: newPasswordField() })
const store = storeFields()

/** First run: the owner, and the first store when none exists yet. */
export const setupValidator = vine.compile(vine.object(ownerFields()))
export const setupWithStoreValidator = vine.compile(
  vine.object({
    ...ownerFields(),
    store_name: store.name,
    store_slug: store.slug,
    store_city: store.city,
    store_timezone: store.timezone,
    store_currency: store.currency,
  })
)

export const inviteStaffValidator = vine.compile(
  vine.object({
    full_name: nameField(),
    email: emailField(),
    role: vine.enum(STAFF_ROLES),
    store_id: vine.string().trim().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/).optional(),
  })
)

export const changeRoleValidator = vine.compile(vine.object({ role: vine.enum(STAFF_ROLES) }))

export const acceptInvitationValidator = vine.compile(vine.object({ password: newPasswordField() }))
