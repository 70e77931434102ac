// Recent changes (/changes): edits of wiki pages and of session texts, newest first, as far as the
// reader may see them.
import type { FastifyInstance } from 'fastify'
import { recentChangesQuery } from '../../src/changes/queries.js'
import {
  addBreakout,
  addIdea,
  createSession,
  deleteBreakout,
  findBreakout,
} from '../../src/sessions/queries.js'
import { updateSiteSettings } from '../../src/settings/queries.js'
import { emptyFields } from '../../src/wiki/fields.js'
import { createPage, updatePage } from '../../src/wiki/queries.js'
import { describe, expect, test } from '../helpers/app.js'
import { createTestThread } from '../helpers/forum.js'
import { TestClient } from '../helpers/http-client.js'
import { loggedIn } from '../helpers/members.js'
import { testSessionInput } from '../helpers/sessions.js'

const sessionInput = testSessionInput({ report: 'Verslag.' })

async function community(app: FastifyInstance) {
  const { member, client } = await loggedIn(app)
  const page = { kind: 'deal' as const, body: 'Eerste versie.', fields: emptyFields, summary: null }
  const created = await createPage(app.db, { ...page, title: 'City Deal Kennis', authorId: member.id })
  if (!created.ok) throw new Error('page')
  const published = await createSession(app.db, { ...sessionInput, status: 'published' }, member.id)
  await addBreakout(
    app.db,
    published.id,
    { title: 'Ruimte Noord', participants: [], notes: 'Notities.' },
    null,
  )
  await addIdea(app.db, published.id, { title: 'Vervolg over borging', description: 'Graag.' }, member.id)
  const draft = await createSession(
    app.db,
    { ...sessionInput, title: 'Geheim concept', status: 'draft' },
    null,
  )
  await addBreakout(app.db, draft.id, { title: 'Verborgen zaal', participants: [], notes: '' }, null)
  await addIdea(app.db, draft.id, { title: 'Verborgen idee', description: '' }, null)
  await createTestThread(app, { title: 'Een vraag die geen wijziging is', body: 'Tekst.' })
  await updatePage(app.db, created.id, 1, {
    ...page,
    title: 'City Deal Kennis',
    body: 'Tweede versie.',
    summary: 'bijgewerkt',
    authorId: member.id,
  })
  return { client, published }
}

describe('recent changes', () => {
  test('lists page and session edits newest first, each with the way to what changed', async ({ app }) => {
    const { client, published } = await community(app)
    const response = await client.get('/changes')
    expect(response.statusCode).toBe(200)
    const body = response.body
    const order = [
      'bijgewerkt',
      '>Vervolg over borging</a>',
      '>Ruimte Noord</a>',
      '>Resultaten borgen</a>',
      'nieuwe pagina',
    ]
    const places = order.map((text) => body.indexOf(text))
    expect(
      places.every((place) => place >= 0),
      JSON.stringify(places),
    ).toBe(true)
    expect(places).toEqual([...places].sort((a, b) => a - b))
    expect(body).toContain('href="/wiki/city-deal-kennis/diff?from=1&amp;to=2"')
    expect(body).toContain(`href="/sessions/${published.slug}/history#h-session-${published.id}"`)
    expect(body).toMatch(new RegExp(`href="/sessions/${published.slug}/history#h-breakout-\\d+"`))
    expect(body).toContain(`href="/sessions/${published.slug}#breakout-`)
    expect(body).toContain(`href="/sessions/${published.slug}#idea-`)
    expect(body).toContain('bij Resultaten borgen')
    // Posts have their history under each post, not here.
    expect(body).not.toContain('Een vraag die geen wijziging is')
  })

  test('a draft session’s texts only for moderators; visitors only on a public site', async ({ app }) => {
    await community(app)
    const { client: moderator } = await loggedIn(app, 'moderator')
    const { client: member } = await loggedIn(app)
    const forModerator = (await moderator.get('/changes')).body
    const forMember = (await member.get('/changes')).body
    // The draft itself, and the rooms and ideas in it.
    for (const title of ['Geheim concept', 'Verborgen zaal', 'Verborgen idee']) {
      expect(forModerator).toContain(title)
      expect(forMember).not.toContain(title)
    }

    const visitor = new TestClient(app)
    await updateSiteSettings(app.db, { visibility: 'members' })
    const refused = await visitor.get('/changes')
    expect(refused.statusCode).toBe(303)
    expect(refused.headers.location).toBe('/login?next=%2Fchanges')
    await updateSiteSettings(app.db, { visibility: 'public' })
    const open = await visitor.get('/changes')
    expect(open.body).toContain('Resultaten borgen')
    expect(open.body).not.toContain('Geheim concept')
  })

  test('the list in English names the session a room belongs to', async ({ app }) => {
    const { client } = await community(app)
    const english = await client.get('/changes', { 'accept-language': 'en' })
    expect(english.body).toContain('Recent changes')
    expect(english.body).toContain('in Resultaten borgen')
  })

  test('a deleted room leaves the list', async ({ app }) => {
    const { client, published } = await community(app)
    const room = await addBreakout(
      app.db,
      published.id,
      { title: 'Kamer die verdwijnt', participants: [], notes: '' },
      null,
    )
    expect((await client.get('/changes')).body).toContain('Kamer die verdwijnt')
    const row = await findBreakout(app.db, room)
    if (!row) throw new Error('room')
    await deleteBreakout(app.db, row)
    expect((await client.get('/changes')).body).not.toContain('Kamer die verdwijnt')
  })

  test('walks the index of page and session edits by date, without sorting', async ({ database }) => {
    // Every post writes revisions too: walking all revisions by date would pass each of them.
    const planOf = (before: { at: string; id: number } | null) => {
      const query = recentChangesQuery(database.db, { includeDrafts: false }, before, 51).compile()
      return database.sqlite
        .prepare(`explain query plan ${query.sql}`)
        .all(...(query.parameters as unknown[]))
        .map((step) => (step as { detail: string }).detail)
    }
    // From the newest (SCAN), or from where the previous page ended (SEARCH): along the index either way.
    const first = planOf(null)
    const later = planOf({ at: '2026-11-25T10:00:00.000Z', id: 1000 })
    expect(first[0]).toBe('SCAN revision USING INDEX revision_recent_texts')
    expect(later[0]).toMatch(/^SEARCH revision USING INDEX revision_recent_texts \(/)
    expect([...first, ...later].join('\n')).not.toContain('TEMP B-TREE')
  })

  test('pages on to older changes, each once', async ({ app }) => {
    const { member, client } = await loggedIn(app)
    const page = { kind: 'page' as const, body: '', fields: emptyFields, summary: null, authorId: member.id }
    for (let n = 1; n <= 55; n++) await createPage(app.db, { ...page, title: `Pagina nummer ${n}` })
    const first = await client.get('/changes')
    const older = /href="(\/changes\?before=[^"]+)"/.exec(first.body)?.[1]?.replaceAll('&amp;', '&')
    if (!older) throw new Error('no link to older changes')
    const second = await client.get(older)
    const titles = (html: string) => [...html.matchAll(/>(Pagina nummer \d+)<\/a>/g)].map((m) => m[1])
    expect(titles(first.body)).toHaveLength(50)
    expect(titles(second.body)).toHaveLength(5)
    expect(titles(first.body).at(0)).toBe('Pagina nummer 55')
    expect(titles(second.body).at(-1)).toBe('Pagina nummer 1')
    expect(new Set([...titles(first.body), ...titles(second.body)]).size).toBe(55)
    expect(second.body).not.toContain('href="/changes?before=')
    // A cursor that is not one is ignored: the first page.
    expect(titles((await client.get('/changes?before=gisteren')).body)).toHaveLength(50)
  })
})
