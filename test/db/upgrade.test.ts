import path from 'node:path'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { sessionCookie } from '../../src/auth/auth-plugin.js'
import { hashSecret } from '../../src/auth/tokens.js'
import { testConfig } from '../../src/config.js'
import { openDatabase } from '../../src/db/database.js'
import {
  judgeSchema,
  knownMigrationNames,
  migrateTo,
  migrateToLatest,
  SchemaVersionError,
} from '../../src/db/migrate.js'
import { ensureSearchIndex } from '../../src/search/index-sync.js'
import { TestClient } from '../helpers/http-client.js'
import { tempFolder } from '../helpers/temp.js'

/** The last migration of the first released schema: accounts, wiki, forum and theme sessions. */
const firstRelease = '2026-11-23T2200-sessions'

const tempFile = () => path.join(tempFolder('leerplein-upgrade-'), 'db.sqlite')

const now = '2026-11-23T22:30:00.000Z'
const later = '2027-01-01T00:00:00.000Z'
const sessionSecret = 'geheimgeheimgeheimgeheim'

/**
 * Rows as the first release wrote them, through SQL of that time rather than today's queries (which
 * may expect columns the old schema does not have yet).
 */
const firstReleaseData: [string, unknown[][]][] = [
  [
    'insert into member (id, email, display_name, password_hash, role, status, locale, person_page_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [
      [
        1,
        'anna@voorbeeld.nl',
        'Anna de Vries',
        '$argon2id$v=19$m=19456,t=2,p=1$x$y',
        'admin',
        'active',
        'nl',
        2,
        now,
        now,
      ],
      [
        2,
        'bram@voorbeeld.nl',
        'Bram Jansen',
        '$argon2id$v=19$m=19456,t=2,p=1$x$z',
        'member',
        'active',
        'en',
        null,
        now,
        now,
      ],
      [3, null, null, null, 'member', 'deleted', null, null, now, now],
    ],
  ],
  [
    'insert into login_session (id, member_id, secret_hash, created_at, expires_at, last_seen_at, user_agent) values (?, ?, ?, ?, ?, ?, ?)',
    [['sessie-anna', 1, hashSecret(sessionSecret), now, '2099-01-01T00:00:00.000Z', now, 'vitest']],
  ],
  ['insert into setting (key, value, updated_at) values (?, ?, ?)', [['site_name', 'Leerplein Deals', now]]],
  [
    'insert into audit_log (actor_id, action, target_type, target_id, detail, created_at) values (?, ?, ?, ?, ?, ?)',
    [[1, 'member.role', 'member', '2', '{"from":"member","to":"member"}', now]],
  ],
  [
    'insert into page (id, slug, title, kind, body, body_html, deal_type, deal_status, signed_on, partner_count, project_lead, revision, created_by, created_at, updated_by, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [
      [
        1,
        'regio-deal-zeeland',
        'Regio Deal Zeeland',
        'deal',
        'Kwelders en [[Anna de Vries]].',
        '<p>Kwelders en <a href="/wiki/anna-de-vries">Anna de Vries</a>.</p>',
        'regio-deal',
        'running',
        '2022-05-01',
        7,
        'Anna de Vries',
        2,
        1,
        now,
        1,
        now,
      ],
      [
        2,
        'anna-de-vries',
        'Anna de Vries',
        'person',
        'Dealmaker.',
        '<p>Dealmaker.</p>',
        null,
        null,
        null,
        null,
        null,
        1,
        1,
        now,
        1,
        now,
      ],
    ],
  ],
  [
    'insert into revision (entity_type, entity_id, number, title, body, fields, summary, author_id, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [
      ['page', 1, 1, 'Regio Deal Zeeland', 'Kwelders.', '{}', null, 1, now],
      ['page', 1, 2, 'Regio Deal Zeeland', 'Kwelders en [[Anna de Vries]].', '{}', 'link', 1, now],
      ['page', 2, 1, 'Anna de Vries', 'Dealmaker.', '{}', null, 1, now],
    ],
  ],
  ['insert into redirect (from_slug, page_id, created_at) values (?, ?, ?)', [['zeeland', 1, now]]],
  [
    'insert into link (source_type, source_id, target_slug, target_title, relation, snippet) values (?, ?, ?, ?, ?, ?)',
    [
      ['page', 1, 'anna-de-vries', 'Anna de Vries', 'text', 'Kwelders en Anna de Vries.'],
      ['page', 1, 'anna-de-vries', 'Anna de Vries', 'project_lead', ''],
      ['post', 2, 'regio-deal-zeeland', 'Regio Deal Zeeland', 'text', 'Zie Regio Deal Zeeland'],
    ],
  ],
  [
    'insert into thread (id, category_id, kind, title, author_id, accepted_post_id, reply_count, last_activity_at, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [[1, 1, 'question', 'Wie herstelt er kwelders met partners?', 2, 2, 1, now, now]],
  ],
  [
    'insert into post (id, thread_id, number, author_id, body, body_html, submission_key, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
    [
      [
        1,
        1,
        1,
        2,
        'Wie heeft ervaring met kwelderherstel?',
        '<p>Wie heeft ervaring met kwelderherstel?</p>',
        'k1',
        now,
      ],
      [
        2,
        1,
        2,
        1,
        'Zie [[Regio Deal Zeeland]]: zoutwaterlandbouw.',
        '<p>Zie Regio Deal Zeeland: zoutwaterlandbouw.</p>',
        'k2',
        now,
      ],
    ],
  ],
  [
    'insert into notification (member_id, kind, actor_id, thread_id, post_id, created_at) values (?, ?, ?, ?, ?, ?)',
    [[2, 'accepted', 1, 1, 2, now]],
  ],
  [
    'insert into theme_session (id, slug, title, series, number, starts_at, ends_at, format, location, status, summary, report, report_html, published_at, published_by, created_by, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [
      [
        1,
        'vijfde-themasessie',
        'Vijfde themasessie',
        'Themasessies',
        5,
        '2021-03-09T14:30:00.000Z',
        '2021-03-09T16:30:00.000Z',
        'online',
        'https://vergaderen.example/kamer',
        'published',
        'Over borgen',
        'Verslag over borgen.',
        '<p>Verslag over borgen.</p>',
        now,
        1,
        1,
        now,
        now,
      ],
      [
        2,
        'zesde-themasessie',
        'Zesde themasessie',
        'Themasessies',
        6,
        '2027-03-09T14:30:00.000Z',
        '2027-03-09T16:30:00.000Z',
        'hybrid',
        'Utrecht',
        'planned',
        '',
        '',
        '',
        null,
        null,
        1,
        now,
        now,
      ],
    ],
  ],
  [
    'insert into session_tag (session_id, relation, title, position) values (?, ?, ?, ?)',
    [
      [1, 'moderator', 'Anna de Vries', 0],
      [1, 'theme', 'Borgen', 0],
    ],
  ],
  [
    'insert into breakout (id, session_id, position, title, participants, notes, notes_html) values (?, ?, ?, ?, ?, ?, ?)',
    [
      [
        1,
        1,
        0,
        'Ruimtelijke kwaliteit',
        'Bram Jansen',
        'Notities over duinbeheer.',
        '<p>Notities over duinbeheer.</p>',
      ],
    ],
  ],
  [
    'insert into idea (id, session_id, title, description, description_html, status, taken_up_by, proposed_by, vote_count, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [[1, 1, 'Sessie over stikstofruimte', 'Graag.', '<p>Graag.</p>', 'planned', 2, 2, 2, now]],
  ],
  [
    'insert into idea_vote (idea_id, member_id, created_at) values (?, ?, ?)',
    [
      [1, 1, now],
      [1, 2, now],
    ],
  ],
]

type Row = Record<string, unknown>

function tablesOf(sqlite: import('better-sqlite3').Database): string[] {
  return (
    sqlite
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name",
      )
      .all() as { name: string }[]
  ).map((row) => row.name)
}

function rowsOf(sqlite: import('better-sqlite3').Database, table: string): Row[] {
  // Table names come from sqlite_master, not from input.
  return sqlite.prepare(`select rowid as _rowid, * from "${table}" order by rowid`).all() as Row[]
}

describe('upgrading a database made by the first release', () => {
  it('keeps every row and value, and the data is usable: pages, threads, sessions, logins and search', async () => {
    const file = tempFile()
    const database = openDatabase(file)
    expect(await migrateTo(database.db, firstRelease)).toContain(firstRelease)
    const known = await knownMigrationNames()
    expect(known.indexOf(firstRelease)).toBeLessThan(known.length - 1)
    database.sqlite.transaction(() => {
      for (const [statement, rows] of firstReleaseData) {
        const insert = database.sqlite.prepare(statement)
        for (const row of rows) insert.run(...row)
      }
    })()

    const before = new Map(tablesOf(database.sqlite).map((table) => [table, rowsOf(database.sqlite, table)]))
    for (const table of ['member', 'page', 'link', 'thread', 'post', 'login_session', 'breakout', 'idea']) {
      expect(before.get(table)?.length, table).toBeGreaterThan(0)
    }
    const applied = await migrateToLatest(database.db)
    expect(applied).toEqual(known.slice(known.indexOf(firstRelease) + 1))

    // Nothing lost: every row the first release stored is there, with every value it had.
    for (const [table, rows] of before) {
      if (table.startsWith('kysely_migration')) continue
      const after = rowsOf(database.sqlite, table)
      expect(after.length, table).toBe(rows.length)
      rows.forEach((row, i) => {
        expect(after[i], `${table} row ${i}`).toMatchObject(row)
      })
    }
    expect(database.sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(database.sqlite.pragma('foreign_key_check')).toEqual([])

    // Usable: the server's start-up work (the search index) runs, and the pages show the old data.
    const app = await buildApp({ config: testConfig({ databasePath: file }), database })
    try {
      expect(await ensureSearchIndex(app.db)).toBeGreaterThanOrEqual(5)
      const anna = new TestClient(app)
      anna.cookies.set(sessionCookie, `sessie-anna.${sessionSecret}`)

      const account = await anna.get('/account')
      expect(account.statusCode).toBe(200)
      expect(account.body).toContain('Anna de Vries')

      const search = await anna.get('/search?q=kwelderherstel')
      expect(search.statusCode).toBe(200)
      expect(search.body).toContain('Wie herstelt er kwelders met partners?')
      const breakoutSearch = await anna.get('/search?q=duinbeheer')
      expect(breakoutSearch.body).toContain('Ruimtelijke kwaliteit')

      const deal = await anna.get('/wiki/regio-deal-zeeland')
      expect(deal.statusCode).toBe(200)
      expect(deal.body).toContain('Kwelders en')
      // The reply's [[link]] of the first release still shows under Mentioned in.
      expect(deal.body).toContain('Wie herstelt er kwelders met partners?')
      expect((await anna.get('/wiki/zeeland')).statusCode).toBe(301)

      const threadPage = await anna.get('/threads/1')
      expect([200, 301]).toContain(threadPage.statusCode)
      const thread =
        threadPage.statusCode === 301 ? await anna.get(String(threadPage.headers.location)) : threadPage
      expect(thread.body).toContain('zoutwaterlandbouw')

      const session = await anna.get('/sessions/vijfde-themasessie')
      expect(session.statusCode).toBe(200)
      expect(session.body).toContain('Ruimtelijke kwaliteit')
      expect(session.body).toContain('Sessie over stikstofruimte')
    } finally {
      await app.close()
      await database.close()
    }
  })
})

describe('a database newer than the code', () => {
  it('is refused before any migration runs, with one line that says what to do', async () => {
    const database = openDatabase(tempFile())
    await migrateToLatest(database.db)
    await sql`insert into kysely_migration (name, timestamp) values (${'2099-01-01T0000-from-the-future'}, ${later})`.execute(
      database.db,
    )
    const attempt = migrateToLatest(database.db)
    await expect(attempt).rejects.toThrow(SchemaVersionError)
    await expect(migrateToLatest(database.db)).rejects.toThrow(
      /^Database \/.*db\.sqlite was migrated by a newer version of Leerplein \(migration "2099-01-01T0000-from-the-future" is unknown to this version\)/,
    )
    const message = await migrateToLatest(database.db).catch((error: Error) => error.message)
    expect(message).not.toContain('\n')
    await database.close()
  })

  it('is told apart from a database of another application and a file that is no Leerplein database', async () => {
    const known = await knownMigrationNames()
    expect(judgeSchema(known, known)).toMatchObject({ ok: true, pending: [] })
    expect(judgeSchema(known.slice(0, 2), known)).toMatchObject({ ok: true, pending: known.slice(2) })
    expect(judgeSchema([...known, '2099-01-01T0000-x'], known)).toMatchObject({ ok: false, kind: 'newer' })
    expect(judgeSchema(['001_users', '002_posts'], known)).toMatchObject({ ok: false, kind: 'other-app' })
    expect(judgeSchema(null, known)).toMatchObject({ ok: false, kind: 'not-leerplein' })
  })
})
