// The gaps an audit of the theme sessions found: the meeting link in downloads, draft sessions named
// through the ideas they took up, break-outs that lost their ids on a re-import, multi-line idea
// descriptions, and the command line's --update ignoring the file's status.
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import ICAL from 'ical.js'
import { runCli } from '../../src/cli/run.js'
import { addIdea, createSession, type SessionInput, updateIdea } from '../../src/sessions/queries.js'
import { updateSiteSettings } from '../../src/settings/queries.js'
import { createTestApp, describe, expect, test } from '../helpers/app.js'
import { TestClient } from '../helpers/http-client.js'
import { clientFor, createTestMember, loggedIn } from '../helpers/members.js'
import { testSessionInput } from '../helpers/sessions.js'
import { tempFolder } from '../helpers/temp.js'

const reference = readFileSync(path.join(import.meta.dirname, 'fixtures', 'vijfde-themasessie.md'), 'utf8')
const link = 'https://vergader.example/geheim'

const base = testSessionInput({
  series: 'audit',
  number: 1,
  startsAt: '2099-03-29T08:00:00.000Z',
  endsAt: '2099-03-29T10:00:00.000Z',
  location: link,
})

let counter = 0
function session(
  app: FastifyInstance,
  status: 'planned' | 'draft' | 'published',
  changes: Partial<SessionInput> = {},
) {
  counter += 1
  return createSession(app.db, { ...base, number: counter, ...changes, status }, null)
}

function locations(ics: string) {
  return new ICAL.Component(ICAL.parse(ics))
    .getAllSubcomponents('vevent')
    .map((v) => new ICAL.Event(v).location ?? null)
}

describe('the meeting link is for members only, also in downloads', () => {
  test('a visitor’s markdown and calendars leave it out; a member’s keep it; a place is for anyone', async ({
    app,
  }) => {
    await updateSiteSettings(app.db, { visibility: 'public' })
    const online = await session(app, 'planned', { title: 'Online sessie' })
    const hybrid = await session(app, 'planned', { title: 'Hybride sessie', format: 'hybrid' })
    const inPerson = await session(app, 'planned', {
      title: 'Sessie op locatie',
      format: 'in-person',
      location: 'Stadskantoor, zaal 3',
    })
    const visitor = new TestClient(app)
    const { client: memberClient } = await loggedIn(app)

    for (const s of [online, hybrid]) {
      const md = await visitor.get(`/sessions/${s.slug}/export.md`)
      expect(md.statusCode).toBe(200)
      expect(md.body).not.toContain('location:')
      expect(md.body).not.toContain(link)
      expect((await memberClient.get(`/sessions/${s.slug}/export.md`)).body).toContain(`location: "${link}"`)
      expect(locations((await visitor.get(`/sessions/${s.slug}/calendar.ics`)).body)).toEqual([null])
      expect(locations((await memberClient.get(`/sessions/${s.slug}/calendar.ics`)).body)).toEqual([link])
    }
    expect((await visitor.get(`/sessions/${inPerson.slug}/export.md`)).body).toContain(
      'location: "Stadskantoor, zaal 3"',
    )
    expect(locations((await visitor.get(`/sessions/${inPerson.slug}/calendar.ics`)).body)).toEqual([
      'Stadskantoor, zaal 3',
    ])

    const all = (await visitor.get('/sessions.ics')).body
    expect(all).not.toContain('vergader.example')
    expect(locations(all)).toHaveLength(3)
    expect(locations(all).filter(Boolean)).toEqual(['Stadskantoor, zaal 3'])
    expect(locations((await memberClient.get('/sessions.ics')).body).filter((l) => l === link)).toHaveLength(
      2,
    )
  })
})

describe('ideas taken up by a later session', () => {
  test('a draft that took an idea up is named to moderators only, on both sessions and on /sessions/ideas', async ({
    app,
  }) => {
    const earlier = await session(app, 'published', { title: 'Vijfde sessie', startsAt: base.startsAt })
    const draft = await session(app, 'draft', { title: 'Geheime conceptsessie' })
    const ideaId = await addIdea(app.db, earlier.id, { title: 'Verdiepen in borgen', description: '' }, null)
    const { client: moderator } = await loggedIn(app, 'moderator')
    await moderator.post(
      `/ideas/${ideaId}`,
      { status: 'planned', taken_up_by: String(draft.id) },
      { from: `/sessions/${earlier.slug}` },
    )
    // And the other way round: an idea from a draft, taken up by a published session.
    const fromDraft = await addIdea(
      app.db,
      draft.id,
      { title: 'Idee uit een concept', description: '' },
      null,
    )
    await moderator.post(
      `/ideas/${fromDraft}`,
      { status: 'planned', taken_up_by: String(earlier.id) },
      { from: `/sessions/${draft.slug}` },
    )
    const { client: memberClient } = await loggedIn(app)
    for (const url of [`/sessions/${earlier.slug}`, '/sessions/ideas']) {
      const page = await memberClient.get(url)
      expect(page.statusCode).toBe(200)
      expect(page.body, url).toContain('Verdiepen in borgen')
      expect(page.body, url).not.toContain('Geheime conceptsessie')
      expect(page.body, url).not.toContain(draft.slug)
      const moderatorView = (await moderator.get(url)).body
      expect(moderatorView, url).toContain(
        `opgepakt in <a href="/sessions/${draft.slug}">Geheime conceptsessie</a>`,
      )
    }
    expect((await memberClient.get(`/sessions/${earlier.slug}`)).body).not.toContain('Idee uit een concept')
    expect((await moderator.get(`/sessions/${earlier.slug}`)).body).toContain(
      '&quot;Idee uit een concept&quot; uit de sessie &quot;Geheime conceptsessie&quot;',
    )
  })

  test('/sessions/ideas shows the later session that took an open idea up', async ({ app }) => {
    await updateSiteSettings(app.db, { visibility: 'public' })
    const earlier = await session(app, 'published', { title: 'Vijfde sessie' })
    const later = await session(app, 'planned', { title: 'Zesde sessie' })
    const ideaId = await addIdea(app.db, earlier.id, { title: 'Verdiepen in borgen', description: '' }, null)
    const idea = await app.db
      .selectFrom('idea')
      .selectAll()
      .where('id', '=', ideaId)
      .executeTakeFirstOrThrow()
    await updateIdea(app.db, idea, { ...idea, status: 'planned', takenUpBy: later.id }, null)
    const list = await new TestClient(app).get('/sessions/ideas')
    expect(list.body).toContain('Verdiepen in borgen')
    expect(list.body).toContain(`opgepakt in <a href="/sessions/${later.slug}">Zesde sessie</a>`)
  })
})

describe('re-importing a session', () => {
  test('keeps the ids, history and anchors of its break-outs; adds new rooms and drops removed ones', async ({
    app,
  }) => {
    const { client } = await loggedIn(app, 'moderator')
    const created = await client.post('/sessions/import', { text: reference }, { from: '/sessions/import' })
    const slug = (created.headers.location as string).replace('/sessions/', '')
    const rooms = async () =>
      app.db
        .selectFrom('breakout')
        .innerJoin('theme_session', 'theme_session.id', 'breakout.session_id')
        .select(['breakout.id', 'breakout.title', 'breakout.revision'])
        .where('theme_session.slug', '=', slug)
        .orderBy('breakout.position')
        .execute()
    const [data, execution] = await rooms()
    if (!data || !execution) throw new Error('break-outs')

    // The same file again changes nothing, and makes no revision.
    await client.post('/sessions/import', { text: reference, confirm_update: 'yes' })
    expect(await rooms()).toEqual([data, execution])

    // Notes edited, the second room renamed where it stands, a third room added.
    const edited = reference
      .replace('ervaring met telgegevens.', 'ervaring met telgegevens en fietstellingen.')
      .replace(
        '## Break-out: Van ondertekening naar uitvoering',
        '## Break-out: Van handtekening naar uitvoering',
      )
      .replace(
        '## Ideeën voor vervolgsessies',
        '## Break-out: Bestuurders aan tafel\n\nNieuwe aantekeningen.\n\n## Ideeën voor vervolgsessies',
      )
    const updated = await client.post('/sessions/import', { text: edited, confirm_update: 'yes' })
    expect(updated.statusCode).toBe(303)
    const after = await rooms()
    expect(after.map((r) => [r.id, r.title, r.revision])).toEqual([
      [data.id, 'Data tussen deals', 2],
      [execution.id, 'Van handtekening naar uitvoering', 2],
      [expect.any(Number), 'Bestuurders aan tafel', 1],
    ])
    const page = (await client.get(`/sessions/${slug}`)).body
    expect(page).toContain(`id="breakout-${data.id}"`)
    expect(page).toContain('fietstellingen')
    const history = (await client.get(`/sessions/${slug}/history`)).body
    expect(history).toContain(`id="h-breakout-${data.id}"`)
    expect(history).toContain('<ins> en fietstellingen</ins>')

    // The first room taken out of the file: only that one goes, the others keep their ids, in order.
    const without = edited.replace(
      /## Break-out: Data tussen deals[\s\S]*?(?=## Break-out: Van handtekening)/,
      '',
    )
    await client.post('/sessions/import', { text: without, confirm_update: 'yes' })
    expect((await rooms()).map((r) => r.id)).toEqual([execution.id, after[2]?.id])
    expect((await client.get(`/sessions/${slug}`)).body).not.toContain(`id="breakout-${data.id}"`)
  })
})

describe('multi-line idea descriptions', () => {
  test('survive the download and the import, paragraphs and all', async ({ app }) => {
    const description = [
      'Wat blijft er over als een deal afloopt.',
      'Denk aan de looptijd van de financiering.',
      '',
      'Een tweede alinea over de [[City Deal Lopen in de Wijk]].',
      '',
      '- eerst de mensen',
      '- dan de data',
    ].join('\n')
    const { client } = await loggedIn(app, 'moderator')
    const published = await session(app, 'published', { title: 'Sessie met een lang idee' })
    await client.post(
      `/sessions/${published.slug}/ideas`,
      { title: 'Lessen uit afgeronde deals', description },
      { from: `/sessions/${published.slug}` },
    )
    const page = (await client.get(`/sessions/${published.slug}`)).body
    expect(page).toContain('<li>dan de data</li>')
    const md = (await client.get(`/sessions/${published.slug}/export.md`)).body
    expect(md).toContain('  Een tweede alinea over de [[City Deal Lopen in de Wijk]].\n\n  - eerst de mensen')
    // Imported as another session, the description comes back unchanged.
    const copy = md.replace(/^number: \d+$/m, 'number: 900')
    const imported = await client.post('/sessions/import', { text: copy }, { from: '/sessions/import' })
    expect(imported.statusCode).toBe(303)
    const slug = (imported.headers.location as string).replace('/sessions/', '')
    const idea = await app.db
      .selectFrom('idea')
      .innerJoin('theme_session', 'theme_session.id', 'idea.session_id')
      .select('idea.description')
      .where('theme_session.slug', '=', slug)
      .executeTakeFirstOrThrow()
    expect(idea.description).toBe(description)
  })
})

describe('leerplein import-session --update', () => {
  test('sets the status the file asks for', async () => {
    const dir = tempFolder('leerplein-status-')
    const databasePath = path.join(dir, 'db.sqlite')
    const file = path.join(dir, 'sessie.md')
    const run = async (args: string[]) => {
      const saved = process.env.DATABASE_PATH
      process.env.DATABASE_PATH = databasePath
      try {
        return await runCli(args, {
          stdout: new PassThrough(),
          stderr: new PassThrough(),
          stdin: new PassThrough(),
        })
      } finally {
        process.env.DATABASE_PATH = saved
      }
    }
    writeFileSync(file, reference)
    expect(await run(['import-session', file])).toBe(0)
    writeFileSync(file, reference.replace('status: published', 'status: draft'))
    expect(await run(['import-session', '--update', file])).toBe(0)

    const { app, database } = await createTestApp({}, databasePath)
    try {
      const row = await app.db
        .selectFrom('theme_session')
        .select(['slug', 'status'])
        .executeTakeFirstOrThrow()
      expect(row.status).toBe('draft')
      const member = await createTestMember(app)
      const memberClient = await clientFor(app, member.id)
      expect((await memberClient.get(`/sessions/${row.slug}`)).statusCode).toBe(404)
    } finally {
      await app.close()
      await database.close()
    }

    writeFileSync(file, reference)
    expect(await run(['import-session', '--update', file])).toBe(0)
    const { app: again, database: reopened } = await createTestApp({}, databasePath)
    try {
      const row = await again.db
        .selectFrom('theme_session')
        .select(['slug', 'status'])
        .executeTakeFirstOrThrow()
      expect(row.status).toBe('published')
      const { client } = await loggedIn(again)
      expect((await client.get(`/sessions/${row.slug}`)).statusCode).toBe(200)
    } finally {
      await again.close()
      await reopened.close()
    }
  })
})
