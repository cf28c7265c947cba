import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const CustomerLoyaltyController = () => import('#loyalty/profile/customer_loyalty_controller')
const CustomerAdjustmentsController = () => import('#loyalty/profile/customer_adjustments_controller')
const CustomerTierFloorsController = () => import('#loyalty/profile/customer_tier_floors_controller')
const CustomerMembershipsController = () => import('#loyalty/profile/customer_memberships_controller')

/** A customer's loyalty in the back office: the ledger and its reasons, corrections by staff. */
router
  .group(() => {
    router.get('/admin/customers/:publicId/loyalty', [CustomerLoyaltyController, 'show'])
    router.post('/admin/customers/:publicId/loyalty/adjustments', [CustomerAdjustmentsController, 'store'])
    router.post('/admin/customers/:publicId/loyalty/tier-floor', [CustomerTierFloorsController, 'store'])
    router.post('/admin/customers/:publicId/loyalty/memberships', [CustomerMembershipsController, 'store'])
  })
  .where('publicId', /^[0-9A-HJKMNP-TV-Z]{26}$/)
  .use(middleware.staff({ roles: ['owner', 'marketer'] }))
