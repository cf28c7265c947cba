import { test } from '@japa/runner'
import { readdirSync, readFileSync } from 'node:fs'

const LANG = new URL('../../../resources/lang/', import.meta.url)

function keysOf(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix]
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key))
}

const messagesOf = (locale: string, file: string) => JSON.parse(readFileSync(new URL(`${locale}/${file}`, LANG), 'utf8'))

test.group('Translations', () => {
  test('French and English have the same files and the same keys', ({ assert }) => {
    const files = readdirSync(new URL('fr/', LANG)).sort()
    assert.deepEqual(readdirSync(new URL('en/', LANG)).sort(), files)
    for (const file of files) {
      assert.deepEqual(keysOf(messagesOf('en', file)).sort(), keysOf(messagesOf('fr', file)).sort(), `keys of ${file}`)
    }
  })
})
