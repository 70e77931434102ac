import path from 'node:path'
import SQLite from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { generateCommunity, largeCommunity, scaled } from '../../scripts/bench/generate.js'
import { addLife, cli, folderDifferences, tempDir } from './helpers.js'

/** Every row an export carries, as stored; what an import makes anew (revision ids) is left out. */
const comparedQueries: Record<string, string> = {
  member:
    'select id, email, display_name, role, status, locale, person_page_id, created_at, updated_at from member order by id',
  page: 'select * from page order by id',
  revision:
    'select entity_type, entity_id, number, title, body, fields, summary, author_id, created_at from revision order by entity_type, entity_id, number',
  redirect: 'select * from redirect order by from_slug',
  link: 'select * from link order by id',
  category: 'select * from category order by id',
  thread: 'select * from thread order by id',
  post: 'select id, thread_id, number, author_id, body, body_html, revision, hidden, deleted_at, edited_at, created_at from post order by id',
  flag: 'select * from flag order by id',
  notification: 'select * from notification order by id',
  theme_session: 'select * from theme_session order by id',
  session_tag: 'select * from session_tag order by session_id, relation, position',
  breakout: 'select * from breakout order by id',
  idea: 'select * from idea order by id',
  idea_vote: 'select * from idea_vote order by idea_id, member_id',
  audit_log: 'select * from audit_log order by id',
  search_doc:
    'select id, type, source_id, audience, title, body, date, href, place, link_type, link_id from search_doc order by id',
  sequences:
    "select name, seq from sqlite_sequence where name not in ('invitation', 'one_time_token') order by name",
}

function rows(file: string, skip: string[] = []) {
  const db = new SQLite(file, { readonly: true })
  try {
    return Object.fromEntries(
      Object.entries(comparedQueries)
        .filter(([table]) => !skip.includes(table))
        .map(([table, query]) => [table, db.prepare(query).all()]),
    )
  } finally {
    db.close()
  }
}

async function roundTrip(source: string, dir: string) {
  const first = path.join(dir, 'first')
  const second = path.join(dir, 'second')
  const target = path.join(dir, 'target.sqlite')
  const exported = await cli(['export', first], source)
  expect(exported.code, exported.stderr).toBe(0)
  const imported = await cli(['import', first], target)
  expect(imported.code, imported.stderr).toBe(0)
  const again = await cli(['export', second], target)
  expect(again.code, again.stderr).toBe(0)
  return { first, second, target, imported }
}

describe('export → import → export', () => {
  it('gives identical folders and the same rows for the demo community, lived in', async () => {
    const dir = tempDir()
    const source = path.join(dir, 'source.sqlite')
    expect((await cli(['demo'], source)).code).toBe(0)
    await addLife(source)
    const { first, second, target, imported } = await roundTrip(source, dir)

    expect(folderDifferences(first, second)).toEqual([])
    // Stored HTML and the search index come out of the one text engine exactly as the originals did.
    expect(rows(target)).toEqual(rows(source))
    expect(imported.stdout).toContain('Imported members have no password')
    expect(imported.stdout).toMatch(/beheer@leerplein\.test {2}\/reset\/[a-z0-9]{20,}/)
    const db = new SQLite(target, { readonly: true })
    expect(db.prepare('select count(*) as n from member where password_hash is not null').get()).toEqual({
      n: 0,
    })
    db.close()
  })

  it('gives identical folders for a generated community of thousands of posts', {
    timeout: 60_000,
  }, async () => {
    const dir = tempDir()
    const source = path.join(dir, 'generated.sqlite')
    const size = scaled(largeCommunity, 100)
    const generated = await generateCommunity(source, size, () => {})
    expect(generated.counts.posts).toBeGreaterThanOrEqual(2000)
    const { first, second, target } = await roundTrip(source, dir)

    expect(folderDifferences(first, second)).toEqual([])
    // The generator stores HTML of its own making; everything else returns as it was.
    const withoutHtml = (all: Record<string, unknown[]>) => {
      const drop = (list: unknown[], keys: string[]) =>
        list.map((row) =>
          Object.fromEntries(Object.entries(row as object).filter(([key]) => !keys.includes(key))),
        )
      return {
        ...all,
        page: drop(all.page ?? [], ['body_html']),
        post: drop(all.post ?? [], ['body_html']),
        theme_session: drop(all.theme_session ?? [], ['report_html']),
        breakout: drop(all.breakout ?? [], ['notes_html']),
        idea: drop(all.idea ?? [], ['description_html']),
      }
    }
    // The generator writes no revisions; the import gives every post its first one, as the app does.
    const skip = ['revision']
    expect(withoutHtml(rows(target, skip))).toEqual(withoutHtml(rows(source, skip)))
  })
})
