import { test } from '@japa/runner'

const langOf = (html: string) => html.match(/<html lang="(\w+)"/)?.[1]

test.group('Language switch', () => {
  test('the language chosen with the switch wins over the browser language, and can be switched back', async ({ client, assert }) => {
    const chosen = async (locale: string) => {
      const response = await client.get(`/lang/${locale}`).redirects(0)
      response.assertStatus(302)
      return response.cookie('comptoir-locale')?.value
    }
    const english = await client.get('/sign-in').plainCookie('comptoir-locale', await chosen('en')).header('accept-language', 'fr-FR,fr')
    assert.equal(langOf(english.text()), 'en')
    const french = await client.get('/sign-in').plainCookie('comptoir-locale', await chosen('fr')).header('accept-language', 'en-GB,en')
    assert.equal(langOf(french.text()), 'fr')
    const unsupported = await client.get('/sign-in').plainCookie('comptoir-locale', 'de').header('accept-language', 'en-GB,en')
    assert.equal(langOf(unsupported.text()), 'en', 'an unsupported value falls back to the browser language')
    assert.equal(langOf((await client.get('/sign-in').header('accept-language', 'en-GB,en')).text()), 'en')
  })
})
