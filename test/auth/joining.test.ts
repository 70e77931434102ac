import { prepareSetupLink } from '../../src/auth/first-run.js'
import { createInvitation, createOneTimeToken, revokeInvitation } from '../../src/auth/queries.js'
import { updateSiteSettings } from '../../src/settings/queries.js'
import { describe, expect, test } from '../helpers/app.js'
import { TestClient } from '../helpers/http-client.js'
import { clientFor, createTestMember, loggedIn } from '../helpers/members.js'

const goodPassword = 'de trein naar zwolle rijdt'

describe('first-run setup', () => {
  test('the setup link creates the first admin once, and then stops working', async ({ app, client }) => {
    const path = (await prepareSetupLink(app.db)) as string
    expect(path).toMatch(/^\/setup\/[a-z2-9]{24}$/)
    const login = await client.get('/login')
    expect(login.body).toContain('Er is nog geen beheerder')
    expect((await client.get(path)).statusCode).toBe(200)
    const response = await client.post(
      path,
      {
        display_name: 'Anna',
        email: 'anna@voorbeeld.nl',
        password: goodPassword,
        password_confirm: goodPassword,
      },
      { from: path },
    )
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toBe('/admin')
    expect((await client.get('/admin')).statusCode).toBe(200)
    const again = await new TestClient(app).get(path)
    expect(again.statusCode).toBe(410)
    expect(again.body).toContain('Deze link werkt niet (meer)')
    expect(await prepareSetupLink(app.db)).toBeNull()
  })

  test('an expired setup link shows a clear page', async ({ app, client }) => {
    const token = await createOneTimeToken(
      app.db,
      { purpose: 'setup', memberId: null, createdBy: null, lifetimeMs: 1000 },
      new Date(Date.now() - 60_000),
    )
    const response = await client.get(`/setup/${token}`)
    expect(response.statusCode).toBe(410)
    expect(response.body).toContain('installatielink is al gebruikt of verlopen')
  })

  test('invalid input re-shows the form with the typed text and a message beside each field', async ({
    app,
    client,
  }) => {
    const path = (await prepareSetupLink(app.db)) as string
    const response = await client.post(
      path,
      { display_name: 'A', email: 'geen-adres', password: 'wachtwoord1234', password_confirm: 'x' },
      { from: path },
    )
    expect(response.statusCode).toBe(422)
    expect(response.body).toContain('value="A"')
    expect(response.body).toContain('value="geen-adres"')
    expect(response.body).toMatch(/id="f-display_name-error">Vul een naam in/)
    expect(response.body).toMatch(/id="f-email-error">Vul een geldig e-mailadres in/)
    expect(response.body).toMatch(/id="f-password-error">Dit wachtwoord wordt te vaak gebruikt/)
    expect(response.body).toContain('aria-invalid="true"')
    expect(response.body).not.toContain('wachtwoord1234')
  })
})

describe('invitations', () => {
  test('an admin invites; the invitee joins with the invited role and is logged in', async ({ app }) => {
    const { client: admin } = await loggedIn(app, 'admin')
    const created = await admin.post(
      '/admin/invitations',
      { role: 'moderator', email: 'bram@voorbeeld.nl', days: '14' },
      { from: '/admin/invitations' },
    )
    expect(created.statusCode).toBe(201)
    const link = /value="(http:\/\/[^"]+\/invite\/[a-z2-9]{24})"/.exec(created.body)?.[1] as string
    expect(link).toBeDefined()
    const path = new URL(link).pathname
    const invitee = new TestClient(app)
    const form = await invitee.get(path)
    expect(form.body).toContain('als moderator')
    expect(form.body).toContain('value="bram@voorbeeld.nl"')
    const wrongEmail = await invitee.post(path, {
      display_name: 'Bram',
      email: 'iemand@anders.nl',
      password: goodPassword,
      password_confirm: goodPassword,
    })
    expect(wrongEmail.statusCode).toBe(422)
    expect(wrongEmail.body).toContain('Deze uitnodiging is voor een ander e-mailadres.')
    const joined = await invitee.post(path, {
      display_name: 'Bram',
      email: 'bram@voorbeeld.nl',
      password: goodPassword,
      password_confirm: goodPassword,
    })
    expect(joined.statusCode).toBe(303)
    expect((await invitee.get('/admin')).statusCode).toBe(200)
    const member = await app.db
      .selectFrom('member')
      .selectAll()
      .where('email', '=', 'bram@voorbeeld.nl')
      .executeTakeFirst()
    expect(member?.role).toBe('moderator')
  })

  test('used, expired, revoked and unknown invitations each show a clear page', async ({ app, client }) => {
    const admin = await createTestMember(app, { role: 'admin' })
    const used = await createInvitation(app.db, {
      role: 'member',
      email: null,
      createdBy: admin.id,
      expiresInDays: 14,
    })
    await client.post(`/invite/${used.token}`, {
      display_name: 'Eerste',
      email: 'eerste@voorbeeld.nl',
      password: goodPassword,
      password_confirm: goodPassword,
    })
    const expired = await createInvitation(
      app.db,
      { role: 'member', email: null, createdBy: admin.id, expiresInDays: 1 },
      new Date(Date.now() - 3 * 86_400_000),
    )
    const revoked = await createInvitation(app.db, {
      role: 'member',
      email: null,
      createdBy: admin.id,
      expiresInDays: 14,
    })
    await revokeInvitation(app.db, revoked.id)
    const visitor = new TestClient(app)
    const cases = [
      [`/invite/${used.token}`, 410, 'al gebruikt'],
      [`/invite/${expired.token}`, 410, 'verlopen'],
      [`/invite/${revoked.token}`, 410, 'ingetrokken'],
      ['/invite/bestaatniet', 404, 'bestaat niet'],
    ] as const
    for (const [path, status, text] of cases) {
      const page = await visitor.get(path)
      expect(page.statusCode, path).toBe(status)
      expect(page.body).toContain(text)
      expect(page.body).not.toContain('name="password"')
      const post = await visitor.post(path, {
        display_name: 'Tweede',
        email: 'tweede@voorbeeld.nl',
        password: goodPassword,
        password_confirm: goodPassword,
      })
      expect(post.statusCode).toBe(status)
    }
    const count = await app.db.selectFrom('member').select(app.db.fn.countAll().as('n')).executeTakeFirst()
    expect(Number(count?.n)).toBe(2)
  })

  test('a moderator may invite members only: the server refuses other roles', async ({ app }) => {
    const { client } = await loggedIn(app, 'moderator')
    const page = await client.get('/admin/invitations')
    expect(page.body).not.toContain('value="admin"')
    const refused = await client.post('/admin/invitations', { role: 'admin', email: '', days: '14' })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('Kies een van de mogelijkheden.')
    const rows = await app.db.selectFrom('invitation').selectAll().execute()
    expect(rows).toEqual([])
    const allowed = await client.post('/admin/invitations', { role: 'member', email: '', days: '7' })
    expect(allowed.statusCode).toBe(201)
  })

  test('an open invitation is listed and can be revoked; the token is stored only as a hash', async ({
    app,
  }) => {
    const { client } = await loggedIn(app, 'admin')
    const created = await client.post('/admin/invitations', {
      role: 'member',
      email: 'x@voorbeeld.nl',
      days: '3',
    })
    const token = /\/invite\/([a-z2-9]{24})/.exec(created.body)?.[1] as string
    const rows = await app.db.selectFrom('invitation').selectAll().execute()
    expect(JSON.stringify(rows)).not.toContain(token)
    const list = await client.get('/admin/invitations')
    expect(list.body).toContain('x@voorbeeld.nl')
    const id = rows[0]?.id
    const revoked = await client.post(`/admin/invitations/${id}/revoke`, {})
    expect(revoked.statusCode).toBe(303)
    expect((await client.get('/admin/invitations')).body).toContain('Er zijn geen open uitnodigingen.')
    expect((await new TestClient(app).get(`/invite/${token}`)).statusCode).toBe(410)
  })
})

describe('open registration with approval', () => {
  test('is off by default, and when on, a moderator approves before the applicant can log in', async ({
    app,
  }) => {
    const visitor = new TestClient(app)
    expect((await visitor.get('/register')).statusCode).toBe(404)
    await updateSiteSettings(app.db, { registration: 'approval' })
    const applied = await visitor.post(
      '/register',
      {
        display_name: 'Dirk',
        email: 'dirk@voorbeeld.nl',
        password: goodPassword,
        password_confirm: goodPassword,
      },
      { from: '/register' },
    )
    expect(applied.statusCode).toBe(303)
    const early = await visitor.post('/login', { email: 'dirk@voorbeeld.nl', password: goodPassword })
    expect(early.statusCode).toBe(401)
    expect(early.body).toContain('wacht nog op goedkeuring')
    const { client: moderator } = await loggedIn(app, 'moderator')
    const list = await moderator.get('/admin/registrations')
    expect(list.body).toContain('dirk@voorbeeld.nl')
    const id = /\/admin\/registrations\/(\d+)\/approve/.exec(list.body)?.[1]
    expect((await moderator.post(`/admin/registrations/${id}/approve`, {})).statusCode).toBe(303)
    const later = await visitor.post('/login', { email: 'dirk@voorbeeld.nl', password: goodPassword })
    expect(later.statusCode).toBe(303)
  })
})

describe('password reset links', () => {
  test('an admin makes a one-time link; using it sets the password and ends other sessions', async ({
    app,
  }) => {
    const { client: admin } = await loggedIn(app, 'admin')
    const target = await createTestMember(app)
    const otherDevice = await clientFor(app, target.id)
    const made = await admin.post(`/admin/members/${target.id}/reset-link`, {}, { from: '/admin/members' })
    expect(made.statusCode).toBe(201)
    const path = new URL(/value="(http[^"]+\/reset\/[a-z2-9]{24})"/.exec(made.body)?.[1] as string).pathname
    const person = new TestClient(app)
    const mismatch = await person.post(
      path,
      { password: goodPassword, password_confirm: 'iets anders' },
      { from: path },
    )
    expect(mismatch.statusCode).toBe(422)
    expect(mismatch.body).toContain('De twee wachtwoorden zijn niet gelijk.')
    const done = await person.post(
      path,
      { password: goodPassword, password_confirm: goodPassword },
      { from: path },
    )
    expect(done.statusCode).toBe(303)
    expect((await otherDevice.get('/account')).statusCode).toBe(303)
    expect((await person.get('/account')).statusCode).toBe(200)
    expect((await new TestClient(app).get(path)).statusCode).toBe(410)
    const login = await new TestClient(app).post('/login', { email: target.email, password: goodPassword })
    expect(login.statusCode).toBe(303)
  })
})
