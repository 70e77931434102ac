// Sessions over HTTP as they age, their cleanup, the per-address login limit and the password ceiling.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { vi } from 'vitest'
import { sessionCookie } from '../../src/auth/auth-plugin.js'
import { createInvitation } from '../../src/auth/queries.js'
import { createSession, deleteExpiredSessions, sessionLifetimeMs } from '../../src/auth/sessions.js'
import { openDatabase } from '../../src/db/database.js'
import { createTestApp, describe, expect, test } from '../helpers/app.js'
import { TestClient } from '../helpers/http-client.js'
import { createTestMember } from '../helpers/members.js'

const day = 24 * 60 * 60 * 1000

function sessionSetCookie(response: { headers: Record<string, unknown> }): string | undefined {
  const header = response.headers['set-cookie']
  const all = Array.isArray(header) ? header : header ? [String(header)] : []
  return all.find((cookie) => cookie.startsWith(`${sessionCookie}=`))
}

describe('session renewal over HTTP', () => {
  test('a session with less than half its time left is extended and its cookie sent again', async ({
    app,
  }) => {
    const member = await createTestMember(app)
    const started = new Date(Date.now() - 20 * day)
    const { token } = await createSession(app.db, member.id, 'vitest', started)
    const client = new TestClient(app)
    client.cookies.set(sessionCookie, token)
    const before = Date.now()
    const response = await client.get('/account')
    expect(response.statusCode).toBe(200)
    const cookie = sessionSetCookie(response)
    expect(cookie, 'the renewed cookie').toBeDefined()
    expect(cookie).toContain(`${sessionCookie}=${token};`)
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    expect(cookie).not.toMatch(/Secure/i)
    const expires = Date.parse(/Expires=([^;]+)/i.exec(cookie as string)?.[1] ?? '')
    // Cookie dates have whole seconds.
    expect(expires).toBeGreaterThanOrEqual(before + sessionLifetimeMs - 1000)
    expect(expires).toBeLessThanOrEqual(Date.now() + sessionLifetimeMs)
    const row = await app.db
      .selectFrom('login_session')
      .select('expires_at')
      .where('id', '=', token.split('.')[0] as string)
      .executeTakeFirstOrThrow()
    expect(Date.parse(row.expires_at)).toBeGreaterThanOrEqual(before + sessionLifetimeMs)
  })

  test('a session with more than half its time left is not sent again', async ({ app }) => {
    const member = await createTestMember(app)
    const { token } = await createSession(app.db, member.id, 'vitest', new Date(Date.now() - 5 * day))
    const client = new TestClient(app)
    client.cookies.set(sessionCookie, token)
    const response = await client.get('/account')
    expect(response.statusCode).toBe(200)
    expect(sessionSetCookie(response)).toBeUndefined()
  })
})

describe('a session kept in memory between requests', () => {
  const kept = async (app: FastifyInstance, client: TestClient, started: number) => {
    const member = await createTestMember(app)
    const { token } = await createSession(app.db, member.id, 'vitest', new Date(started))
    client.cookies.set(sessionCookie, token)
    return { member, id: token.split('.')[0] as string }
  }
  const lastSeen = async (app: FastifyInstance, id: string) =>
    (
      await app.db
        .selectFrom('login_session')
        .select('last_seen_at')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).last_seen_at

  test('is renewed once it passes half its life, though it was seen a minute ago', async ({
    app,
    client,
  }) => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      const start = Date.now()
      await kept(app, client, start - 15 * day + 60_000)
      const fresh = await client.get('/account')
      expect(fresh.statusCode).toBe(200)
      expect(sessionSetCookie(fresh)).toBeUndefined()
      vi.setSystemTime(start + 2 * 60_000)
      expect(sessionSetCookie(await client.get('/account')), 'renewed').toBeDefined()
      expect(sessionSetCookie(await client.get('/account')), 'once').toBeUndefined()
      vi.setSystemTime(start + 31 * day)
      expect((await client.get('/account')).statusCode).toBe(303)
    } finally {
      vi.useRealTimers()
    }
  })

  test('records being seen after an hour, not on every request', async ({ app, client }) => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      const start = Date.now()
      const { id } = await kept(app, client, start)
      const created = await lastSeen(app, id)
      vi.setSystemTime(start + 30 * 60_000)
      expect((await client.get('/account')).statusCode).toBe(200)
      expect(await lastSeen(app, id)).toBe(created)
      vi.setSystemTime(start + 61 * 60_000)
      expect((await client.get('/account')).statusCode).toBe(200)
      expect(await lastSeen(app, id)).toBe(new Date(start + 61 * 60_000).toISOString())
    } finally {
      vi.useRealTimers()
    }
  })

  test('follows a member disabled by another process (the CLI)', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'leerplein-kept-')), 'db.sqlite')
    const { app, database } = await createTestApp({}, file)
    try {
      const client = new TestClient(app)
      const { member } = await kept(app, client, Date.now())
      expect((await client.get('/account')).statusCode).toBe(200)
      const cli = openDatabase(file)
      await cli.db.updateTable('member').set({ status: 'disabled' }).where('id', '=', member.id).execute()
      await cli.close()
      // Another process's writes are looked for at most once a millisecond.
      await new Promise((resolve) => setTimeout(resolve, 5))
      expect((await client.get('/account')).statusCode).toBe(303)
    } finally {
      await app.close()
      await database.close()
    }
  })

  test('gives every request of the session the same member, which cannot be changed', async ({
    app,
    client,
  }) => {
    const seen: unknown[] = []
    app.addHook('preHandler', async (request) => {
      if (request.member) seen.push(request.member)
    })
    await kept(app, client, Date.now())
    await client.get('/account')
    await client.get('/account')
    expect(seen).toHaveLength(2)
    expect(seen[0]).toBe(seen[1])
    expect(Object.isFrozen(seen[0])).toBe(true)
  })
})

describe('expired-session cleanup', () => {
  test('deletes expired sessions only and says how many', async ({ app }) => {
    const member = await createTestMember(app)
    const now = new Date('2026-06-01T12:00:00Z')
    const ago = (days: number) => new Date(now.getTime() - days * day)
    const expiredLongAgo = await createSession(app.db, member.id, 'a', ago(90))
    const expiredJustNow = await createSession(
      app.db,
      member.id,
      'b',
      new Date(now.getTime() - sessionLifetimeMs),
    )
    const fresh = await createSession(app.db, member.id, 'c', ago(1))
    const almostOver = await createSession(
      app.db,
      member.id,
      'd',
      new Date(now.getTime() - sessionLifetimeMs + 1000),
    )
    expect(await deleteExpiredSessions(app.db, now)).toBe(2)
    const left = (await app.db.selectFrom('login_session').select('id').execute()).map((r) => r.id).sort()
    const idOf = (s: { token: string }) => s.token.split('.')[0] as string
    expect(left).toEqual([idOf(fresh), idOf(almostOver)].sort())
    expect(left).not.toContain(idOf(expiredLongAgo))
    expect(left).not.toContain(idOf(expiredJustNow))
    expect(await deleteExpiredSessions(app.db, now)).toBe(0)
  })
})

describe('login limit per address', () => {
  test('the 31st failed login from one address in 15 minutes gets 429 with Retry-After', async ({
    app,
    client,
  }) => {
    const member = await createTestMember(app)
    await client.get('/login')
    // Six addresses tried five times each: under the per-email limit, but 30 from this address.
    for (let attempt = 0; attempt < 30; attempt++) {
      const response = await client.post('/login', {
        email: `gok${attempt % 6}@voorbeeld.nl`,
        password: `verkeerd wachtwoord ${attempt}`,
      })
      expect(response.statusCode, `attempt ${attempt + 1}`).toBe(401)
    }
    // Now even the right password for an account nobody guessed at is refused from here.
    const blocked = await client.post('/login', { email: member.email, password: member.password })
    expect(blocked.statusCode).toBe(429)
    const retryAfter = Number(blocked.headers['retry-after'])
    expect(retryAfter).toBeGreaterThan(14 * 60)
    expect(retryAfter).toBeLessThanOrEqual(15 * 60)
    expect(blocked.body).toContain('<h1>Te veel pogingen</h1>')
    expect(blocked.body).toMatch(/Probeer het over 15 minuten opnieuw/)
    expect(sessionSetCookie(blocked)).toBeUndefined()
  })
})

describe('password length ceiling', () => {
  test('257 characters are refused beside the field; 256 are accepted', async ({ app }) => {
    const admin = await createTestMember(app, { role: 'admin' })
    const tooLong = 'lang wachtwoord '.repeat(17).slice(0, 257)
    expect(tooLong).toHaveLength(257)
    const { token } = await createInvitation(app.db, {
      role: 'member',
      email: null,
      createdBy: admin.id,
      expiresInDays: 1,
    })
    const path = `/invite/${token}`
    const visitor = new TestClient(app)
    const refused = await visitor.post(
      path,
      {
        display_name: 'Lange Lies',
        email: 'lies@voorbeeld.nl',
        password: tooLong,
        password_confirm: tooLong,
      },
      { from: path },
    )
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain(
      '<p class="field-error" id="f-password-error">Het wachtwoord mag hoogstens 256 tekens lang zijn.</p>',
    )
    expect(refused.body).toMatch(/<input id="f-password"[^>]*aria-describedby="[^"]*f-password-error"/)
    expect(refused.body).not.toContain(tooLong)
    const fits = tooLong.slice(0, 256)
    const accepted = await visitor.post(
      path,
      { display_name: 'Lange Lies', email: 'lies@voorbeeld.nl', password: fits, password_confirm: fits },
      { from: path },
    )
    expect(accepted.statusCode).toBe(303)
  })
})
