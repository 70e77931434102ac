import { sessionCookie } from '../../src/auth/auth-plugin.js'
import {
  createSession,
  findKnownSession,
  sessionLifetimeMs,
  validateSessionToken,
} from '../../src/auth/sessions.js'
import { updateSiteSettings } from '../../src/settings/queries.js'
import { createTestApp, describe, expect, test } from '../helpers/app.js'
import { TestClient } from '../helpers/http-client.js'
import { clientFor, createTestMember, dumpDatabase } from '../helpers/members.js'

describe('login', () => {
  test('logs in with email and password and returns to where the person was going', async ({
    app,
    client,
  }) => {
    const member = await createTestMember(app, { email: 'Femke@Voorbeeld.nl' })
    const response = await client.post(
      '/login',
      { email: '  femke@voorbeeld.NL ', password: member.password, next: '/account' },
      { from: '/login' },
    )
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toBe('/account')
    const account = await client.get('/account')
    expect(account.statusCode).toBe(200)
    expect(account.body).toContain('femke@voorbeeld.nl')
  })

  test('gives one generic message for an unknown email and a wrong password, keeping the email', async ({
    app,
    client,
  }) => {
    await createTestMember(app, { email: 'gert@voorbeeld.nl' })
    const unknown = await client.post('/login', {
      email: 'nobody@voorbeeld.nl',
      password: 'whatever it is here',
    })
    const wrong = await client.post('/login', { email: 'gert@voorbeeld.nl', password: 'not the right one!!' })
    for (const response of [unknown, wrong]) {
      expect(response.statusCode).toBe(401)
      expect(response.body).toContain('Het e-mailadres of het wachtwoord klopt niet.')
    }
    expect(unknown.body).toContain('value="nobody@voorbeeld.nl"')
    expect(wrong.body).toContain('value="gert@voorbeeld.nl"')
    expect(wrong.headers['set-cookie']?.toString() ?? '').not.toContain(`${sessionCookie}=`)
  })

  test('the 6th failed attempt for one email gets a 429 page that says when to try again', async ({
    app,
    client,
  }) => {
    await createTestMember(app, { email: 'hanna@voorbeeld.nl' })
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await client.post('/login', {
        email: 'hanna@voorbeeld.nl',
        password: `wrong password ${attempt}`,
      })
      expect(response.statusCode).toBe(401)
    }
    const sixth = await client.post('/login', { email: 'hanna@voorbeeld.nl', password: 'wrong password 6' })
    expect(sixth.statusCode).toBe(429)
    expect(sixth.body).toContain('<h1>Te veel pogingen</h1>')
    expect(sixth.body).toMatch(/Probeer het over 15 minuten opnieuw/)
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0)
    // Another address from the same place is still allowed (the per-address limit), up to the per-IP limit.
    const other = await client.post('/login', { email: 'iris@voorbeeld.nl', password: 'wrong password x' })
    expect(other.statusCode).toBe(401)
  })

  test('sets the session cookie HttpOnly, SameSite=Lax, Path=/ and not Secure over http', async ({
    app,
    client,
  }) => {
    const member = await createTestMember(app)
    const response = await client.post('/login', { email: member.email, password: member.password })
    const cookie = String(response.headers['set-cookie'])
      .split(/,(?=\s*\w+=)/)
      .find((c) => c.includes(`${sessionCookie}=`))
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    expect(cookie).toMatch(/Path=\//)
    expect(cookie).toMatch(/Expires=/)
    expect(cookie).not.toMatch(/Secure/i)
  })

  test('marks the cookie Secure when PUBLIC_URL is https', async () => {
    const { app, database } = await createTestApp({ publicUrl: new URL('https://leerplein.example.nl') })
    const member = await createTestMember(app)
    const client = new TestClient(app, { host: 'leerplein.example.nl', 'x-forwarded-proto': 'https' })
    const response = await client.post(
      '/login',
      { email: member.email, password: member.password },
      { headers: { origin: 'https://leerplein.example.nl' } },
    )
    expect(response.statusCode).toBe(303)
    expect(String(response.headers['set-cookie'])).toMatch(new RegExp(`${sessionCookie}=[^;]+;.*Secure`, 'i'))
    expect(response.headers['strict-transport-security']).toContain('max-age=31536000')
    await app.close()
    await database.close()
  })

  test('stores neither the session token nor the password in clear', async ({ app, database, client }) => {
    const member = await createTestMember(app, { password: 'een geheim dat niemand raadt' })
    await client.post('/login', { email: member.email, password: 'een geheim dat niemand raadt' })
    const token = client.cookies.get(sessionCookie) as string
    expect(token).toMatch(/^[a-z2-9]{24}\.[a-z2-9]{24}$/)
    const [id, secret] = token.split('.') as [string, string]
    const dump = dumpDatabase(database.sqlite)
    expect(dump).toContain(id)
    expect(dump).not.toContain(secret)
    expect(dump).not.toContain('een geheim dat niemand raadt')
    const row = database.sqlite.prepare('select password_hash from member where id = ?').get(member.id) as {
      password_hash: string
    }
    expect(row.password_hash).toMatch(/^\$argon2id\$/)
  })

  test('logout is a POST that ends the session on the server', async ({ app, database }) => {
    const member = await createTestMember(app)
    const client = await clientFor(app, member.id)
    expect((await client.get('/account')).statusCode).toBe(200)
    const response = await client.post('/logout', {}, { from: '/account' })
    expect(response.statusCode).toBe(303)
    expect(database.sqlite.prepare('select count(*) n from login_session').get()).toEqual({ n: 0 })
    expect((await client.get('/account')).statusCode).toBe(303)
    expect((await app.inject({ method: 'GET', url: '/logout' })).statusCode).toBe(404)
  })
})

describe('sessions', () => {
  test('are renewed when less than half of the 30 days remain, and refused once expired', async ({ app }) => {
    const member = await createTestMember(app)
    const start = new Date('2026-01-01T12:00:00Z')
    const { token } = await createSession(app.db, member.id, 'test', start)
    const day = 24 * 60 * 60 * 1000
    const early = await validateSessionToken(app.db, token, start.getTime() + 5 * day)
    expect(early?.renewed).toBe(false)
    const later = await validateSessionToken(app.db, token, start.getTime() + 20 * day)
    expect(later?.renewed).toBe(true)
    expect(new Date(later?.session.expires_at ?? 0).getTime()).toBe(
      start.getTime() + 20 * day + sessionLifetimeMs,
    )
    const expired = await validateSessionToken(app.db, token, start.getTime() + 60 * day)
    expect(expired).toBeNull()
    const rows = await app.db.selectFrom('login_session').selectAll().execute()
    expect(rows).toEqual([])
  })

  test('are refused with a tampered secret', async ({ app }) => {
    const member = await createTestMember(app)
    const { token } = await createSession(app.db, member.id, 'test')
    const [id] = token.split('.')
    expect(await validateSessionToken(app.db, `${id}.aaaaaaaaaaaaaaaaaaaaaaaa`)).toBeNull()
    expect(await validateSessionToken(app.db, `${id}`)).toBeNull()
    expect(await validateSessionToken(app.db, 'x.y.z')).toBeNull()
  })

  test('a session kept in memory is checked in full on every request', async ({ app }) => {
    const member = await createTestMember(app)
    const start = new Date('2026-01-01T12:00:00Z')
    const { token } = await createSession(app.db, member.id, 'test', start)
    const [id] = token.split('.')
    const known = await findKnownSession(app.db, id as string)
    const kept = () => known
    const day = 24 * 60 * 60 * 1000
    const first = await validateSessionToken(app.db, token, start.getTime() + 1000, kept)
    expect(first?.member.id).toBe(member.id)
    expect(known?.matchedSecret).not.toBeNull()
    // Once a secret has matched, another one must still fail, also one of the same length.
    expect(
      await validateSessionToken(app.db, `${id}.aaaaaaaaaaaaaaaaaaaaaaaa`, start.getTime(), kept),
    ).toBeNull()
    expect(await validateSessionToken(app.db, `${token}x`, start.getTime(), kept)).toBeNull()
    // Expiry is measured against the clock, not against when the session was kept.
    expect(await validateSessionToken(app.db, token, start.getTime() + 31 * day, kept)).toBeNull()
    expect(await app.db.selectFrom('login_session').selectAll().execute()).toEqual([])
  })

  test('a kept session follows a role change, a disabled account and a logout elsewhere', async ({
    app,
    client,
  }) => {
    const member = await createTestMember(app)
    const { token } = await createSession(app.db, member.id, 'test')
    client.cookies.set(sessionCookie, token)
    expect((await client.get('/account')).statusCode).toBe(200)
    expect((await client.get('/admin')).statusCode).toBe(403)
    await app.db.updateTable('member').set({ role: 'moderator' }).where('id', '=', member.id).execute()
    expect((await client.get('/admin')).statusCode).toBe(200)
    await app.db.updateTable('member').set({ status: 'disabled' }).where('id', '=', member.id).execute()
    expect((await client.get('/account')).statusCode).toBe(303)
    await app.db.updateTable('member').set({ status: 'active' }).where('id', '=', member.id).execute()
    const again = await createSession(app.db, member.id, 'test')
    client.cookies.set(sessionCookie, again.token)
    expect((await client.get('/account')).statusCode).toBe(200)
    await app.db.deleteFrom('login_session').where('member_id', '=', member.id).execute()
    expect((await client.get('/account')).statusCode).toBe(303)
  })

  test('a visitor with a stale cookie is treated as a visitor and the cookie is cleared', async ({
    app,
    client,
  }) => {
    await updateSiteSettings(app.db, { visibility: 'public' })
    client.cookies.set(sessionCookie, 'abc.def')
    const response = await client.get('/')
    expect(response.statusCode).toBe(200)
    expect(response.body).toContain('>Inloggen</a>')
    expect(client.cookies.has(sessionCookie)).toBe(false)
  })
})
