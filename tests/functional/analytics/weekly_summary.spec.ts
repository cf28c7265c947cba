import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Store from '#stores/models/store'
import type StaffMember from '#staff/models/staff_member'
import { businessTimezone } from '#loyalty/reports/liability_period'
import { dashboardFigures } from '#analytics/dashboard_figures'
import { sendWeeklySummaries } from '#analytics/weekly_summary/send_weekly_summaries'
import { setWeeklySummary } from '#analytics/weekly_summary/subscription'
import { CHART_CID } from '#analytics/weekly_summary/summary_layout'
import { CHART } from '#analytics/weekly_summary/summary_chart'
import { createStaff, createStore } from '#tests/helpers/factories'
import { mailsTo, rawHeader, refuseNext, type ReceivedMail } from '#tests/helpers/smtp_sink'
import { isPng, pngPixel, pngSize } from '#tests/helpers/png'
import { dbTimestamp } from '#shared/db_time'

/*
 * The suite shares one database: every test reports on its own week of
 * 2019, far from the days other tests sell on, and looks only at the mails
 * of the owners it created.
 */

/** An instant in the business's calendar (the default store's timezone, whichever test created it). */
async function at(local: string) {
  return DateTime.fromISO(local, { zone: await businessTimezone() }).toUTC()
}

async function subscribedOwner(overrides: Partial<StaffMember> = {}) {
  const owner = await createStaff('owner', overrides)
  await setWeeklySummary(owner, true)
  return owner
}

/** The words of a mail, its spaces (narrow, no-break) made plain. */
const plainText = (mail: ReceivedMail) => String(mail.parsed.text).replace(/[\u00a0\u202f]/g, ' ')
const htmlWords = (mail: ReceivedMail) =>
  String(mail.parsed.html)
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')

const DAYS = (fromOn: string, toOn: string) => db.from('analytics_daily').whereBetween('day', [fromOn, toOn])

test.group('Analytics: the weekly summary e-mail', () => {
  test('each subscribed owner gets last week against the week before, in their language, with the chart inline and the same figures as a table', async ({ assert }) => {
    const [a, b] = [await createStore(), await createStore()]
    assert.lengthOf(await DAYS('2019-09-02', '2019-09-15'), 0, 'the weeks of this test belong to it')
    const row = (store: Store, day: string, purchases: number, revenue: number, memberPurchases: number, memberRevenue: number, newMembers: number) => ({
      store_id: store.id, day, purchases, revenue_cents: revenue, member_purchases: memberPurchases, member_revenue_cents: memberRevenue, new_members: newMembers, refunds: 0, refunded_cents: 0,
    })
    await db.table('analytics_daily').multiInsert([
      // Last week (2019-W37): 40 purchases, 1 000 € of which 600 € from members, 6 new members; Monday 250 €, Wednesday 250 €, Sunday 500 €.
      row(a, '2019-09-09', 10, 25_000, 6, 18_000, 2),
      row(a, '2019-09-11', 5, 10_000, 2, 4_000, 1),
      row(b, '2019-09-11', 5, 15_000, 4, 12_000, 0),
      row(b, '2019-09-15', 20, 50_000, 10, 26_000, 3),
      // The week before (W36): 50 purchases, 800 € of which 320 € from members, 8 new members.
      row(a, '2019-09-03', 30, 50_000, 15, 20_000, 4),
      { ...row(b, '2019-09-07', 20, 30_000, 10, 12_000, 4), refunds: 1, refunded_cents: 700 },
    ])
    // Active members as counted when each week's summary first went out.
    await db.table('weekly_summary_snapshots').multiInsert([
      { iso_week: '2019-W36', members_active30: 24, taken_at: dbTimestamp(DateTime.utc()) },
      { iso_week: '2019-W37', members_active30: 30, taken_at: dbTimestamp(DateTime.utc()) },
    ])
    const french = await subscribedOwner()
    const english = await subscribedOwner({ locale: 'en' })

    const result = await sendWeeklySummaries(await at('2019-09-16T09:00'))
    assert.isAtLeast(result.sent, 2)
    assert.lengthOf(mailsTo(french.email), 1)
    const mail = mailsTo(french.email)[0]
    // By hand: 1 000 € against 800 € (+25 %); 40 against 50 purchases (−20 %); baskets 25 € against 16 € (+56.25 %);
    // 6 against 8 new members (−25 %); members' share 60 % against 40 % (+20 points); 30 active members against 24 (+25 %).
    assert.equal(String(mail.parsed.subject).replace(/[\u00a0\u202f]/g, ' '), 'Votre semaine du 9 sept. 2019 au 15 sept. 2019 : 1 000,00 € (+25 %)')
    const text = plainText(mail)
    for (const line of [
      "Chiffre d'affaires : 1 000,00 € (semaine d'avant : 800,00 €, +25 %)",
      "Achats : 40 (semaine d'avant : 50, −20 %)",
      "Panier moyen : 25,00 € (semaine d'avant : 16,00 €, +56 %)",
      "Nouveaux membres : 6 (semaine d'avant : 8, −25 %)",
      "Part du chiffre d'affaires des membres : 60 % (semaine d'avant : 40 %, +20 pt)",
      "Membres actifs (un achat dans les 30 derniers jours) : 30 (semaine d'avant : 24, +25 %)",
      'lun. 9 sept. : 250,00 € · achats : 10 · nouveaux membres : 2',
      'mar. 10 sept. : 0,00 € · achats : 0 · nouveaux membres : 0',
      'mer. 11 sept. : 250,00 € · achats : 10 · nouveaux membres : 1',
      'dim. 15 sept. : 500,00 € · achats : 20 · nouveaux membres : 3',
      '/admin/dashboard?from=2019-09-09&to=2019-09-15',
      'Ne plus recevoir ce résumé : ',
    ]) assert.include(text, line)
    const html = htmlWords(mail)
    assert.include(html, "Chiffre d'affaires 1 000,00 € 800,00 € +25 %")
    assert.include(html, "Part du chiffre d'affaires des membres 60 % 40 % +20 pt")
    assert.include(html, 'dim. 15 sept. 500,00 € 20 3')
    // mailparser puts the attachment its cid: link names in place of the link.
    assert.include(String(mail.parsed.html), 'src="data:image/png;base64,')
    assert.match(String(mail.parsed.html), /<img[^>]+alt="Barres du chiffre d&#39;affaires de chaque jour, du lundi 9 sept\. 2019 au dimanche 15 sept\. 2019 ; le meilleur jour : dim\. 15 sept\., 500,00/)
    assert.include(String(mail.parsed.html), '/admin/dashboard#weekly-summary')
    assert.equal(rawHeader(mail, 'Auto-Submitted'), 'auto-generated')

    const chart = mail.parsed.attachments.find((attachment) => attachment.cid === CHART_CID)!
    assert.exists(chart)
    assert.equal(chart.contentType, 'image/png')
    assert.isTrue(isPng(chart.content))
    assert.deepEqual(pngSize(chart.content), { width: CHART.width * CHART.scale, height: CHART.height * CHART.scale })
    assert.isAbove(chart.content.length, 2_000)
    assert.isBelow(chart.content.length, 300_000)
    // Chromium drew the bars to scale: Sunday's (the best day) fills the plot, Monday's half of it, Tuesday's is empty.
    const store = await Store.defaultStore()
    const colour = (/^#[0-9a-f]{6}$/i.test(store.brandColour ?? '') ? store.brandColour! : '#6b4226').toLowerCase()
    const column = (index: number) => Math.round((index + 0.5) * (CHART.width / 7) * CHART.scale)
    const y = (cssPx: number) => cssPx * CHART.scale
    assert.equal(pngPixel(chart.content, column(6), y(60)), colour)
    assert.equal(pngPixel(chart.content, column(0), y(180)), colour)
    assert.equal(pngPixel(chart.content, column(0), y(60)), '#ffffff')
    assert.equal(pngPixel(chart.content, column(1), y(150)), '#ffffff')

    const [inEnglish] = mailsTo(english.email)
    assert.equal(String(inEnglish.parsed.subject).replace(/[\u00a0\u202f]/g, ' '), 'Your week, 9 Sept 2019 to 15 Sept 2019: €1,000.00 (+25 %)')
    assert.include(plainText(inEnglish), 'Average basket: €25.00 (week before: €16.00, +56 %)')
    assert.include(plainText(inEnglish), 'Share of revenue from members: 60 % (week before: 40 %, +20 pt)')
    assert.include(plainText(inEnglish), 'Sun 15 Sept: €500.00 · purchases: 20 · new members: 3')
    assert.isTrue(isPng(inEnglish.parsed.attachments[0].content))
  })

  test('a second pass the same week sends nothing more, two passes at once send once, and the next week goes out', async ({ assert }) => {
    const owner = await subscribedOwner()
    await sendWeeklySummaries(await at('2019-09-23T08:05'))
    assert.lengthOf(mailsTo(owner.email), 1)
    await sendWeeklySummaries(await at('2019-09-23T08:10'))
    await sendWeeklySummaries(await at('2019-09-26T15:00'))
    assert.lengthOf(mailsTo(owner.email), 1)
    const row = await db.from('staff_members').where('id', owner.id).first()
    assert.equal(row.weekly_summary_week, '2019-W38')

    await sendWeeklySummaries(await at('2019-09-30T08:00'))
    assert.lengthOf(mailsTo(owner.email), 2)
    const monday = await at('2019-10-07T08:30')
    await Promise.all([sendWeeklySummaries(monday), sendWeeklySummaries(monday)])
    assert.lengthOf(mailsTo(owner.email), 3)
    assert.match(String(mailsTo(owner.email)[2].parsed.subject), /30 sept\. 2019 au 6 oct\. 2019/)
  })

  test('an owner who did not ask, a disabled owner, or a marketer gets nothing', async ({ assert }) => {
    const notAsked = await createStaff('owner')
    const disabled = await subscribedOwner()
    await db.from('staff_members').where('id', disabled.id).update({ disabled_at: dbTimestamp(DateTime.utc()) })
    const marketer = await createStaff('marketer')
    await db.from('staff_members').where('id', marketer.id).update({ weekly_summary: 1 })
    const control = await subscribedOwner()
    await sendWeeklySummaries(await at('2019-10-14T10:00'))
    assert.lengthOf(mailsTo(control.email), 1)
    for (const member of [notAsked, disabled, marketer]) {
      assert.lengthOf(mailsTo(member.email), 0)
      assert.isNull((await db.from('staff_members').where('id', member.id).first()).weekly_summary_week)
    }
  })

  test('nothing before Monday 08:00 business time; from then on, or later that week when the machine was off', async ({ assert }) => {
    const owner = await subscribedOwner()
    for (const early of ['2019-10-21T00:00', '2019-10-21T07:59:59']) {
      const result = await sendWeeklySummaries(await at(early))
      assert.lengthOf(mailsTo(owner.email), 0, early)
      if (early === '2019-10-21T07:59:59') assert.deepEqual(result, { sent: 0, failed: 0 })
    }
    assert.notExists(await db.from('weekly_summary_snapshots').where('iso_week', '2019-W42').first())
    const activeNow = (await dashboardFigures({ fromOn: '2019-10-14', toOn: '2019-10-20', storeId: null })).members.active30
    await sendWeeklySummaries(await at('2019-10-21T08:00'))
    assert.lengthOf(mailsTo(owner.email), 1)
    assert.match(String(mailsTo(owner.email)[0].parsed.subject), /14 oct\. 2019 au 20 oct\. 2019/)
    // The week's count is today's, kept for next week; the week before's is the one kept then (none: nothing to compare with).
    assert.equal(Number((await db.from('weekly_summary_snapshots').where('iso_week', '2019-W42').first()).members_active30), activeNow)
    const kept = await db.from('weekly_summary_snapshots').where('iso_week', '2019-W41').first()
    const before = kept ? String(kept.members_active30) : '—'
    assert.include(plainText(mailsTo(owner.email)[0]), `Membres actifs (un achat dans les 30 derniers jours) : ${activeNow} (semaine d'avant : ${before}`)

    const lateComer = await subscribedOwner()
    await sendWeeklySummaries(await at('2019-10-26T18:00'))
    assert.lengthOf(mailsTo(lateComer.email), 1)
    assert.match(String(mailsTo(lateComer.email)[0].parsed.subject), /14 oct\. 2019 au 20 oct\. 2019/)
    assert.lengthOf(mailsTo(owner.email), 1)
  })

  test('a send the SMTP server refuses is tried again at the next pass, and sent once', async ({ assert }) => {
    const owner = await subscribedOwner()
    // Alone in the pass, so the refusal is its mail's.
    await db.from('staff_members').whereNot('id', owner.id).update({ weekly_summary: 0 })
    refuseNext(451)
    const first = await sendWeeklySummaries(await at('2019-10-28T08:00'))
    assert.deepEqual(first, { sent: 0, failed: 1 })
    assert.isNull((await db.from('staff_members').where('id', owner.id).first()).weekly_summary_week)
    const second = await sendWeeklySummaries(await at('2019-10-28T08:05'))
    assert.deepEqual(second, { sent: 1, failed: 0 })
    assert.lengthOf(mailsTo(owner.email), 1)
  })
})

test.group('Analytics: asking for the weekly summary', () => {
  const subscribed = async (member: StaffMember) => Boolean((await db.from('staff_members').where('id', member.id).first()).weekly_summary)

  test('the owner turns it on and off from the dashboard; asking twice changes nothing', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const page = await client.get('/admin/dashboard').loginAs(owner)
    page.assertStatus(200)
    assert.include(page.text(), 'action="/admin/dashboard/weekly-summary"')
    assert.include(page.text(), 'name="weekly_summary" value="on"')
    assert.include(page.text(), 'Recevoir le résumé chaque lundi')

    for (let attempt = 0; attempt < 2; attempt++) {
      const on = await client.post('/admin/dashboard/weekly-summary').loginAs(owner).withCsrfToken().form({ weekly_summary: 'on' }).redirects(0)
      on.assertStatus(302)
      on.assertHeader('location', '/admin/dashboard')
      assert.include(on.flashMessage('success'), 'chaque lundi matin')
      assert.isTrue(await subscribed(owner))
    }
    const after = await client.get('/admin/dashboard').loginAs(owner)
    assert.include(after.text(), 'name="weekly_summary" value="off"')
    assert.include(after.text(), `est envoyé à ${owner.email}`)

    for (let attempt = 0; attempt < 2; attempt++) {
      const off = await client.post('/admin/dashboard/weekly-summary').loginAs(owner).withCsrfToken().form({ weekly_summary: 'off' }).redirects(0)
      off.assertStatus(302)
      assert.isFalse(await subscribed(owner))
    }
  })

  test('a marketer or a cashier is refused, a form without its CSRF token changes nothing, and bad values are a 422', async ({ client, assert }) => {
    const store = await createStore()
    for (const member of [await createStaff('marketer'), await createStaff('cashier', { storeId: store.id })]) {
      const refused = await client.post('/admin/dashboard/weekly-summary').loginAs(member).withCsrfToken().form({ weekly_summary: 'on' }).redirects(0)
      refused.assertStatus(403)
      assert.isFalse(await subscribed(member))
    }
    const marketer = await createStaff('marketer')
    assert.notInclude((await client.get('/admin/dashboard').loginAs(marketer)).text(), 'weekly-summary')

    const owner = await createStaff('owner')
    const forged = await client.post('/admin/dashboard/weekly-summary').loginAs(owner).form({ weekly_summary: 'on' }).redirects(0)
    forged.assertStatus(403)
    assert.isFalse(await subscribed(owner))

    for (const body of [{ weekly_summary: 'yes' }, { weekly_summary: '' }, { weekly_summary: 'ON' }, { weekly_summary: ['on', 'off'] }, { weekly_summary: 'on'.repeat(5000) }, {}, { other: 'on' }]) {
      const answer = await client.post('/admin/dashboard/weekly-summary').loginAs(owner).withCsrfToken().form(body).redirects(0)
      answer.assertStatus(422)
      assert.match(answer.text(), /role="alert">Ce choix n(&#39;|&#x27;|')existe pas/, JSON.stringify(body).slice(0, 40))
      assert.isFalse(await subscribed(owner))
    }
    const json = await client.post('/admin/dashboard/weekly-summary').loginAs(owner).withCsrfToken().accept('json').json({ weekly_summary: { on: true } }).redirects(0)
    assert.isAtLeast(json.status(), 400)
    assert.isBelow(json.status(), 500)
    assert.isFalse(await subscribed(owner))
  })
})
