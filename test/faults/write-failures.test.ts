// A database that cannot be written (read-only, full disk): the person gets a clear page with their
// text to copy, reading goes on, and /healthz says degraded until writes work again.
import { afterEach, describe, expect, test } from 'vitest'
import { createTestApp } from '../helpers/app.js'
import { TestClient } from '../helpers/http-client.js'
import { loggedIn } from '../helpers/members.js'

type TestApp = Awaited<ReturnType<typeof createTestApp>>
const opened: TestApp[] = []
afterEach(async () => {
  for (const { app, database } of opened.splice(0)) {
    await app.close()
    await database.close()
  }
})

async function open() {
  const created = await createTestApp()
  opened.push(created)
  return created
}

async function firstCategory({ database }: TestApp) {
  return (await database.db.selectFrom('category').select('id').executeTakeFirstOrThrow()).id
}

/** A question with text a person would hate to type twice, markup included. */
const question = {
  title: 'Hoe borgen we de afspraken?',
  kind: 'question',
  body: 'Eerste regel met <b>vet</b> & een [[Link]].\nTweede regel, lang uitgeschreven.',
}

describe('a read-only database', () => {
  test('members whose session is due for its hourly update still read', async () => {
    const t = await open()
    const { member, client } = await loggedIn(t.app)
    // A session last seen two hours ago: validating it would write.
    await t.database.db
      .updateTable('login_session')
      .set({ last_seen_at: new Date(Date.now() - 2 * 60 * 60 * 1000).toISOString() })
      .where('member_id', '=', member.id)
      .execute()
    t.database.sqlite.pragma('query_only = 1')
    const page = await client.get('/account')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(member.email)
    t.database.sqlite.pragma('query_only = 0')
  })

  test('a new thread gets a 503 page that gives the typed text back, and reading goes on', async () => {
    const t = await open()
    const { client } = await loggedIn(t.app)
    const categoryId = String(await firstCategory(t))
    t.database.sqlite.pragma('query_only = 1')

    const response = await client.post(
      '/threads',
      { ...question, category_id: categoryId, submission_key: crypto.randomUUID(), action: 'save' },
      { from: '/threads/new', headers: { referer: 'http://localhost:80/threads/new' } },
    )
    expect(response.statusCode).toBe(503)
    expect(response.body).toContain('<title>Niet opgeslagen · Leerplein</title>')
    expect(response.body).toContain('alleen worden gelezen')
    // The text comes back verbatim (escaped), each field in a read-only box with its label.
    expect(response.body).toMatch(/<label for="kept-\d">Titel<\/label>/)
    expect(response.body).toContain('>\nHoe borgen we de afspraken?</textarea>')
    expect(response.body).toContain(
      'Eerste regel met &lt;b&gt;vet&lt;/b&gt; &amp; een [[Link]].\nTweede regel, lang uitgeschreven.</textarea>',
    )
    expect(response.body).toMatch(/<textarea[^>]*readonly/)
    // Choices and form machinery are not text the person typed.
    expect(response.body).not.toMatch(/<label[^>]*>(kind|category_id|submission_key|_csrf)</)
    expect(response.body).toContain('href="/threads/new"')
    expect(response.body).not.toMatch(/SQLITE|readonly database/)

    expect((await client.get('/threads')).statusCode).toBe(200)
    const health = await client.get('/healthz')
    expect(health.statusCode).toBe(503)
    expect(health.json()).toEqual({ status: 'degraded', reason: 'database read-only' })

    t.database.sqlite.pragma('query_only = 0')
    const healed = await client.get('/healthz')
    expect(healed.statusCode).toBe(200)
    expect(healed.json()).toEqual({ status: 'ok' })
    const again = await client.post(
      '/threads',
      { ...question, category_id: categoryId, submission_key: crypto.randomUUID(), action: 'save' },
      { from: '/threads/new' },
    )
    expect(again.statusCode).toBe(303)
  })

  test('/healthz notices it before anyone tries to save, and leaves no trace when writable', async () => {
    const t = await open()
    const client = new TestClient(t.app)
    expect((await client.get('/healthz')).json()).toEqual({ status: 'ok' })
    const settings = await t.database.db.selectFrom('setting').selectAll().execute()
    expect(settings.map((s) => s.key)).not.toContain('health.write-probe')
    t.database.sqlite.pragma('query_only = 1')
    const response = await client.get('/healthz')
    expect(response.statusCode).toBe(503)
    expect(response.json()).toEqual({ status: 'degraded', reason: 'database read-only' })
  })

  test('passwords and form tokens are never echoed; the page is in the reader’s language', async () => {
    const t = await open()
    t.app.post('/test/write', { config: { access: 'always' } }, async () => {
      await t.app.db
        .insertInto('setting')
        .values({ key: 'x', value: 'y', updated_at: new Date().toISOString() })
        .execute()
      return 'saved'
    })
    t.database.sqlite.pragma('query_only = 1')
    const client = new TestClient(t.app, { 'accept-language': 'en' })
    await client.get('/privacy')
    const token = client.lastToken ?? ''
    const response = await client.post('/test/write', {
      _csrf: token,
      display_name: 'Anna',
      password: 'mijn geheime zin van vier woorden',
      new_password: 'nog een geheime zin',
      notes: 'Notities die blijven',
    })
    expect(response.statusCode).toBe(503)
    expect(response.body).toContain('<h1>Not saved</h1>')
    expect(response.body).toContain('Notities die blijven')
    expect(response.body).toMatch(/<label for="kept-\d">Name<\/label>/)
    expect(response.body).not.toContain('geheime zin')
    const kept = /<section class="kept-text"[\s\S]*?<\/section>/.exec(response.body)?.[0] ?? ''
    expect(kept).toContain('Notities die blijven')
    expect(kept).not.toContain(token)
  })
})

describe('a full database', () => {
  test('a wiki page gets the disk-full page with its text, and /healthz stays degraded until there is room', async () => {
    const t = await open()
    const { client } = await loggedIn(t.app)
    const pages = t.database.sqlite.pragma('page_count', { simple: true }) as number
    // No page may be added: what a full disk does to SQLite, without filling one.
    t.database.sqlite.pragma(`max_page_count = ${pages}`)
    const body = `Een lange tekst over de Regio Deal.\n${'Nog een alinea vol details. '.repeat(400)}`
    const response = await client.post(
      '/wiki',
      { title: 'Regio Deal Volle Schijf', kind: 'page', body, summary_line: '', action: 'save' },
      { from: '/wiki/new' },
    )
    expect(response.statusCode).toBe(503)
    expect(response.body).toContain('de schijf van de server is vol')
    expect(response.body).toContain(`>\n${body}</textarea>`)
    expect(response.body).toContain('>\nRegio Deal Volle Schijf</textarea>')

    // Nothing half written: the page and its revision went together.
    expect(await t.database.db.selectFrom('page').select('id').execute()).toEqual([])
    expect((await client.get('/wiki')).statusCode).toBe(200)
    const health = await client.get('/healthz')
    expect(health.statusCode).toBe(503)
    expect(health.json()).toEqual({ status: 'degraded', reason: 'database full' })

    t.database.sqlite.pragma('max_page_count = 1073741823')
    expect((await client.get('/healthz')).json()).toEqual({ status: 'ok' })
    const saved = await client.post(
      '/wiki',
      { title: 'Regio Deal Volle Schijf', kind: 'page', body, summary_line: '', action: 'save' },
      { from: '/wiki/new' },
    )
    expect(saved.statusCode).toBe(303)
  })
})

describe('other errors', () => {
  test('a failure that is not about writing stays the plain 500 page', async () => {
    const t = await open()
    t.app.get('/test/bug', { config: { access: 'always' } }, async () => {
      await t.app.db
        .selectFrom('no_such_table' as never)
        .selectAll()
        .execute()
    })
    const response = await new TestClient(t.app).get('/test/bug')
    expect(response.statusCode).toBe(500)
    expect(response.body).toContain('<h1>Er ging iets mis</h1>')
    expect((await new TestClient(t.app).get('/healthz')).statusCode).toBe(200)
  })
})
