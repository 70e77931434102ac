import { updateSiteSettings } from '../../src/settings/queries.js'
import { describe, expect, test } from '../helpers/app.js'
import { TestClient } from '../helpers/http-client.js'
import { clientFor, createTestMember, loggedIn } from '../helpers/members.js'

describe('members administration', () => {
  test('a role change is applied and written to the audit log', async ({ app }) => {
    const { client: admin, member: actor } = await loggedIn(app, 'admin')
    const target = await createTestMember(app, { name: 'Jet Jansen' })
    const response = await admin.post(
      `/admin/members/${target.id}/role`,
      { role: 'moderator' },
      { from: '/admin/members' },
    )
    expect(response.statusCode).toBe(303)
    const row = await app.db
      .selectFrom('member')
      .select('role')
      .where('id', '=', target.id)
      .executeTakeFirst()
    expect(row?.role).toBe('moderator')
    const entries = await app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'member.role')
      .execute()
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({
      actor_id: actor.id,
      target_type: 'member',
      target_id: String(target.id),
    })
    expect(JSON.parse(entries[0]?.detail ?? '{}')).toEqual({ from: 'member', to: 'moderator' })
    const audit = await admin.get('/admin/audit')
    expect(audit.body).toContain('Rol gewijzigd')
    expect(audit.body).toContain('Jet Jansen')
    expect(audit.body).toContain('van lid naar moderator')
  })

  test('disabling a member ends their sessions at once, refuses their login, and is audited', async ({
    app,
  }) => {
    const { client: admin } = await loggedIn(app, 'admin')
    const target = await createTestMember(app)
    const targetClient = await clientFor(app, target.id)
    expect((await targetClient.get('/account')).statusCode).toBe(200)
    expect(
      (await admin.post(`/admin/members/${target.id}/disable`, {}, { from: '/admin/members' })).statusCode,
    ).toBe(303)
    expect((await targetClient.get('/account')).statusCode).toBe(303)
    const sessions = await app.db
      .selectFrom('login_session')
      .selectAll()
      .where('member_id', '=', target.id)
      .execute()
    expect(sessions).toEqual([])
    const login = await new TestClient(app).post('/login', { email: target.email, password: target.password })
    expect(login.statusCode).toBe(401)
    expect(login.body).toContain('Dit account is geblokkeerd.')
    const audit = await app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'member.disable')
      .execute()
    expect(audit).toHaveLength(1)
    expect((await admin.post(`/admin/members/${target.id}/enable`, {})).statusCode).toBe(303)
    const again = await new TestClient(app).post('/login', { email: target.email, password: target.password })
    expect(again.statusCode).toBe(303)
  })

  test('the last admin can be neither demoted nor disabled', async ({ app }) => {
    const { client, member } = await loggedIn(app, 'admin')
    await client.post(`/admin/members/${member.id}/role`, { role: 'member' }, { from: '/admin/members' })
    const row = await app.db
      .selectFrom('member')
      .select('role')
      .where('id', '=', member.id)
      .executeTakeFirst()
    expect(row?.role).toBe('admin')
    expect((await client.get('/admin/members')).body).toContain('minstens één actieve beheerder')
  })

  test('searches by name or email; % and _ are matched literally', async ({ app }) => {
    const { client } = await loggedIn(app, 'admin')
    await createTestMember(app, { name: 'Kees Kaas', email: 'kees@gouda.nl' })
    await createTestMember(app, { name: 'Lies Lek', email: 'lies@lekstreek.nl' })
    const byName = await client.get('/admin/members?q=kaas')
    expect(byName.body).toContain('kees@gouda.nl')
    expect(byName.body).not.toContain('lies@lekstreek.nl')
    expect((await client.get('/admin/members?q=lekstreek')).body).toContain('Lies Lek')
    expect((await client.get('/admin/members?q=%25')).body).toContain('Geen leden gevonden.')
    const injection = await client.get(`/admin/members?q=${encodeURIComponent("' or 1=1 --")}`)
    expect(injection.statusCode).toBe(200)
    expect(injection.body).toContain('Geen leden gevonden.')
  })
})

describe('site settings', () => {
  test('an admin changes name, visibility and language; invalid values re-show the form', async ({ app }) => {
    const { client } = await loggedIn(app, 'admin')
    const invalid = await client.post(
      '/admin/settings',
      { site_name: 'X', visibility: 'everyone', registration: 'invitation', default_locale: '' },
      { from: '/admin/settings' },
    )
    expect(invalid.statusCode).toBe(422)
    expect(invalid.body).toContain('value="X"')
    expect(invalid.body).toContain('Gebruik voor de naam 2 tot 80 tekens.')
    const saved = await client.post('/admin/settings', {
      site_name: 'CoP City Deals',
      visibility: 'public',
      registration: 'approval',
      default_locale: 'en',
    })
    expect(saved.statusCode).toBe(303)
    const visitor = await new TestClient(app).get('/', { 'accept-language': 'de' })
    expect(visitor.statusCode).toBe(200)
    expect(visitor.body).toContain('<title>Home · CoP City Deals</title>')
    expect(visitor.body).toContain('<html lang="en">')
    const audit = await app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'settings.update')
      .execute()
    expect(audit).toHaveLength(1)
  })

  test('in a closed community a visitor sees only login, accessibility and privacy', async ({ app }) => {
    const visitor = new TestClient(app)
    expect((await visitor.get('/')).headers.location).toBe('/login?next=%2F')
    for (const path of ['/login', '/toegankelijkheid', '/privacy']) {
      const page = await visitor.get(path)
      expect(page.statusCode, path).toBe(200)
      expect(page.body).not.toContain('>Wiki</a>')
    }
    await updateSiteSettings(app.db, { visibility: 'public' })
    const open = await visitor.get('/')
    expect(open.statusCode).toBe(200)
    expect(open.body).toContain('>Wiki</a>')
  })
})
