import { test } from '@japa/runner'
import { checkLiquid, fieldGroupsIn } from '#messaging/templates/liquid_sandbox'
import { checkBody, renderBody, renderPlain } from '#messaging/templates/message_body'
import { scopeFrom } from '#messaging/templates/merge_fields'

const scope = (firstName: string) => scopeFrom({ 'customer.first_name': firstName, 'store.name': 'Café des Arts', 'links.review': 'https://g.page/cafe-des-arts/review', 'balance.points': 42 })

test.group('Message templates: a sandboxed language', () => {
  test('known merge fields pass; unknown ones, forbidden tags and bad syntax are refused with what is wrong', ({ assert }) => {
    assert.deepEqual(checkLiquid('Bonjour {{ customer.first_name | capitalize }}, {{ balance.points }} points'), [])
    assert.deepEqual(checkLiquid('{% if balance.points > 100 %}Bravo{% else %}Encore un effort{% endif %}'), [])
    assert.deepEqual(checkLiquid('{% assign name = customer.first_name %}{{ name }}'), [])
    assert.deepEqual(checkLiquid('{{ customer.email }}'), [{ rule: 'field', detail: 'customer.email' }])
    assert.deepEqual(checkLiquid('{{ customer.first_nme }}'), [{ rule: 'field', detail: 'customer.first_nme' }])
    assert.deepEqual(checkLiquid("{% include 'secrets' %}"), [{ rule: 'tag', detail: 'include' }])
    assert.deepEqual(checkLiquid('{% render "x" %}{% liquid echo 1 %}'), [{ rule: 'tag', detail: 'render' }, { rule: 'tag', detail: 'liquid' }])
    assert.deepEqual(checkLiquid('{% for i in (1..9999999) %}x{% endfor %}'), [{ rule: 'tag', detail: 'for' }, { rule: 'tag', detail: 'endfor' }])
    assert.equal(checkLiquid('{{ customer.first_name ')[0].rule, 'syntax')
    assert.equal(checkLiquid('{{ customer.first_name | system }}')[0].rule, 'syntax')
  })

  test('the merge field groups a template names, wherever they are (a message reads only those); unparsable: all', ({ assert }) => {
    assert.sameMembers([...fieldGroupsIn('Bonjour {{ customer.first_name }}', 'Rien ici')], ['customer'])
    assert.sameMembers([...fieldGroupsIn('{% if balance.points > 100 %}{{ voucher.code }}{% endif %}', '{% assign t = tier.name %}{{ t }} [avis]({{ links.review }})')], ['balance', 'voucher', 'tier', 'links'])
    assert.sameMembers([...fieldGroupsIn('{{ points["expiring"] }}')], ['points'])
    assert.sameMembers([...fieldGroupsIn('Le mot balance, sans champ')], [])
    assert.isAbove(fieldGroupsIn('{{ customer.first_name ').size, 8)
  })

  test("a customer's data is escaped and can never forge a link or markup", ({ assert }) => {
    const hostile = '<script>alert(1)</script> [gagné](https://evil.example) \u0000x\u0000'
    const body = renderBody('Bonjour {{ customer.first_name }} !\n\nVotre avis : [laisser un avis]({{ links.review }})', scope(hostile))
    assert.include(body.html, '&lt;script&gt;alert(1)&lt;/script&gt;')
    assert.notInclude(body.html, '<script>')
    assert.notInclude(body.html, 'href="https://evil.example"')
    assert.include(body.html, '<a href="https://g.page/cafe-des-arts/review" style="color:inherit">laisser un avis</a>')
    assert.equal(body.html.match(/<a /g)!.length, 1)
    assert.include(body.text, 'laisser un avis (https://g.page/cafe-des-arts/review)')
    assert.include(body.text, '<script>alert(1)</script>')
  })

  test('paragraphs and line breaks are ours; the text part mirrors the HTML', ({ assert }) => {
    const body = renderBody('Bonjour {{ customer.first_name }},\nmerci !\n\n\n\nÀ bientôt', scope('Marie'))
    assert.equal(body.html, '<p style="margin:0 0 16px">Bonjour Marie,<br>merci !</p><p style="margin:0 0 16px">À bientôt</p>')
    assert.equal(body.text, 'Bonjour Marie,\nmerci !\n\nÀ bientôt')
    assert.equal(renderPlain('Avis : [ici]({{ links.review }}) {{ balance.points }} pts', scope('Marie')), 'Avis : ici https://g.page/cafe-des-arts/review 42 pts')
  })

  test('links: literal http(s) addresses or a URL merge field; javascript:, data: and text fields are refused', ({ assert }) => {
    assert.deepEqual(checkBody('[Le menu](https://cafe.example/menu?c={{ customer.card_code }})'), [])
    assert.deepEqual(checkBody('[Avis]({{ links.review }})'), [])
    assert.deepEqual(checkBody('[x](javascript:alert(1))'), [{ rule: 'link', detail: 'javascript:alert(1' }])
    assert.equal(checkBody('[x](data:text/html,hi)')[0].rule, 'link')
    assert.equal(checkBody('[x]({{ customer.first_name }})')[0].rule, 'link')
    // A review URL that is not http(s) at send time renders as plain text.
    const body = renderBody('[Avis]({{ links.review }})', scopeFrom({ 'links.review': 'javascript:alert(1)' }))
    assert.equal(body.html, '<p style="margin:0 0 16px">Avis</p>')
  })
})
