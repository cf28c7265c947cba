import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import AuditLog from '#shared/models/audit_log'
import StaffMember from '#staff/models/staff_member'
import { hashInvitationToken } from '#staff/invitation_token'
import { createStaff, uniqueEmail } from '#tests/helpers/factories'

const audited = (action: string, subjectId: string) => AuditLog.query().where('action', action).where('subjectId', subjectId).first()

test.group('Staff administration (owner only)', () => {
  for (const locale of ['fr', 'en']) {
    test(`the staff pages render in ${locale}`, async ({ client }) => {
      const owner = await createStaff('owner')
      for (const path of ['/admin/staff', '/admin/staff/new', '/admin/audit', '/admin/audit?action=staff.signed_in']) {
        const response = await client.get(path).loginAs(owner).header('accept-language', locale)
        response.assertStatus(200)
      }
    })
  }

  test('a marketer can neither list nor invite staff', async ({ client }) => {
    const marketer = await createStaff('marketer')
    ;(await client.get('/admin/staff').loginAs(marketer)).assertStatus(403)
    const response = await client.post('/admin/staff').loginAs(marketer).withCsrfToken().form({ full_name: 'Eve', email: uniqueEmail('eve'), role: 'owner' })
    response.assertStatus(403)
  })

  test('invitation: the link is shown once, works once, sets a password and signs the invitee in', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const email = uniqueEmail('invitee')
    const invited = await client.post('/admin/staff').loginAs(owner).withCsrfToken().form({ full_name: 'Inès Vité', email, role: 'cashier' })
    invited.assertStatus(200)
    const token = invited.text().match(/\/invitations\/([A-Za-z0-9_-]{43})/)![1]
    const member = await StaffMember.findByOrFail('email', email)
    assert.isNull(member.password)
    assert.equal(member.invitationHash, hashInvitationToken(token))
    assert.isAbove(member.invitationExpiresAt!.diffNow('days').days, 6.9)
    assert.isNotNull(await audited('staff.invited', member.publicId))

    ;(await client.get(`/invitations/${token}`)).assertStatus(200)
    const tooShort = await client.post(`/invitations/${token}`).withCsrfToken().form({ password: 'short pass', password_confirmation: 'short pass' }).redirects(0)
    tooShort.assertStatus(302)
    const common = await client.post(`/invitations/${token}`).withCsrfToken().form({ password: 'Password123!', password_confirmation: 'Password123!' }).redirects(0)
    common.assertStatus(302)
    await member.refresh()
    assert.isNull(member.password)

    const password = 'une caisse bien rangée le matin'
    const accepted = await client.post(`/invitations/${token}`).withCsrfToken().form({ password, password_confirmation: password }).redirects(0)
    accepted.assertStatus(302)
    accepted.assertHeader('location', '/till')
    await member.refresh()
    assert.isNull(member.invitationHash)
    assert.isNotNull(member.lastSignInAt)
    assert.isNotNull(await audited('staff.invitation_accepted', member.publicId))
    ;(await client.get(`/invitations/${token}`)).assertStatus(404)

    const signIn = await client.post('/sign-in').withCsrfToken().form({ email, password }).redirects(0)
    signIn.assertHeader('location', '/till')
  })

  test('an expired or unknown invitation is refused', async ({ client }) => {
    const token = 'A'.repeat(43)
    await createStaff('cashier', { password: null, invitationHash: hashInvitationToken(token), invitationExpiresAt: DateTime.now().minus({ minutes: 1 }) })
    ;(await client.get(`/invitations/${token}`)).assertStatus(404)
    ;(await client.get(`/invitations/${'B'.repeat(43)}`)).assertStatus(404)
    ;(await client.post(`/invitations/${token}`).withCsrfToken().form({ password: 'a long enough passphrase', password_confirmation: 'a long enough passphrase' })).assertStatus(404)
  })

  test('inviting an e-mail already used is a field error', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const cashier = await createStaff('cashier')
    const response = await client.post('/admin/staff').loginAs(owner).withCsrfToken().form({ full_name: 'Twin', email: cashier.email, role: 'cashier' }).redirects(0)
    response.assertStatus(302)
    assert.property(response.flashMessage('inputErrorsBag'), 'email')
  })

  test('role changes, disabling and re-enabling are applied and audited', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const cashier = await createStaff('cashier')
    await client.post(`/admin/staff/${cashier.publicId}/role`).loginAs(owner).withCsrfToken().form({ role: 'marketer' })
    await cashier.refresh()
    assert.equal(cashier.role, 'marketer')
    assert.deepEqual((await audited('staff.role_changed', cashier.publicId))?.details, { from: 'cashier', to: 'marketer' })
    assert.equal((await audited('staff.role_changed', cashier.publicId))?.staffMemberId, owner.id)

    await client.post(`/admin/staff/${cashier.publicId}/disable`).loginAs(owner).withCsrfToken()
    await cashier.refresh()
    assert.isTrue(cashier.isDisabled)
    assert.isNotNull(await audited('staff.disabled', cashier.publicId))

    await client.post(`/admin/staff/${cashier.publicId}/enable`).loginAs(owner).withCsrfToken()
    await cashier.refresh()
    assert.isFalse(cashier.isDisabled)
    assert.isNotNull(await audited('staff.enabled', cashier.publicId))
  })

  test('an invalid role or an unknown member changes nothing', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const cashier = await createStaff('cashier')
    const bad = await client.post(`/admin/staff/${cashier.publicId}/role`).loginAs(owner).withCsrfToken().form({ role: 'admin' }).redirects(0)
    bad.assertStatus(302)
    await cashier.refresh()
    assert.equal(cashier.role, 'cashier')
    ;(await client.post('/admin/staff/01ARZ3NDEKTSV4RRFFQ69G5FAV/disable').loginAs(owner).withCsrfToken()).assertStatus(404)
  })

  test('a state-changing form without its CSRF token is refused', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const cashier = await createStaff('cashier')
    const html = await client.post(`/admin/staff/${cashier.publicId}/disable`).loginAs(owner).redirects(0)
    html.assertStatus(403)
    assert.include(html.text(), 'formulaire')
    const json = await client.post(`/admin/staff/${cashier.publicId}/disable`).loginAs(owner).header('accept', 'application/json')
    json.assertStatus(403)
    await cashier.refresh()
    assert.isFalse(cashier.isDisabled)
  })

  test('the last active owner can be neither demoted nor disabled', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    // Tests share one database: other owners are set aside for this test, then restored.
    const others = await StaffMember.query().where('role', 'owner').whereNull('disabledAt').whereNot('id', owner.id)
    const othersIds = others.map((other) => other.id)
    if (othersIds.length) await db.from('staff_members').whereIn('id', othersIds).update({ disabled_at: DateTime.now().toSQL() })
    try {
      const demote = await client.post(`/admin/staff/${owner.publicId}/role`).loginAs(owner).withCsrfToken().form({ role: 'cashier' }).redirects(0)
      demote.assertHeader('location', '/admin/staff')
      demote.assertFlashMessage('error')
      await client.post(`/admin/staff/${owner.publicId}/disable`).loginAs(owner).withCsrfToken()
      await owner.refresh()
      assert.equal(owner.role, 'owner')
      assert.isFalse(owner.isDisabled)
      assert.isNull(await audited('staff.role_changed', owner.publicId))
    } finally {
      if (othersIds.length) await db.from('staff_members').whereIn('id', othersIds).update({ disabled_at: null })
    }
    const second = await createStaff('owner')
    await client.post(`/admin/staff/${second.publicId}/disable`).loginAs(owner).withCsrfToken()
    await second.refresh()
    assert.isTrue(second.isDisabled)
  })

  test('the audit log pages backwards with ?before and filters by action', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const latest = await AuditLog.query().orderBy('id', 'desc').firstOrFail()
    const page = await client.get(`/admin/audit?before=${latest.id}&action=staff.invited`).loginAs(owner)
    page.assertStatus(200)
    assert.notInclude(page.text(), '<code>staff.signed_in</code>')
    ;(await client.get('/admin/audit?before=abc').loginAs(owner).redirects(0)).assertStatus(302)
  })
})
