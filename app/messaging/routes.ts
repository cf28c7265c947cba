import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { UNSUBSCRIBE_TOKEN } from '#messaging/unsubscribe_token'

const UnsubscribeController = () => import('#messaging/unsubscribe_controller')
const SmsWebhooksController = () => import('#messaging/sms_webhooks_controller')

/* Public: the unsubscribe link of marketing e-mails (no sign-in, no CSRF on POST: see the controller). */
router.get('/u/:token', [UnsubscribeController, 'show']).where('token', UNSUBSCRIBE_TOKEN)
router.post('/u/:token', [UnsubscribeController, 'store']).where('token', UNSUBSCRIBE_TOKEN)

/* Public: SMS providers post replies here (STOP); each request proves its sender (see the controller). */
router.post('/webhooks/sms/twilio', [SmsWebhooksController, 'twilio'])
router.post('/webhooks/sms/brevo', [SmsWebhooksController, 'brevo'])

const OutboxController = () => import('#messaging/outbox_controller')
const DeliveriesController = () => import('#messaging/deliveries_controller')

/* The development outbox and the delivery log: marketers and the owner see what went out, and why not. */
router
  .group(() => {
    router.get('/admin/outbox', [OutboxController, 'index'])
    router.get('/admin/outbox/:id', [OutboxController, 'show'])
    router.get('/admin/deliveries', [DeliveriesController, 'index'])
  })
  .use(middleware.staff({ roles: ['owner', 'marketer'] }))

const MessagingSettingsController = () => import('#messaging/messaging_settings_controller')

/* The sending rules: the owner decides how often and when customers may be written to. */
router
  .group(() => {
    router.get('/admin/messaging/settings', [MessagingSettingsController, 'edit'])
    router.post('/admin/messaging/settings', [MessagingSettingsController, 'update'])
  })
  .use(middleware.staff({ roles: ['owner'] }))
