// Forged requests against routes that change the database: each is refused with the 403 page and the
// row stays as it was. (test/http/errors.test.ts covers the language switch, which only sets a cookie.)
import type { FastifyInstance } from 'fastify'
import { describe, expect, test } from '../helpers/app.js'
import type { Form, TestClient } from '../helpers/http-client.js'
import { clientFor, createTestMember } from '../helpers/members.js'

type Forgery = [name: string, form: Form, headers: Record<string, string>]

const forgeries: Forgery[] = [
  ['no form token', { _csrf: '' }, {}],
  ['an invalid form token', { _csrf: 'nagemaakt-token-123' }, {}],
  ['a valid token but an Origin of another site', {}, { origin: 'https://kwaadwillend.example' }],
  ['a valid token but Sec-Fetch-Site cross-site', {}, { 'sec-fetch-site': 'cross-site' }],
  ['a valid token but an opaque Origin', {}, { origin: 'null' }],
]

function expectRefused(response: Awaited<ReturnType<TestClient['post']>>) {
  expect(response.statusCode).toBe(403)
  expect(response.body).toContain('<h1>Geen toegang</h1>')
  expect(response.body).toContain('Er is niets gewijzigd')
}

async function memberRow(app: FastifyInstance, id: number) {
  return app.db
    .selectFrom('member')
    .select(['role', 'display_name', 'locale', 'updated_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
}

async function auditCount(app: FastifyInstance) {
  const row = await app.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

describe('forged requests that would change the database', () => {
  test.for(forgeries)(
    'an admin’s role change with %s is refused; role and audit log stay',
    async ([, forged, headers], { app }) => {
      const admin = await createTestMember(app, { role: 'admin' })
      const target = await createTestMember(app)
      const client = await clientFor(app, admin.id)
      const before = await memberRow(app, target.id)
      const audits = await auditCount(app)
      const response = await client.post(
        `/admin/members/${target.id}/role`,
        { ...forged, role: 'admin' },
        { from: '/admin/members', headers },
      )
      expectRefused(response)
      expect(await memberRow(app, target.id)).toEqual(before)
      expect(await auditCount(app)).toBe(audits)
      // The same request made properly goes through, so the refusal above was the forgery's doing.
      const real = await client.post(
        `/admin/members/${target.id}/role`,
        { role: 'moderator' },
        { from: '/admin/members' },
      )
      expect(real.statusCode).toBe(303)
      expect((await memberRow(app, target.id)).role).toBe('moderator')
    },
  )

  test.for(forgeries)(
    'a profile change with %s is refused; name and language stay',
    async ([, forged, headers], { app }) => {
      const member = await createTestMember(app, { name: 'Echte Naam' })
      const client = await clientFor(app, member.id)
      const before = await memberRow(app, member.id)
      const response = await client.post(
        '/account/profile',
        { ...forged, display_name: 'Gekaapt', locale: 'en' },
        { from: '/account', headers },
      )
      expectRefused(response)
      expect(await memberRow(app, member.id)).toEqual(before)
      expect((await client.get('/account')).body).toContain('value="Echte Naam"')
    },
  )
})
