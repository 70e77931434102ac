// Attacks found in review, kept as tests.
import { Writable } from 'node:stream'
import { buildApp } from '../../src/app.js'
import { createInvitation, createOneTimeToken } from '../../src/auth/queries.js'
import { testConfig } from '../../src/config.js'
import { updateSiteSettings } from '../../src/settings/queries.js'
import { describe, expect, test } from '../helpers/app.js'
import { TestClient } from '../helpers/http-client.js'
import { clientFor, createTestMember, loggedIn, testPassword } from '../helpers/members.js'

const otherPassword = 'een andere lange zin hier'

describe('hardening', () => {
  test('one-time link tokens never reach the log', async ({ database }) => {
    const lines: string[] = []
    const logStream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const app = await buildApp({ config: testConfig({ logLevel: 'info' }), database, logStream })
    for (const path of ['/reset/geheimtoken123', '/invite/geheimtoken123', '/setup/geheimtoken123?x=1']) {
      await app.inject(path)
    }
    const log = lines.join('')
    expect(log).toContain('/reset/[redacted]')
    expect(log).toContain('/setup/[redacted]?x=1')
    expect(log).not.toContain('geheimtoken123')
    await app.close()
  })

  test('successful logins do not count towards the per-email limit', async ({ app, client }) => {
    const member = await createTestMember(app)
    for (let i = 0; i < 7; i++) {
      const response = await client.post('/login', { email: member.email, password: member.password })
      expect(response.statusCode).toBe(303)
    }
  })

  test('a new reset link ends the earlier one, and a password change ends open links', async ({ app }) => {
    const admin = await createTestMember(app, { role: 'admin' })
    const member = await createTestMember(app)
    const adminClient = await clientFor(app, admin.id)
    const link = async () => {
      const made = await adminClient.post(
        `/admin/members/${member.id}/reset-link`,
        {},
        { from: '/admin/members' },
      )
      expect(made.headers['cache-control']).toBe('no-store')
      return new URL(/value="(http[^"]+)"/.exec(made.body)?.[1] as string).pathname
    }
    const first = await link()
    const second = await link()
    expect((await new TestClient(app).get(first)).statusCode).toBe(410)
    expect((await new TestClient(app).get(second)).statusCode).toBe(200)
    const memberClient = await clientFor(app, member.id)
    await memberClient.post(
      '/account/password',
      { current_password: testPassword, password: otherPassword, password_confirm: otherPassword },
      { from: '/account' },
    )
    expect((await new TestClient(app).get(second)).statusCode).toBe(410)
  })

  test('demoting or disabling someone withdraws the invitations and reset links they made', async ({
    app,
  }) => {
    const { client: owner } = await loggedIn(app, 'admin')
    const other = await createTestMember(app, { role: 'admin' })
    const victim = await createTestMember(app)
    const invitation = await createInvitation(app.db, {
      role: 'admin',
      email: null,
      createdBy: other.id,
      expiresInDays: 90,
    })
    const reset = await createOneTimeToken(app.db, {
      purpose: 'password_reset',
      memberId: victim.id,
      createdBy: other.id,
      lifetimeMs: 3_600_000,
    })
    await owner.post(`/admin/members/${other.id}/role`, { role: 'member' }, { from: '/admin/members' })
    expect((await new TestClient(app).get(`/invite/${invitation.token}`)).statusCode).toBe(410)
    expect((await new TestClient(app).get(`/reset/${reset}`)).statusCode).toBe(410)
  })

  test('applying with an address that has an account looks the same as a new application', async ({
    app,
  }) => {
    await updateSiteSettings(app.db, { registration: 'approval' })
    const member = await createTestMember(app)
    const visitor = new TestClient(app)
    const response = await visitor.post(
      '/register',
      {
        display_name: 'Iemand',
        email: member.email,
        password: otherPassword,
        password_confirm: otherPassword,
      },
      { from: '/register' },
    )
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toBe('/login')
    const count = await app.db
      .selectFrom('member')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst()
    expect(Number(count?.n)).toBe(1)
  })

  test('moderators see only invitations for members', async ({ app }) => {
    const admin = await createTestMember(app, { role: 'admin' })
    await createInvitation(app.db, {
      role: 'admin',
      email: 'nieuwe.baas@voorbeeld.nl',
      createdBy: admin.id,
      expiresInDays: 3,
    })
    await createInvitation(app.db, {
      role: 'member',
      email: 'nieuw.lid@voorbeeld.nl',
      createdBy: admin.id,
      expiresInDays: 3,
    })
    const { client } = await loggedIn(app, 'moderator')
    const page = await client.get('/admin/invitations')
    expect(page.body).toContain('nieuw.lid@voorbeeld.nl')
    expect(page.body).not.toContain('nieuwe.baas@voorbeeld.nl')
  })

  test('guessing the current password on the account page is limited', async ({ app }) => {
    const { client } = await loggedIn(app)
    for (let i = 0; i < 5; i++) {
      const r = await client.post(
        '/account/password',
        { current_password: `fout ${i} fout fout`, password: otherPassword, password_confirm: otherPassword },
        { from: '/account' },
      )
      expect(r.statusCode).toBe(422)
    }
    const blocked = await client.post('/account/delete', { delete_password: 'nog een gok', confirm: 'yes' })
    expect(blocked.statusCode).toBe(429)
  })
})
