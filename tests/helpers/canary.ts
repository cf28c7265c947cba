import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A server on localhost that records every request it gets and answers
 * a word that must never show up in a printed document: what a hostile
 * input would reach if the printer let it.
 */
export async function startCanary() {
  const hits: string[] = []
  const server = createServer((request, response) => {
    hits.push(request.url ?? '')
    response.end('LEAKED')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    hits,
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
