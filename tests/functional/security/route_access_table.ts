/**
 * Who may use each route. 'public': anyone; 'pos': a POS bearer token only
 * (staff sessions are refused); otherwise the staff roles allowed.
 */
export type Access = 'public' | 'pos' | Array<'owner' | 'marketer' | 'cashier'>

const OWNER: Access = ['owner']
const BACK_OFFICE: Access = ['owner', 'marketer']
const ALL_STAFF: Access = ['owner', 'marketer', 'cashier']

export const ROUTE_ACCESS: Record<string, Access> = {
  'GET /health': 'public',
  'GET /lang/:locale': 'public',
  'GET /': 'public',
  'GET /sign-in': 'public',
  'POST /sign-in': 'public',
  'POST /sign-out': 'public',
  'GET /setup': 'public',
  'POST /setup': 'public',
  'GET /invitations/:token': 'public',
  'POST /invitations/:token': 'public',
  'GET /admin/staff': OWNER,
  'GET /admin/staff/new': OWNER,
  'POST /admin/staff': OWNER,
  'POST /admin/staff/:publicId/role': OWNER,
  'POST /admin/staff/:publicId/disable': OWNER,
  'POST /admin/staff/:publicId/enable': OWNER,
  'GET /admin/audit': OWNER,
  'GET /admin/stores': OWNER,
  'GET /admin/stores/new': OWNER,
  'POST /admin/stores': OWNER,
  'GET /admin/stores/:publicId/edit': OWNER,
  'POST /admin/stores/:publicId': OWNER,
  'GET /admin/pos-tokens': OWNER,
  'POST /admin/pos-tokens': OWNER,
  'POST /admin/pos-tokens/:id/revoke': OWNER,
  'GET /api/v1/openapi.json': 'public',
  'POST /api/v1/customers': 'pos',
  'GET /api/v1/customers/lookup': 'pos',
  'GET /api/v1/customers/:id': 'pos',
  'POST /api/v1/purchases': 'pos',
  'POST /api/v1/purchases/preview': 'pos',
  'POST /api/v1/purchases/:id/refunds': 'pos',
  'POST /api/v1/redemptions': 'pos',
  'GET /till': ALL_STAFF,
  'GET /till/lookup': ALL_STAFF,
  'GET /till/customers/new': ALL_STAFF,
  'GET /till/customers/:publicId': ALL_STAFF,
  'POST /till/customers': ALL_STAFF,
  'POST /till/customers/:publicId/purchases': ALL_STAFF,
  'GET /admin/customers': BACK_OFFICE,
  'GET /admin/customers/:publicId': BACK_OFFICE,
  'GET /admin/customers/:publicId/edit': BACK_OFFICE,
  'PUT /admin/customers/:publicId': BACK_OFFICE,
  'POST /admin/customers/:publicId': BACK_OFFICE,
  'GET /admin/customers/:publicId/merge': BACK_OFFICE,
  'POST /admin/customers/:publicId/merge': BACK_OFFICE,
  'GET /admin/customers/export.csv': OWNER,
  'GET /admin/imports': BACK_OFFICE,
  'POST /admin/imports': BACK_OFFICE,
  'GET /admin/imports/uploads/:token': BACK_OFFICE,
  'POST /admin/imports/uploads/:token': BACK_OFFICE,
  'GET /admin/imports/:publicId': BACK_OFFICE,
  'GET /admin/imports/:publicId/status': BACK_OFFICE,
  'GET /admin/imports/:publicId/rejections.csv': BACK_OFFICE,
  // Loyalty admin: programmes, rewards shop, simulator (app/loyalty/program_routes.ts)
  // Loyalty reports: liability (app/loyalty/report_routes.ts)
  // Loyalty on the customer profile and at the till (app/loyalty/routes.ts)
}

