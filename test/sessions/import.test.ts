import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { openDatabase } from '../../src/db/database.js'
import { importSessionDocument, loadSessionDocument } from '../../src/sessions/import.js'
import { exportSession, parseSessionDocument } from '../../src/sessions/markdown-format.js'
import { findSessionBySlug } from '../../src/sessions/queries.js'
import { describe, expect, test } from '../helpers/app.js'
import { runCliCaptured } from '../helpers/cli.js'
import { loggedIn } from '../helpers/members.js'
import { tempFolder } from '../helpers/temp.js'

const reference = readFileSync(path.join(import.meta.dirname, 'fixtures', 'vijfde-themasessie.md'), 'utf8')

describe('session markdown format', () => {
  test('a report of the reference case’s shape parses completely', () => {
    const { document, errors } = parseSessionDocument(reference)
    expect(errors).toEqual([])
    expect(document?.session).toMatchObject({
      series: 'themasessie CoP City Deals',
      number: 5,
      startsAt: '2021-03-09T14:30:00.000Z',
      endsAt: '2021-03-09T16:00:00.000Z',
      format: 'online',
      status: 'published',
    })
    expect(document?.session.tags.participant).toHaveLength(12)
    expect(document?.breakouts.map((b) => b.title)).toEqual([
      'Data tussen deals',
      'Van ondertekening naar uitvoering',
    ])
    expect(document?.breakouts[0]?.participants).toEqual([
      'Anouk Bakker',
      'Dirk Evers',
      'Greet Hendriks',
      'Jan Kok',
    ])
    expect(document?.ideas).toHaveLength(5)
    expect(document?.ideas[4]).toEqual({
      title: 'Een gezamenlijke kennisdag met alle deals',
      description: '',
    })
    expect(document?.session.report).toContain('## Wat opviel')
  })

  test('round trip: import as draft, publish, export, re-import gives the same content field by field', async ({
    app,
  }) => {
    const { member } = await loggedIn(app, 'moderator')
    // One idea with a description of several lines and paragraphs, indented under its list item.
    const withParagraphs = reference.replace(
      '- **Lessen uit afgeronde deals**: wat blijft er over als een deal afloopt.',
      [
        '- **Lessen uit afgeronde deals**: wat blijft er over als een deal afloopt.',
        '  Denk aan de looptijd van de financiering.',
        '',
        '  Een tweede alinea over de [[City Deal Lopen in de Wijk]].',
        '',
        '  - eerst de mensen',
        '  - dan de data',
      ].join('\n'),
    )
    const { document } = parseSessionDocument(withParagraphs)
    if (!document) throw new Error('fixture')
    expect(document.ideas).toHaveLength(5)
    expect(document.ideas[3]?.description).toBe(
      'wat blijft er over als een deal afloopt.\nDenk aan de looptijd van de financiering.\n\n' +
        'Een tweede alinea over de [[City Deal Lopen in de Wijk]].\n\n- eerst de mensen\n- dan de data',
    )
    const first = await importSessionDocument(app.db, document, {
      update: false,
      authorId: member.id,
      statusOverride: 'draft',
    })
    if (!first.ok) throw new Error('import')
    const draft = await findSessionBySlug(app.db, first.slug)
    expect(draft?.status).toBe('draft')
    await app.db
      .updateTable('theme_session')
      .set({ status: 'published' })
      .where('slug', '=', first.slug)
      .execute()
    const published = await findSessionBySlug(app.db, first.slug)
    if (!published) throw new Error('session')
    const exported = exportSession(await loadSessionDocument(app.db, published))
    const again = parseSessionDocument(exported)
    expect(again.errors).toEqual([])
    const original = { ...document, session: { ...document.session, status: 'published' } }
    expect(again.document?.session).toEqual(original.session)
    expect(again.document?.breakouts).toEqual(original.breakouts)
    expect(again.document?.ideas).toEqual(original.ideas)
    // Re-importing the export over the session changes nothing.
    const reimport = await importSessionDocument(app.db, again.document as never, {
      update: true,
      authorId: member.id,
    })
    expect(reimport).toMatchObject({ ok: true, updated: true, slug: first.slug })
    const after = await findSessionBySlug(app.db, first.slug)
    expect(exportSession(await loadSessionDocument(app.db, after as never))).toBe(exported)
  })

  test("a past session's ideas are dated at the session, not at the import", async ({ app }) => {
    const { document } = parseSessionDocument(reference)
    if (!document) throw new Error('fixture')
    const imported = await importSessionDocument(app.db, document, { update: false, authorId: null })
    if (!imported.ok) throw new Error('import')
    const session = await findSessionBySlug(app.db, imported.slug)
    const ideas = await app.db
      .selectFrom('idea')
      .select('created_at')
      .where('session_id', '=', session?.id ?? 0)
      .execute()
    expect(ideas).toHaveLength(5)
    for (const idea of ideas) expect(idea.created_at).toBe(session?.starts_at)
    // Updated with another date and one idea more: the new idea is dated at the new date.
    const moved = parseSessionDocument(
      reference
        .replace('start: 2021-03-09 15:30', 'start: 2021-04-20 15:30')
        .replace('end: 2021-03-09 17:00', 'end: 2021-04-20 17:00')
        .replace(
          '## Ideeën voor vervolgsessies\n',
          '## Ideeën voor vervolgsessies\n\n- **Een nieuw idee**: over iets anders.\n',
        ),
    ).document
    if (!moved) throw new Error('fixture')
    expect(moved.ideas).toHaveLength(6)
    const updated = await importSessionDocument(app.db, moved, { update: true, authorId: null })
    if (!updated.ok) throw new Error('update')
    const added = await app.db
      .selectFrom('idea')
      .select('created_at')
      .where('title', '=', 'Een nieuw idee')
      .executeTakeFirstOrThrow()
    expect(added.created_at).toBe(moved.session.startsAt)
    expect(added.created_at.startsWith('2021-04-20')).toBe(true)
  })

  test('errors name their line, and a failed import writes nothing', async ({ app }) => {
    const broken = reference
      .replace('number: 5', 'number: 5\ncolour: blue')
      .replace('start: 2021-03-09 15:30', 'start: 9 maart')
      .replace('- Een gezamenlijke kennisdag met alle deals', '- ab')
    const { document, errors } = parseSessionDocument(broken)
    expect(document).toBeNull()
    expect(errors.map((e) => [e.line, e.key])).toEqual([
      [5, 'import.unknownKey'],
      [6, 'import.badDate'],
      [49, 'import.badIdea'],
    ])
    const { client } = await loggedIn(app, 'moderator')
    const response = await client.post('/sessions/import', { text: broken }, { from: '/sessions/import' })
    expect(response.statusCode).toBe(422)
    expect(response.body).toContain('regel 5: onbekend veld &quot;colour&quot;')
    expect(response.body).toContain('regel 6: &quot;start&quot; moet een datum en tijd zijn')
    expect(await app.db.selectFrom('theme_session').selectAll().execute()).toEqual([])
    const noTitle = parseSessionDocument('---\nstart: 2021-03-09 15:30\n---\nTekst')
    expect(noTitle.errors.map((e) => e.key)).toEqual(['import.missingTitle'])
  })

  test('a missing or too short title is reported with its line number', async ({ app }) => {
    // Without a title the error points at the start of the front matter; a short one at its own line.
    const without = reference.replace(/^title: .*\n/m, '')
    const short = reference.replace(/^title: .*\n/m, '').replace('number: 5\n', 'number: 5\ntitle: "Zo"\n')
    expect(parseSessionDocument(without).errors.map((e) => [e.line, e.key])).toEqual([
      [2, 'import.missingTitle'],
    ])
    expect(parseSessionDocument(short).errors.map((e) => [e.line, e.key])).toEqual([
      [4, 'import.missingTitle'],
    ])
    const { client } = await loggedIn(app, 'moderator')
    const response = await client.post('/sessions/import', { text: short }, { from: '/sessions/import' })
    expect(response.statusCode).toBe(422)
    expect(response.body).toContain('regel 4: een titel van 3 tot 150 tekens ontbreekt')
    expect(await app.db.selectFrom('theme_session').selectAll().execute()).toEqual([])
  })

  test('the web form imports a draft and asks before updating an existing session', async ({ app }) => {
    const { client } = await loggedIn(app, 'moderator')
    const created = await client.post('/sessions/import', { text: reference }, { from: '/sessions/import' })
    expect(created.statusCode).toBe(303)
    const slug = (created.headers.location as string).replace('/sessions/', '')
    expect((await findSessionBySlug(app.db, slug))?.status).toBe('draft')
    const changed = reference.replace('Een informele sessie', 'Een bijgewerkte sessie')
    const ask = await client.post('/sessions/import', { text: changed })
    expect(ask.statusCode).toBe(409)
    expect(ask.body).toContain('Er bestaat al een sessie met deze reeks en dit nummer.')
    const updated = await client.post('/sessions/import', { text: changed, confirm_update: 'yes' })
    expect(updated.statusCode).toBe(303)
    expect((await findSessionBySlug(app.db, slug))?.summary).toContain('Een bijgewerkte sessie')
    const download = await client.get(`/sessions/${slug}/export.md`)
    expect(download.headers['content-disposition']).toContain(`${slug}.md`)
    expect(download.body).toContain('## Break-out: Data tussen deals')
  })
})

describe('leerplein import-session and export-session', () => {
  test('import needs --update for an existing session; export writes the same format', async () => {
    const dir = tempFolder('leerplein-import-')
    const file = path.join(dir, 'sessie.md')
    writeFileSync(file, reference)
    const env = { DATABASE_PATH: path.join(dir, 'db.sqlite') }
    const run = (args: string[]) => runCliCaptured(args, env)
    const first = await run(['import-session', file])
    expect(first.code).toBe(0)
    const slug = /\/sessions\/(\S+)/.exec(first.stdout)?.[1] as string
    const twice = await run(['import-session', file])
    expect(twice.code).toBe(2)
    expect(twice.stderr).toContain('use --update')
    expect((await run(['import-session', '--update', file])).code).toBe(0)
    const exported = await run(['export-session', slug])
    expect(exported.code).toBe(0)
    expect(parseSessionDocument(exported.stdout).document?.ideas).toHaveLength(5)
    const bad = path.join(dir, 'kapot.md')
    writeFileSync(bad, 'geen front matter')
    const failed = await run(['import-session', bad])
    expect(failed.code).toBe(1)
    expect(failed.stderr).toContain('kapot.md:1: line 1: the file must start with front matter')
    const missing = await run(['import-session', path.join(dir, 'bestaat-niet.md')])
    expect(missing.code).toBe(2)
    expect(missing.stderr.trim()).toBe(
      `leerplein import-session: cannot read ${path.join(dir, 'bestaat-niet.md')} (ENOENT).`,
    )
    const database = openDatabase(env.DATABASE_PATH)
    expect(await database.db.selectFrom('theme_session').selectAll().execute()).toHaveLength(1)
    await database.close()
  })

  test('one bad file among good ones imports none of them', async () => {
    const dir = tempFolder('leerplein-import-many-')
    const databasePath = path.join(dir, 'db.sqlite')
    const run = (args: string[]) => runCliCaptured(args, { DATABASE_PATH: databasePath })
    const numbers = async () => {
      const database = openDatabase(databasePath)
      try {
        const rows = await database.db
          .selectFrom('theme_session')
          .select('number')
          .orderBy('number')
          .execute()
        return rows.map((r) => r.number)
      } finally {
        await database.close()
      }
    }
    const file = (name: string, text: string) => {
      writeFileSync(path.join(dir, name), text)
      return path.join(dir, name)
    }
    const fifth = file('vijfde.md', reference)
    const sixth = file('zesde.md', reference.replace('number: 5', 'number: 6'))
    const broken = file('kapot.md', reference.replace('number: 5', 'number: 7').replace(/^title: .*\n/m, ''))
    expect((await run(['import-session', fifth])).code).toBe(0)

    // A file that does not parse: every file is checked before anything is written.
    const parseFailure = await run(['import-session', sixth, broken])
    expect(parseFailure.code).toBe(1)
    expect(parseFailure.stderr).toBe(`${broken}:2: line 2: a title of 3 to 150 characters is missing\n`)
    expect(await numbers()).toEqual([5])

    // A file that parses but cannot be saved (its session exists, no --update): the good file that was
    // already saved in the same run is rolled back with it.
    const saveFailure = await run(['import-session', sixth, fifth])
    expect(saveFailure.code).toBe(2)
    expect(saveFailure.stderr).toContain(`${fifth}: session `)
    expect(saveFailure.stderr).toContain('use --update')
    expect(await numbers()).toEqual([5])

    expect((await run(['import-session', '--update', sixth, fifth])).code).toBe(0)
    expect(await numbers()).toEqual([5, 6])
  })
})
