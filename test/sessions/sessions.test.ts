import { XMLParser } from 'fast-xml-parser'
import type { FastifyInstance } from 'fastify'
import ICAL from 'ical.js'
import { addIdea, createSession, type SessionInput } from '../../src/sessions/queries.js'
import { updateSiteSettings } from '../../src/settings/queries.js'
import { emptyFields } from '../../src/wiki/fields.js'
import { createPage } from '../../src/wiki/queries.js'
import { describe, expect, test } from '../helpers/app.js'
import { TestClient } from '../helpers/http-client.js'
import { loggedIn } from '../helpers/members.js'
import { testSessionInput } from '../helpers/sessions.js'

const base = testSessionInput({
  series: 'themasessie CoP City Deals',
  number: 6,
  location: 'https://vergader.example/geheim',
  summary: 'Wat blijft er over?',
  report: 'Verslag over [[City Deal Testdeal]].',
  tags: {
    moderator: ['Mo Moderator'],
    speaker: ['Inge Inspirator'],
    participant: ['Piet Deelnemer'],
    theme: ['Borgen'],
  },
})

let counter = 0
async function session(
  app: FastifyInstance,
  status: 'planned' | 'draft' | 'published',
  changes: Partial<SessionInput> = {},
) {
  counter += 1
  return createSession(app.db, { ...base, number: counter, ...changes, status }, null)
}

describe('session visibility', () => {
  test('planned and published are for readers, drafts for moderators only', async ({ app }) => {
    const planned = await session(app, 'planned', { title: 'Gepland' })
    const draft = await session(app, 'draft', { title: 'Concept' })
    const published = await session(app, 'published', { title: 'Gepubliceerd' })
    const { client: memberClient } = await loggedIn(app)
    const { client: moderator } = await loggedIn(app, 'moderator')
    const visitor = new TestClient(app)
    await updateSiteSettings(app.db, { visibility: 'public' })
    for (const client of [visitor, memberClient]) {
      expect((await client.get(`/sessions/${planned.slug}`)).statusCode).toBe(200)
      expect((await client.get(`/sessions/${published.slug}`)).statusCode).toBe(200)
      expect((await client.get(`/sessions/${draft.slug}`)).statusCode).toBe(404)
      const list = (await client.get('/sessions')).body
      expect(list).toContain('Gepland')
      expect(list).not.toContain('Concept')
    }
    expect((await moderator.get(`/sessions/${draft.slug}`)).statusCode).toBe(200)
    expect((await moderator.get('/sessions')).body).toContain('Concept')
    // The meeting link is for members only.
    expect((await visitor.get(`/sessions/${planned.slug}`)).body).not.toContain('vergader.example/geheim')
    // For members it is a link they can follow.
    expect((await memberClient.get(`/sessions/${planned.slug}`)).body).toContain(
      '<a href="https://vergader.example/geheim">https://vergader.example/geheim</a>',
    )
  })

  test('only an http(s) meeting link becomes a link', async ({ app }) => {
    const { client: memberClient } = await loggedIn(app)
    for (const location of ['javascript:alert(1)', 'Stadskantoor Utrecht, zaal 3']) {
      const planned = await session(app, 'planned', { title: `Sessie ${location.length}`, location })
      const page = (await memberClient.get(`/sessions/${planned.slug}`)).body
      expect(page, location).not.toContain('href="javascript:')
      expect(page, location).toContain(location.replace('&', '&amp;'))
    }
  })

  test('a draft’s calendar, markdown download and history are 404 to members and visitors', async ({
    app,
  }) => {
    await updateSiteSettings(app.db, { visibility: 'public' })
    const draft = await session(app, 'draft', { title: 'Geheim concept' })
    const { client: memberClient } = await loggedIn(app)
    const { client: moderator } = await loggedIn(app, 'moderator')
    for (const path of ['calendar.ics', 'export.md', 'history']) {
      const url = `/sessions/${draft.slug}/${path}`
      for (const reader of [memberClient, new TestClient(app)]) {
        const response = await reader.get(url)
        expect(response.statusCode, url).toBe(404)
        expect(response.body, url).not.toContain('Geheim concept')
      }
      expect((await moderator.get(url)).statusCode, url).toBe(200)
    }
  })

  test('publishing records who and when, and is audited', async ({ app }) => {
    const draft = await session(app, 'draft')
    const { client, member } = await loggedIn(app, 'moderator')
    await client.post(
      `/sessions/${draft.slug}/status`,
      { status: 'published' },
      { from: `/sessions/${draft.slug}` },
    )
    const row = await app.db
      .selectFrom('theme_session')
      .selectAll()
      .where('id', '=', draft.id)
      .executeTakeFirstOrThrow()
    expect(row.status).toBe('published')
    expect(row.published_by).toBe(member.id)
    expect(row.published_at).not.toBeNull()
    const audit = await app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'session.status')
      .execute()
    expect(JSON.parse(audit[0]?.detail ?? '{}')).toEqual({ from: 'draft', to: 'published' })
  })

  test('a moderator plans a session through the form in Dutch time; bad input keeps the text', async ({
    app,
  }) => {
    const { client } = await loggedIn(app, 'moderator')
    const bad = await client.post(
      '/sessions',
      { title: 'Zo', starts: 'morgen', format: 'online', tags_participant: 'Anna\nBert' },
      { from: '/sessions/new' },
    )
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Vul een datum en tijd in.')
    // Two fields share that message; the summary names each.
    expect(bad.body).toMatch(/<a href="#f-starts">[^<:]+: Vul een datum en tijd in\.<\/a>/)
    expect(bad.body).toMatch(/<a href="#f-ends">[^<:]+: Vul een datum en tijd in\.<\/a>/)
    expect(bad.body).toContain('Anna\nBert</textarea>')
    const ok = await client.post('/sessions', {
      title: 'Zesde themasessie',
      starts: '2026-03-29T10:00',
      ends: '2026-03-29T12:00',
      format: 'hybrid',
      status: 'planned',
      tags_theme: 'Resultaten borgen',
    })
    expect(ok.statusCode).toBe(303)
    const row = await app.db.selectFrom('theme_session').selectAll().executeTakeFirstOrThrow()
    expect(row.starts_at).toBe('2026-03-29T08:00:00.000Z')
    const page = await client.get(ok.headers.location as string)
    expect(page.body).toContain('29 mrt 2026, 10:00')
    const form = { title: 'Reeks', starts: '2026-05-01T10:00', format: 'online', series: 'CoP', number: '5' }
    expect((await client.post('/sessions', form)).statusCode).toBe(303)
    const twice = await client.post('/sessions', form)
    expect(twice.statusCode).toBe(422)
    expect(twice.body).toContain('Deze reeks heeft al een sessie met dit nummer.')
  })
})

describe('history', () => {
  test('report, break-outs and ideas keep revisions, shown with diffs', async ({ app }) => {
    const { client } = await loggedIn(app, 'moderator')
    const created = await session(app, 'published', { report: 'De eerste versie van het verslag.' })
    const edit = await client.get(`/sessions/${created.slug}/edit`)
    const value = (name: string) =>
      new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(edit.body)?.[1] ?? ''
    await client.post(`/sessions/${created.slug}`, {
      title: value('title'),
      starts: value('starts'),
      ends: value('ends'),
      format: 'online',
      report: 'De tweede versie van het verslag.',
    })
    await client.post(`/sessions/${created.slug}/breakouts`, { title: 'Zaal A', notes: 'Notities' })
    // Only the room's participants change: the history shows that change, not an identical text.
    const room = await app.db.selectFrom('breakout').select('id').executeTakeFirstOrThrow()
    await client.post(`/breakouts/${room.id}`, {
      action: 'save',
      title: 'Zaal A',
      notes: 'Notities',
      participants: 'Anna\nBert',
    })
    const history = await client.get(`/sessions/${created.slug}/history`)
    expect(history.statusCode).toBe(200)
    expect(history.body).toContain('<del>eerste</del>')
    expect(history.body).toContain('<ins>tweede</ins>')
    expect(history.body).toContain('Zaal A')
    expect(history.body).toMatch(
      /<tr><th scope="row">Deelnemers<\/th><td>—<\/td><td><ins>Anna, Bert<\/ins><\/td><\/tr>/,
    )
  })
})

describe('ideas', () => {
  test('one vote per member, and voting again withdraws it', async ({ app }) => {
    const published = await session(app, 'published')
    const ideaId = await addIdea(app.db, published.id, { title: 'Sessie over data', description: '' }, null)
    const { client } = await loggedIn(app)
    const other = (await loggedIn(app)).client
    await client.post(`/ideas/${ideaId}/vote`, {}, { from: `/sessions/${published.slug}` })
    await other.post(`/ideas/${ideaId}/vote`, {}, { from: `/sessions/${published.slug}` })
    const votes = async () =>
      (
        await app.db
          .selectFrom('idea')
          .select('vote_count')
          .where('id', '=', ideaId)
          .executeTakeFirstOrThrow()
      ).vote_count
    expect(await votes()).toBe(2)
    await client.post(`/ideas/${ideaId}/vote`, {})
    expect(await votes()).toBe(1)
    const list = await other.get('/sessions/ideas')
    expect(list.body).toContain('Sessie over data')
    expect(list.body).toContain('aria-pressed="true"')
  })

  test('a done idea can no longer be voted for, and open ideas come first', async ({ app }) => {
    const published = await session(app, 'published')
    const done = await addIdea(app.db, published.id, { title: 'Al gedaan', description: '' }, null)
    const open = await addIdea(app.db, published.id, { title: 'Nog open', description: '' }, null)
    const { client } = await loggedIn(app)
    await client.post(`/ideas/${done}/vote`, {}, { from: `/sessions/${published.slug}` })
    const { client: moderator } = await loggedIn(app, 'moderator')
    await moderator.post(
      `/ideas/${done}`,
      { status: 'done', taken_up_by: '' },
      { from: `/sessions/${published.slug}` },
    )
    // Its one vote would put it first; closed, it goes after the open one, without a vote button.
    const refused = await client.post(`/ideas/${done}/vote`, {}, { from: `/sessions/${published.slug}` })
    expect(refused.statusCode).toBe(303)
    const page = (await client.get(`/sessions/${published.slug}`)).body
    expect(page).toContain('Op dit idee kan niet meer worden gestemd')
    expect(page.indexOf('Nog open')).toBeLessThan(page.indexOf('Al gedaan'))
    expect(page).toContain(`action="/ideas/${open}/vote"`)
    expect(page).not.toContain(`action="/ideas/${done}/vote"`)
    const votes = await app.db
      .selectFrom('idea')
      .select('vote_count')
      .where('id', '=', done)
      .executeTakeFirstOrThrow()
    expect(votes.vote_count).toBe(1)
  })

  test('an idea taken up by a later session shows in both directions', async ({ app }) => {
    const earlier = await session(app, 'published', { title: 'Vijfde sessie' })
    const later = await session(app, 'planned', {
      title: 'Zesde sessie',
      startsAt: '2026-06-01T08:00:00.000Z',
      endsAt: '2026-06-01T10:00:00.000Z',
    })
    const ideaId = await addIdea(app.db, earlier.id, { title: 'Verdiepen in borgen', description: '' }, null)
    const { client } = await loggedIn(app, 'moderator')
    await client.post(
      `/ideas/${ideaId}`,
      { status: 'planned', taken_up_by: String(later.id) },
      { from: `/sessions/${earlier.slug}` },
    )
    const origin = await client.get(`/sessions/${earlier.slug}`)
    expect(origin.body).toContain(`opgepakt in <a href="/sessions/${later.slug}">Zesde sessie</a>`)
    const follow = await client.get(`/sessions/${later.slug}`)
    expect(follow.body).toContain('Vervolg op eerdere ideeën')
    expect(follow.body).toContain('&quot;Verdiepen in borgen&quot; uit de sessie &quot;Vijfde sessie&quot;')
  })

  test('members propose ideas on published sessions only', async ({ app }) => {
    const planned = await session(app, 'planned')
    const published = await session(app, 'published', {
      startsAt: '2025-01-01T10:00:00.000Z',
      endsAt: '2025-01-01T11:00:00.000Z',
    })
    const { client } = await loggedIn(app)
    expect((await client.post(`/sessions/${planned.slug}/ideas`, { title: 'Te vroeg' })).statusCode).toBe(404)
    expect((await client.post(`/sessions/${published.slug}/ideas`, { title: 'Mooi idee' })).statusCode).toBe(
      303,
    )
  })
})

describe('links and pages', () => {
  test('person, theme and deal pages list the session under Mentioned in', async ({ app }) => {
    const { client, member } = await loggedIn(app)
    for (const [title, kind] of [
      ['City Deal Testdeal', 'deal'],
      ['Inge Inspirator', 'person'],
      ['Borgen', 'theme'],
    ] as const) {
      await createPage(app.db, {
        title,
        kind,
        body: '',
        fields: emptyFields,
        summary: null,
        authorId: member.id,
      })
    }
    await session(app, 'published', { title: 'Sessie met links' })
    await session(app, 'draft', { title: 'Nog een concept' })
    for (const slug of ['city-deal-testdeal', 'inge-inspirator', 'borgen']) {
      const page = await client.get(`/wiki/${slug}`)
      expect(page.body, slug).toContain('Themasessies')
      expect(page.body, slug).toContain('Sessie met links')
      expect(page.body, slug).not.toContain('Nog een concept')
    }
    expect((await client.get('/wiki/inge-inspirator')).body).toContain('>inspirator</span>')
  })

  test('the home page shows the next session and the latest report', async ({ app }) => {
    await updateSiteSettings(app.db, { visibility: 'public' })
    await session(app, 'planned', {
      title: 'Komende sessie',
      startsAt: '2099-01-01T10:00:00.000Z',
      endsAt: '2099-01-01T12:00:00.000Z',
    })
    await session(app, 'published', {
      title: 'Afgelopen sessie',
      startsAt: '2024-01-01T10:00:00.000Z',
      endsAt: '2024-01-01T12:00:00.000Z',
    })
    const home = await new TestClient(app).get('/')
    expect(home.body).toContain('Komende sessie')
    expect(home.body).toContain('Afgelopen sessie')
  })
})

describe('calendar and feed', () => {
  test('iCalendar parses with a real parser, with stable UIDs and correct times around DST', async ({
    app,
  }) => {
    await updateSiteSettings(app.db, { visibility: 'public' })
    const now = Date.now()
    const iso = (ms: number) => new Date(ms).toISOString()
    // The day clocks go forward in the Netherlands: 10:00 Dutch time is 08:00 UTC.
    const dst = await session(app, 'planned', {
      title: 'Op de dag van de zomertijd; met komma, puntkomma',
      startsAt: '2027-03-28T08:00:00.000Z',
      endsAt: '2027-03-28T10:00:00.000Z',
    })
    await session(app, 'published', {
      title: 'Vorige maand',
      startsAt: iso(now - 30 * 86_400_000),
      endsAt: iso(now - 30 * 86_400_000 + 3_600_000),
    })
    const response = await new TestClient(app).get('/sessions.ics')
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8')
    const calendar = new ICAL.Component(ICAL.parse(response.body))
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v))
    expect(events).toHaveLength(2)
    const event = events.find((e) => e.summary.startsWith('Op de dag')) as ICAL.Event
    expect(event.summary).toBe('Op de dag van de zomertijd; met komma, puntkomma')
    expect(event.startDate.toJSDate().toISOString()).toBe('2027-03-28T08:00:00.000Z')
    expect(event.endDate.toJSDate().toISOString()).toBe('2027-03-28T10:00:00.000Z')
    expect(event.uid).toBe(`session-${dst.id}@localhost`)
    // Visitors do not get the meeting link.
    expect(event.location ?? null).toBeNull()
    const single = await new TestClient(app).get(`/sessions/${dst.slug}/calendar.ics`)
    expect(single.headers['content-disposition']).toContain('.ics')
    const one = new ICAL.Component(ICAL.parse(single.body)).getAllSubcomponents('vevent')
    expect(one.map((v) => new ICAL.Event(v).uid)).toEqual([`session-${dst.id}@localhost`])
  })

  test('a start entered in Dutch time through the form is right in UTC on both sides of each clock change', async ({
    app,
  }) => {
    const { client } = await loggedIn(app, 'moderator')
    // In 2026 the clocks go forward on 29 March and back on 25 October (at 03:00 Dutch summer time).
    const cases = [
      { local: '2026-03-28T10:00', utc: '20260328T090000Z', shown: '28 mrt 2026, 10:00' },
      { local: '2026-03-29T10:00', utc: '20260329T080000Z', shown: '29 mrt 2026, 10:00' },
      { local: '2026-03-30T10:00', utc: '20260330T080000Z', shown: '30 mrt 2026, 10:00' },
      { local: '2026-10-24T10:00', utc: '20261024T080000Z', shown: '24 okt 2026, 10:00' },
      { local: '2026-10-25T10:00', utc: '20261025T090000Z', shown: '25 okt 2026, 10:00' },
      { local: '2026-10-26T10:00', utc: '20261026T090000Z', shown: '26 okt 2026, 10:00' },
    ]
    for (const { local, utc, shown } of cases) {
      const created = await client.post(
        '/sessions',
        { title: `Sessie op ${local}`, starts: local, ends: '', format: 'online', status: 'planned' },
        { from: '/sessions/new' },
      )
      expect(created.statusCode, local).toBe(303)
      const url = created.headers.location as string
      const page = (await client.get(url)).body
      const iso = `${utc.slice(0, 4)}-${utc.slice(4, 6)}-${utc.slice(6, 8)}T${utc.slice(9, 11)}:${utc.slice(11, 13)}:00.000Z`
      expect(page, local).toContain(`<time datetime="${iso}">${shown}</time>`)
      const ics = (await client.get(`${url}/calendar.ics`)).body
      const vevent = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent') as ICAL.Component
      const start = vevent.getFirstProperty('dtstart') as ICAL.Property
      expect(ics, local).toContain(`\r\nDTSTART:${utc}\r\n`)
      expect((start.getFirstValue() as ICAL.Time).toString(), local).toBe(`${iso.slice(0, 19)}Z`)
      expect(new ICAL.Event(vevent).startDate.toJSDate().toISOString(), local).toBe(iso)
      // Opened for editing, the form shows the time that was entered.
      expect((await client.get(`${url}/edit`)).body, local).toContain(`value="${local}"`)
    }
  })

  test('the Atom feed lists published reports only', async ({ app }) => {
    await updateSiteSettings(app.db, { visibility: 'public' })
    await session(app, 'published', { title: 'Gepubliceerd verslag' })
    await session(app, 'draft', { title: 'Geheim concept' })
    const xml = (await new TestClient(app).get('/feeds/sessions.atom')).body
    const feed = new XMLParser({ ignoreAttributes: false }).parse(xml).feed
    expect([feed.entry].flat().map((e: { title: { '#text': string } }) => e.title['#text'])).toEqual([
      'Gepubliceerd verslag',
    ])
  })
})
