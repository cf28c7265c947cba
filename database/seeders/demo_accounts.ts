import type { StaffRole } from '#staff/models/staff_member'

/** Development-only demo staff; printed at start and shown on the sign-in page in development. */
export const DEMO_ACCOUNTS: Array<{ email: string; fullName: string; role: StaffRole; password: string }> = [
  { email: 'owner@cafe-des-arts.test', fullName: 'Camille Martin', role: 'owner', password: 'demo-owner-comptoir' },
  { email: 'marketer@cafe-des-arts.test', fullName: 'Léa Bernard', role: 'marketer', password: 'demo-marketer-comptoir' },
  { email: 'cashier@cafe-des-arts.test', fullName: 'Hugo Petit', role: 'cashier', password: 'demo-cashier-comptoir' },
]
