// The dates and titles search ranks by, kept in memory across writes (src/search/rank-data.ts): a
// write drops exactly the entries it wrote, in this process or another.
import { readContentVersion } from '../../src/cache/content-version.js'
import type { Database } from '../../src/db/database.js'
import { searchDocId } from '../../src/search/doc-ids.js'
import { RankData } from '../../src/search/rank-data.js'
import { emptyFields } from '../../src/wiki/fields.js'
import { createPage, findPageById, updatePage } from '../../src/wiki/queries.js'
import { describe, expect, test } from '../helpers/app.js'

/** A page's text as these tests write it: only the title changes. */
const pageText = (title: string) => ({
  title,
  kind: 'page' as const,
  body: 'Tekst.',
  fields: emptyFields,
  summary: null,
  authorId: null,
})

async function page(db: Database, title: string) {
  const result = await createPage(db, pageText(title))
  if (!result.ok) throw new Error(title)
  return { pageId: result.id, docId: searchDocId('page', 'all', result.id) }
}

async function rename(db: Database, pageId: number, title: string) {
  const row = await findPageById(db, pageId)
  if (!row) throw new Error('page')
  const result = await updatePage(db, pageId, row.revision, pageText(title))
  if (!result.ok) throw new Error('rename')
}

/** Changes an entry's title in the table without a write that says so: only a re-read shows it. */
async function changeBehindTheCache(db: Database, docId: number, title: string) {
  await db.updateTable('search_doc').set({ title }).where('id', '=', docId).execute()
}

const titles = (entries: ({ title: string } | undefined)[]) => entries.map((entry) => entry?.title)

describe('rank data', () => {
  test('a write drops the entries it wrote and keeps the others', async ({ app }) => {
    const a = await page(app.db, 'Alfa')
    const b = await page(app.db, 'Bravo')
    const data = new RankData(100)
    const ids = [a.docId, b.docId]
    expect(titles(await data.of(app.db, ids, await readContentVersion(app.db)))).toEqual(['Alfa', 'Bravo'])

    await changeBehindTheCache(app.db, a.docId, 'Niet herlezen')
    await rename(app.db, b.pageId, 'Bravo nieuw')
    const after = await data.of(app.db, ids, await readContentVersion(app.db))
    // Alfa was not written: it comes from memory. Bravo was: it is read again, with its new title.
    expect(titles(after)).toEqual(['Alfa', 'Bravo nieuw'])
    expect(after[1]?.folded).toBe('bravo nieuw')
  })

  test('a request that began before a newer version uses what it reads but does not keep it', async ({
    app,
  }) => {
    const a = await page(app.db, 'Alfa')
    const older = await readContentVersion(app.db)
    const b = await page(app.db, 'Bravo')
    const data = new RankData(100)
    await data.of(app.db, [b.docId], await readContentVersion(app.db))
    expect(titles(await data.of(app.db, [a.docId], older))).toEqual(['Alfa'])
    await changeBehindTheCache(app.db, a.docId, 'Herlezen')
    expect(titles(await data.of(app.db, [a.docId], await readContentVersion(app.db)))).toEqual(['Herlezen'])
  })

  test('past its size the oldest entry goes', async ({ app }) => {
    const a = await page(app.db, 'Alfa')
    const b = await page(app.db, 'Bravo')
    const version = await readContentVersion(app.db)
    const data = new RankData(1)
    await data.of(app.db, [a.docId, b.docId], version)
    await changeBehindTheCache(app.db, a.docId, 'Alfa herlezen')
    await changeBehindTheCache(app.db, b.docId, 'Bravo herlezen')
    expect(titles(await data.of(app.db, [a.docId, b.docId], version))).toEqual(['Alfa herlezen', 'Bravo'])
  })

  test('many ids at once are read in batches, in their order', async ({ app }) => {
    const pages = []
    for (let i = 0; i < 140; i++) pages.push(await page(app.db, `Pagina ${i}`))
    const ids = pages.map((p) => p.docId)
    const gone = searchDocId('page', 'all', 999_999)
    // 701 ids, all missed: more than the largest batch holds.
    const asked = [...ids, ...ids, ...ids, ...ids, ...ids, gone]
    const entries = await new RankData(1000).of(app.db, asked, await readContentVersion(app.db))
    const expected = pages.map((_, i) => `Pagina ${i}`)
    expect(titles(entries)).toEqual([
      ...expected,
      ...expected,
      ...expected,
      ...expected,
      ...expected,
      undefined,
    ])
  })

  test('past a number of entries written since, all are dropped', async ({ app }) => {
    const a = await page(app.db, 'Alfa')
    const b = await page(app.db, 'Bravo')
    const data = new RankData(100, 1)
    await data.of(app.db, [a.docId, b.docId], await readContentVersion(app.db))
    await changeBehindTheCache(app.db, a.docId, 'Alfa herlezen')
    await rename(app.db, b.pageId, 'Bravo nieuw')
    await page(app.db, 'Charlie')
    const entries = await data.of(app.db, [a.docId, b.docId], await readContentVersion(app.db))
    expect(titles(entries)).toEqual(['Alfa herlezen', 'Bravo nieuw'])
  })

  test('requests that arrive while entries are being dropped wait for it', async ({ app }) => {
    const a = await page(app.db, 'Alfa')
    const b = await page(app.db, 'Bravo')
    const data = new RankData(100)
    const ids = [a.docId, b.docId]
    await data.of(app.db, ids, await readContentVersion(app.db))
    await rename(app.db, a.pageId, 'Alfa nieuw')
    const middle = await readContentVersion(app.db)
    await rename(app.db, b.pageId, 'Bravo nieuw')
    const newest = await readContentVersion(app.db)
    // Started together: the second and third must not answer from memory before the drops are done.
    const [first, second, third] = await Promise.all([
      data.of(app.db, ids, middle),
      data.of(app.db, ids, newest),
      data.of(app.db, ids, newest),
    ])
    expect(titles(first)[0]).toBe('Alfa nieuw')
    expect(titles(second)).toEqual(['Alfa nieuw', 'Bravo nieuw'])
    expect(titles(third)).toEqual(['Alfa nieuw', 'Bravo nieuw'])
  })
})
