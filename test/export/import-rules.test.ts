import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import { addLife, cli, readFolder, tempDir } from './helpers.js'

function count(file: string, table: string): number {
  const db = new SQLite(file, { readonly: true })
  try {
    return (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n
  } finally {
    db.close()
  }
}

/** 1-based number of the first line of `text` that starts with `start`. */
function lineOf(text: string, start: string): number {
  return text.split('\n').findIndex((line) => line.startsWith(start)) + 1
}

describe('leerplein import', () => {
  let dir: string
  let source: string
  let exported: string

  beforeAll(async () => {
    dir = tempDir()
    source = path.join(dir, 'source.sqlite')
    expect((await cli(['demo'], source)).code).toBe(0)
    await addLife(source)
    exported = path.join(dir, 'export')
    expect((await cli(['export', exported], source)).code).toBe(0)
  })

  it('refuses a database that already holds data, in one line with exit code 2', async () => {
    const before = count(source, 'page')
    const result = await cli(['import', exported], source)
    expect(result.code).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/^leerplein import: the database already holds \d+ member.*--merge/)
    expect(count(source, 'page')).toBe(before)
  })

  it('refuses to export into a folder that is not empty', async () => {
    const result = await cli(['export', exported], source)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('is not empty')
  })

  it('merges into a community with data: reports conflicts, keeps what exists, imports the rest', async () => {
    const target = path.join(dir, 'merge-target.sqlite')
    expect((await cli(['demo'], target)).code).toBe(0)
    const db = new SQLite(target)
    db.prepare("update page set body = 'Onze eigen tekst.' where slug = 'city-deal-energieke-buurten'").run()
    db.close()
    const pages = count(target, 'page')
    const threads = count(target, 'thread')
    const members = count(target, 'member')

    const result = await cli(['import', exported, '--merge'], target)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('conflict: page city-deal-energieke-buurten: already exists')
    expect(result.stdout).toContain('conflict: member sanne@leerplein.test: already a member here')
    expect(result.stdout).toMatch(/conflict: session \S+: already exists/)
    expect(result.stdout).toContain('conflict: redirect brede-welvaart: that address is already in use here')
    expect(result.stdout).not.toContain('/reset/')

    const merged = new SQLite(target, { readonly: true })
    const one = <T>(query: string, ...params: unknown[]) => merged.prepare(query).get(...params) as T
    // Kept as it was, not overwritten.
    expect(
      one<{ body: string }>("select body from page where slug = 'city-deal-energieke-buurten'").body,
    ).toBe('Onze eigen tekst.')
    // The renamed page is new here, so it came in, and search finds it.
    expect(count(target, 'page')).toBe(pages + 1)
    const renamed = one<{ id: number }>("select id from page where slug = 'brede-welvaart-in-deals'")
    expect(one("select title from search_doc where type = 'page' and source_id = ?", renamed.id)).toEqual({
      title: 'Brede welvaart in deals',
    })
    // Threads have no natural key: all come in, with new ids, written by the members with the same email.
    expect(count(target, 'thread')).toBe(threads * 2)
    // Only the erased account comes in anew: it has no address to match.
    expect(count(target, 'member')).toBe(members + 1)
    const sanne = one<{ id: number }>("select id from member where email = 'sanne@leerplein.test'").id
    expect(
      one<{ n: number }>('select count(*) as n from thread where author_id = ? and id > ?', sanne, threads).n,
    ).toBeGreaterThan(0)
    // Accepted answers point at the imported posts of the same thread.
    const wrong = one<{ n: number }>(
      `select count(*) as n from thread t join post p on p.id = t.accepted_post_id
       where p.thread_id <> t.id`,
    )
    expect(wrong.n).toBe(0)
    merged.close()
  })

  it('imports nothing from a folder with a broken file and names the file and line', async () => {
    const broken = path.join(dir, 'broken')
    expect((await cli(['export', broken], source)).code).toBe(0)
    const pageFile = 'wiki/pages/city-deal-energieke-buurten.md'
    const pageText = readFileSync(path.join(broken, pageFile), 'utf8')
    writeFileSync(path.join(broken, pageFile), pageText.replace('kind: deal', 'kind: deal: city'))
    const otherFile = 'wiki/pages/city-deal-eenvoudig-regelen.md'
    const otherText = readFileSync(path.join(broken, otherFile), 'utf8')
    writeFileSync(path.join(broken, otherFile), otherText.replace('deal_status: ', 'deal_status: bijna-'))
    const threadName = [...readFolder(broken).keys()].find((f) => f.startsWith('forum/threads/3-')) as string
    const threadText = readFileSync(path.join(broken, threadName), 'utf8')
    writeFileSync(
      path.join(broken, threadName),
      threadText.replace('<!-- post {"number":2,', '<!-- post {number:2,'),
    )

    const target = path.join(dir, 'broken-target.sqlite')
    const result = await cli(['import', broken], target)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      `${pageFile}:${lineOf(pageText, 'kind:')}: Nested mappings are not allowed in compact mappings\n`,
    )
    expect(result.stderr).toContain(
      `${otherFile}:${lineOf(otherText, 'deal_status:')}: "deal_status" must be one of`,
    )
    expect(result.stderr).not.toContain('wiki/history')
    expect(result.stderr).toContain(`${threadName}:${lineOf(threadText, '<!-- post {"number":2,')}: `)
    expect(result.stderr).toContain('nothing was imported')
    for (const table of ['member', 'page', 'thread', 'post', 'theme_session', 'link']) {
      expect(count(target, table), table).toBe(0)
    }
    // The new database's own default categories are still there: the transaction rolled back.
    expect(count(target, 'category')).toBe(4)
  })

  it('refuses a folder that is not an export', async () => {
    const result = await cli(['import', tempDir()], path.join(dir, 'none.sqlite'))
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('manifest.json:1: missing: this is not a Leerplein export')
  })
})
