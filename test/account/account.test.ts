import { sessionCookie } from '../../src/auth/auth-plugin.js'
import { createInvitation } from '../../src/auth/queries.js'
import { createSession } from '../../src/auth/sessions.js'
import { describe, expect, test } from '../helpers/app.js'
import { TestClient } from '../helpers/http-client.js'
import { clientFor, createTestMember, dumpDatabase, loggedIn, testPassword } from '../helpers/members.js'

const newPassword = 'een nieuwe zin voor later'

describe('account page', () => {
  test('needs a login; a visitor is sent to the login page and back', async ({ client }) => {
    const response = await client.get('/account')
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toBe('/login?next=%2Faccount')
  })

  test('names each login session by its browser and system, or by what the browser sent', async ({ app }) => {
    const member = await createTestMember(app)
    const firefox = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0'
    const { token } = await createSession(app.db, member.id, firefox)
    await createSession(app.db, member.id, 'curl/8.5.0 <script>alert(1)</script>')
    await createSession(app.db, member.id, undefined)
    const client = new TestClient(app)
    client.cookies.set(sessionCookie, token)
    const page = await client.get('/account')
    expect(page.body).toContain('Firefox op Windows <strong class="tag">dit apparaat</strong>')
    expect(page.body).toContain('aria-label="Uitloggen op dit apparaat: Firefox op Windows"')
    expect(page.body).toContain('curl/8.5.0 &lt;script&gt;alert(1)&lt;/script&gt;')
    expect(page.body).not.toContain('<script>alert(1)')
    expect(page.body).toContain('Onbekend apparaat')
    const english = await client.get('/account', { 'accept-language': 'en' })
    expect(english.body).toContain('Firefox on Windows')
  })

  test('saves name and language, and keeps the typed text when invalid', async ({ app }) => {
    const { client } = await loggedIn(app)
    const invalid = await client.post(
      '/account/profile',
      { display_name: 'X'.repeat(81), locale: 'en' },
      { from: '/account' },
    )
    expect(invalid.statusCode).toBe(422)
    expect(invalid.body).toContain(`value="${'X'.repeat(81)}"`)
    expect(invalid.body).toContain('Gebruik voor uw naam hoogstens 80 tekens.')
    const saved = await client.post('/account/profile', { display_name: 'Eva de Vries', locale: 'en' })
    expect(saved.statusCode).toBe(303)
    const page = await client.get('/account', { 'accept-language': 'nl' })
    expect(page.body).toContain('<html lang="en">')
    expect(page.body).toContain('Logged in as Eva de Vries')
  })

  test('the language switch stores a member’s choice on the account', async ({ app }) => {
    const { client, member } = await loggedIn(app)
    await client.post('/language', { locale: 'en', next: '/account' })
    const row = await app.db
      .selectFrom('member')
      .select('locale')
      .where('id', '=', member.id)
      .executeTakeFirst()
    expect(row?.locale).toBe('en')
  })

  test('a password change needs the current password and ends the other sessions', async ({ app }) => {
    const member = await createTestMember(app)
    const here = await clientFor(app, member.id)
    const elsewhere = await clientFor(app, member.id)
    const wrong = await here.post(
      '/account/password',
      { current_password: 'not it at all!!', password: newPassword, password_confirm: newPassword },
      { from: '/account' },
    )
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('Het huidige wachtwoord klopt niet.')
    const changed = await here.post('/account/password', {
      current_password: testPassword,
      password: newPassword,
      password_confirm: newPassword,
    })
    expect(changed.statusCode).toBe(303)
    expect((await here.get('/account')).statusCode).toBe(200)
    expect((await elsewhere.get('/account')).statusCode).toBe(303)
    const login = await new TestClient(app).post('/login', { email: member.email, password: newPassword })
    expect(login.statusCode).toBe(303)
  })

  test('lists active sessions; one can be ended, or all at once', async ({ app }) => {
    const member = await createTestMember(app)
    const here = await clientFor(app, member.id)
    const elsewhere = await clientFor(app, member.id)
    const page = await here.get('/account')
    const ids = [...page.body.matchAll(/\/account\/sessions\/([a-z2-9]+)\/revoke/g)].map((m) => m[1])
    expect(ids).toHaveLength(2)
    expect(page.body).toContain('dit apparaat')
    const other = ids.find((id) => !here.cookies.get('session')?.startsWith(`${id}.`))
    expect((await here.post(`/account/sessions/${other}/revoke`, {})).statusCode).toBe(303)
    expect((await elsewhere.get('/account')).statusCode).toBe(303)
    const again = await clientFor(app, member.id)
    expect((await here.post('/account/sessions/revoke-all', {})).headers.location).toBe('/login')
    expect((await here.get('/account')).statusCode).toBe(303)
    expect((await again.get('/account')).statusCode).toBe(303)
  })

  test('a member cannot end someone else’s session', async ({ app }) => {
    const { client: mallory } = await loggedIn(app)
    const victim = await createTestMember(app)
    const victimClient = await clientFor(app, victim.id)
    const victimSession = (victimClient.cookies.get('session') as string).split('.')[0]
    await mallory.post(`/account/sessions/${victimSession}/revoke`, {})
    expect((await victimClient.get('/account')).statusCode).toBe(200)
  })
})

describe('download my data', () => {
  test('contains the member’s account data, sessions and invitations, and no secrets', async ({ app }) => {
    const member = await createTestMember(app, {
      role: 'moderator',
      email: 'mo@voorbeeld.nl',
      name: 'Mo Derator',
    })
    const client = await clientFor(app, member.id)
    await createInvitation(app.db, {
      role: 'member',
      email: 'gast@voorbeeld.nl',
      createdBy: member.id,
      expiresInDays: 3,
    })
    const response = await client.get('/account/export')
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toContain('application/json')
    expect(response.headers['content-disposition']).toMatch(
      /attachment; filename="leerplein-mijn-gegevens-\d{4}-\d{2}-\d{2}\.json"/,
    )
    // The file is named in the reader's language.
    const english = await client.get('/account/export', { 'accept-language': 'en' })
    expect(english.headers['content-disposition']).toMatch(
      /filename="leerplein-my-data-\d{4}-\d{2}-\d{2}\.json"/,
    )
    const texts = await client.get('/account/export?format=md', { 'accept-language': 'en' })
    expect(texts.headers['content-disposition']).toMatch(
      /filename="leerplein-my-texts-\d{4}-\d{2}-\d{2}\.md"/,
    )
    const data = response.json()
    expect(data.format).toBe('leerplein-member-export')
    expect(data.member).toMatchObject({
      email: 'mo@voorbeeld.nl',
      display_name: 'Mo Derator',
      role: 'moderator',
    })
    expect(data.loginSessions).toHaveLength(1)
    expect(data.invitationsMade[0]).toMatchObject({ role: 'member', email: 'gast@voorbeeld.nl' })
    expect(response.body).not.toMatch(/argon2|password_hash|secret_hash|token_hash/)
  })
})

describe('delete my account', () => {
  test('needs the password and a confirmation, then leaves no email or name in any table', async ({
    app,
    database,
  }) => {
    const admin = await createTestMember(app, { role: 'admin' })
    const member = await createTestMember(app, { email: 'zoe.verdwijnt@voorbeeld.nl', name: 'Zoë Verdwijnt' })
    const client = await clientFor(app, member.id)
    // Things that mention the member elsewhere: an invitation to their address, an admin action on them.
    await createInvitation(app.db, {
      role: 'member',
      email: 'zoe.verdwijnt@voorbeeld.nl',
      createdBy: admin.id,
      expiresInDays: 3,
    })
    const adminClient = await clientFor(app, admin.id)
    await adminClient.post(
      `/admin/members/${member.id}/role`,
      { role: 'moderator' },
      { from: '/admin/members' },
    )

    const unconfirmed = await client.post(
      '/account/delete',
      { delete_password: testPassword },
      { from: '/account' },
    )
    expect(unconfirmed.statusCode).toBe(422)
    expect(unconfirmed.body).toContain('Vink aan dat u uw account definitief wilt verwijderen.')
    const deleted = await client.post('/account/delete', { delete_password: testPassword, confirm: 'yes' })
    expect(deleted.statusCode).toBe(303)

    const dump = dumpDatabase(database.sqlite).toLowerCase()
    for (const personal of ['zoe.verdwijnt', 'zoë verdwijnt', 'verdwijnt'])
      expect(dump).not.toContain(personal)
    const row = await app.db.selectFrom('member').selectAll().where('id', '=', member.id).executeTakeFirst()
    expect(row).toMatchObject({ status: 'deleted', email: null, display_name: null, password_hash: null })
    expect((await client.get('/account')).statusCode).toBe(303)
    const login = await new TestClient(app).post('/login', { email: member.email, password: testPassword })
    expect(login.statusCode).toBe(401)
    // The audit log still reads, naming the deleted member as a former member.
    expect((await adminClient.get('/admin/audit')).body).toContain('oud-lid')
  })

  test('the only admin cannot delete their account', async ({ app }) => {
    const { client } = await loggedIn(app, 'admin')
    const response = await client.post(
      '/account/delete',
      { delete_password: testPassword, confirm: 'yes' },
      { from: '/account' },
    )
    expect(response.statusCode).toBe(422)
    expect(response.body).toContain('U bent de enige beheerder.')
  })
})
