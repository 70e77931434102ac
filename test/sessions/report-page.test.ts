// The session page's list of the deals, people and themes a session mentions, and moving break-out
// rooms up and down.
import type { FastifyInstance } from 'fastify'
import { readContentVersion } from '../../src/cache/content-version.js'
import { addBreakout, addIdea, createSession } from '../../src/sessions/queries.js'
import { updateSiteSettings } from '../../src/settings/queries.js'
import { emptyFields, type PageKind } from '../../src/wiki/fields.js'
import { createPage, findPageBySlug, updatePage } from '../../src/wiki/queries.js'
import { describe, expect, test } from '../helpers/app.js'
import { TestClient } from '../helpers/http-client.js'
import { loggedIn } from '../helpers/members.js'
import { testSessionInput } from '../helpers/sessions.js'

const base = testSessionInput()

async function page(app: FastifyInstance, title: string, kind: PageKind) {
  const saved = await createPage(app.db, {
    title,
    kind,
    body: '',
    fields: emptyFields,
    summary: null,
    authorId: null,
  })
  if (!saved.ok) throw new Error(title)
}

/** The mentions section as { heading: [[title, href, missing]] }, in the order the page shows them. */
function mentions(html: string) {
  const section = /<section id="mentions"[\s\S]*?<\/section>/.exec(html)?.[0]
  if (!section) return null
  const groups: Record<string, [string, string, boolean][]> = {}
  for (const [, heading, list] of section.matchAll(/<dt>([^<]*)<\/dt><dd>([\s\S]*?)<\/dd>/g)) {
    groups[heading as string] = [
      ...(list as string).matchAll(/<a class="([^"]*)" href="([^"]*)">([^<]*)/g),
    ].map(([, cls, href, title]) => [
      title as string,
      href as string,
      (cls as string).includes('wikilink--missing'),
    ])
  }
  return { groups, text: section }
}

describe('the deals, people and themes a session mentions', () => {
  test('lists every page the report, break-outs, ideas and fields link to, once, by kind', async ({
    app,
  }) => {
    await page(app, 'City Deal Testdeal', 'deal')
    await page(app, 'Oude Naam Deal', 'deal')
    await page(app, 'Inge Inspirator', 'person')
    await page(app, 'Gemeente Zwolle', 'organisation')
    await page(app, 'Borgen', 'theme')
    await page(app, 'Werkwijze', 'page')
    const session = await createSession(
      app.db,
      {
        ...base,
        report:
          'Over [[City Deal Testdeal]], [[Oude Naam Deal|de oude deal]] en [[Werkwijze#Stappen]]; [[Nog Geen Pagina]].',
        tags: {
          moderator: ['Mo Moderator'],
          speaker: ['Inge Inspirator'],
          participant: [],
          theme: ['Borgen', 'Nieuw Thema'],
        },
        status: 'published',
      },
      null,
    )
    await addBreakout(
      app.db,
      session.id,
      {
        title: 'Zaal A',
        participants: ['Inge Inspirator', 'Piet Deelnemer'],
        notes: '[[Gemeente Zwolle]] deed mee.',
      },
      null,
    )
    await addIdea(
      app.db,
      session.id,
      { title: 'Vervolg', description: 'Verder met [[City Deal Testdeal]].' },
      null,
    )
    // Renamed after the session linked to it: the old slug in the links leads to the page's new name.
    const old = (await findPageBySlug(app.db, 'oude-naam-deal'))?.page
    if (!old) throw new Error('page')
    await updatePage(app.db, old.id, old.revision, {
      title: 'City Deal Nieuwe Naam',
      kind: 'deal',
      body: '',
      fields: emptyFields,
      summary: null,
      authorId: null,
    })

    const { client } = await loggedIn(app)
    const shown = mentions((await client.get(`/sessions/${session.slug}`)).body)
    expect(shown?.groups).toEqual({
      Deals: [
        ['City Deal Nieuwe Naam', '/wiki/city-deal-nieuwe-naam', false],
        ['City Deal Testdeal', '/wiki/city-deal-testdeal', false],
      ],
      Mensen: [
        ['Inge Inspirator', '/wiki/inge-inspirator', false],
        ['Mo Moderator', '/wiki/new?title=Mo%20Moderator', true],
        ['Piet Deelnemer', '/wiki/new?title=Piet%20Deelnemer', true],
      ],
      Organisaties: [['Gemeente Zwolle', '/wiki/gemeente-zwolle', false]],
      'Thema’s': [
        ['Borgen', '/wiki/borgen', false],
        ['Nieuw Thema', '/wiki/new?title=Nieuw%20Thema', true],
      ],
      'Overige pagina’s': [
        ['Nog Geen Pagina', '/wiki/new?title=Nog%20Geen%20Pagina', true],
        ['Werkwijze', '/wiki/werkwijze', false],
      ],
    })
    // Missing pages say so in words, as the wiki's own links do.
    expect(shown?.text).toContain(
      'Nog Geen Pagina<span class="wikilink__missing"> (pagina bestaat nog niet)</span></a>',
    )
    const english = mentions(
      (await client.get(`/sessions/${session.slug}`, { 'accept-language': 'en' })).body,
    )
    expect(english?.text).toContain('Deals, people and themes in this session')
  })

  test('a session that mentions nothing has no such section', async ({ app }) => {
    const session = await createSession(app.db, { ...base, status: 'published' }, null)
    const { client } = await loggedIn(app)
    const body = (await client.get(`/sessions/${session.slug}`)).body
    expect(body).toContain('Resultaten borgen')
    expect(mentions(body)).toBeNull()
  })

  test('a draft’s mentions are shown where the draft is: to moderators, not to members or visitors', async ({
    app,
  }) => {
    await updateSiteSettings(app.db, { visibility: 'public' })
    await page(app, 'City Deal Testdeal', 'deal')
    const draft = await createSession(
      app.db,
      { ...base, title: 'Geheim concept', report: 'Over [[City Deal Testdeal]].', status: 'draft' },
      null,
    )
    const { client: memberClient } = await loggedIn(app)
    const { client: moderator } = await loggedIn(app, 'moderator')
    for (const reader of [memberClient, new TestClient(app)]) {
      const response = await reader.get(`/sessions/${draft.slug}`)
      expect(response.statusCode).toBe(404)
      expect(response.body).not.toContain('City Deal Testdeal')
    }
    expect(mentions((await moderator.get(`/sessions/${draft.slug}`)).body)?.groups.Deals).toEqual([
      ['City Deal Testdeal', '/wiki/city-deal-testdeal', false],
    ])
  })
})

describe('moving break-out rooms', () => {
  async function withRooms(app: FastifyInstance, titles: string[]) {
    const session = await createSession(app.db, { ...base, status: 'published' }, null)
    const ids: number[] = []
    for (const title of titles)
      ids.push(await addBreakout(app.db, session.id, { title, participants: [], notes: '' }, null))
    return { session, ids }
  }
  const order = async (app: FastifyInstance, sessionId: number) =>
    (
      await app.db
        .selectFrom('breakout')
        .select('title')
        .where('session_id', '=', sessionId)
        .orderBy('position')
        .execute()
    ).map((r) => r.title)
  const shownOrder = (html: string) =>
    [...html.matchAll(/<h3 id="breakout-\d+-title">([^<]*)<\/h3>/g)].map((m) => m[1])

  test('a moderator moves a room up or down; the page, search version and audit log follow', async ({
    app,
  }) => {
    const { session, ids } = await withRooms(app, ['Zaal A', 'Zaal B', 'Zaal C'])
    const [a, , c] = ids as [number, number, number]
    const { client, member } = await loggedIn(app, 'moderator')
    const url = `/sessions/${session.slug}`
    const before = (await client.get(url)).body
    // The first room cannot go up, the last cannot go down.
    const buttons = (id: number) =>
      [
        ...(new RegExp(`action="/breakouts/${id}/move"[\\s\\S]*?</form>`).exec(before)?.[0] ?? '').matchAll(
          /value="(up|down)"/g,
        ),
      ].map((m) => m[1])
    expect([buttons(a), buttons(ids[1] as number), buttons(c)]).toEqual([['down'], ['up', 'down'], ['up']])

    const version = await readContentVersion(app.db)
    const moved = await client.post(`/breakouts/${c}/move`, { direction: 'up' }, { from: url })
    expect(moved.statusCode).toBe(303)
    expect(moved.headers.location).toBe(`${url}#breakout-${c}`)
    expect(await order(app, session.id)).toEqual(['Zaal A', 'Zaal C', 'Zaal B'])
    expect(shownOrder((await client.get(url)).body)).toEqual(['Zaal A', 'Zaal C', 'Zaal B'])
    expect(await readContentVersion(app.db)).toBeGreaterThan(version)

    await client.post(`/breakouts/${a}/move`, { direction: 'down' }, { from: url })
    expect(await order(app, session.id)).toEqual(['Zaal C', 'Zaal A', 'Zaal B'])
    // Already first: nothing moves and nothing is logged.
    expect((await client.post(`/breakouts/${c}/move`, { direction: 'up' }, { from: url })).statusCode).toBe(
      303,
    )
    expect(await order(app, session.id)).toEqual(['Zaal C', 'Zaal A', 'Zaal B'])

    const audit = await app.db
      .selectFrom('audit_log')
      .select(['actor_id', 'action', 'target_type', 'target_id', 'detail'])
      .where('action', '=', 'session.breakout-move')
      .orderBy('id')
      .execute()
    expect(audit).toEqual([
      {
        actor_id: member.id,
        action: 'session.breakout-move',
        target_type: 'session',
        target_id: String(session.id),
        detail: JSON.stringify({ breakout: c, direction: 'up' }),
      },
      {
        actor_id: member.id,
        action: 'session.breakout-move',
        target_type: 'session',
        target_id: String(session.id),
        detail: JSON.stringify({ breakout: a, direction: 'down' }),
      },
    ])
    const { client: admin } = await loggedIn(app, 'admin')
    expect((await admin.get('/admin/audit')).body).toContain('Volgorde van break-outs gewijzigd')
    // Moving is no edit of a room's text, so it adds no revision.
    const revisions = await app.db
      .selectFrom('revision')
      .select('entity_id')
      .where('entity_type', '=', 'breakout')
      .execute()
    expect(revisions).toHaveLength(3)
  })

  test('the order survives a deleted room; members, bad directions and missing form tokens move nothing', async ({
    app,
  }) => {
    const { session, ids } = await withRooms(app, ['Zaal A', 'Zaal B', 'Zaal C'])
    const [, b, c] = ids as [number, number, number]
    const { client } = await loggedIn(app, 'moderator')
    const url = `/sessions/${session.slug}`
    await client.post(`/breakouts/${b}`, { action: 'delete' }, { from: url })
    await client.post(`/breakouts/${c}/move`, { direction: 'up' }, { from: url })
    expect(await order(app, session.id)).toEqual(['Zaal C', 'Zaal A'])
    const positions = await app.db
      .selectFrom('breakout')
      .select('position')
      .where('session_id', '=', session.id)
      .orderBy('position')
      .execute()
    expect(positions.map((p) => p.position)).toEqual([1, 2])

    expect(
      (await client.post(`/breakouts/${c}/move`, { direction: 'sideways' }, { from: url })).statusCode,
    ).toBe(404)
    expect((await client.post('/breakouts/999999/move', { direction: 'up' }, { from: url })).statusCode).toBe(
      404,
    )
    expect((await client.post(`/breakouts/${c}/move`, { direction: 'down', _csrf: '' })).statusCode).toBe(403)
    const { client: memberClient } = await loggedIn(app)
    expect(
      (await memberClient.post(`/breakouts/${c}/move`, { direction: 'down' }, { from: url })).statusCode,
    ).toBe(403)
    expect(await order(app, session.id)).toEqual(['Zaal C', 'Zaal A'])
    // Members see no move buttons.
    expect((await memberClient.get(url)).body).not.toContain('/move"')
  })
})
