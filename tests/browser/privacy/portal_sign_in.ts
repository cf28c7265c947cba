import type { Page } from 'playwright'
import { mailsTo } from '#tests/helpers/smtp_sink'

/** Signs a customer in to the portal in French the way they would: the address, the mailed code, their greeting. */
export async function signInToPortal(visit: (url: string) => Promise<Page>, email: string, firstName: string) {
  const page = await visit('/portal')
  await page.getByLabel('Adresse e-mail').fill(email)
  await page.getByRole('button', { name: 'Recevoir mon code' }).click()
  await page.getByLabel('Code reçu par e-mail (6 chiffres)').waitFor()
  const code = /\b(\d{6})\b/.exec(mailsTo(email).at(-1)!.parsed.subject ?? '')![1]
  await page.getByLabel('Code reçu par e-mail (6 chiffres)').fill(code)
  await page.getByRole('button', { name: 'Me connecter' }).click()
  await page.getByRole('heading', { name: `Bonjour ${firstName}` }).waitFor()
  return page
}
