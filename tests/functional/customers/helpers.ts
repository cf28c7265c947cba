import type { ApiRequest } from '@japa/api-client'

/** The customer ids and the "next page" link of a rendered list page. */
export async function load(request: ApiRequest) {
  const response = await request
  if (response.status() !== 200) throw new Error(`list answered ${response.status()}`)
  const html = response.text()
  const ids = [...html.matchAll(/<tr data-customer="([0-9A-Z]{26})"/g)].map((match) => match[1])
  const next = html.match(/rel="next" href="([^"]+)"/)?.[1]?.replaceAll('&amp;', '&') ?? null
  return { ids, next, html }
}
