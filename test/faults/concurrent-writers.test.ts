// Two processes writing to one database file: the server, and this test process writing through the
// app's query functions as a CLI import next to a running server does. Neither may fail with
// SQLITE_BUSY: busy_timeout makes a writer wait for the other, as long as the waits are short.
import { rmSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { sessionCookie } from '../../src/auth/auth-plugin.js'
import { createMember } from '../../src/auth/queries.js'
import { createSession } from '../../src/auth/sessions.js'
import { type OpenedDatabase, openDatabase } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { createReply, createThread, findThread } from '../../src/forum/queries.js'
import { emptyFields } from '../../src/wiki/fields.js'
import { createPage, findPageBySlug, updatePage } from '../../src/wiki/queries.js'
import { tempFolder } from '../helpers/temp.js'
import { Browser, hiddenValue, type ServerProcess, startServer } from './server-process.js'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function member(database: OpenedDatabase, n: number) {
  const id = await createMember(database.db, {
    email: `schrijver${n}@gelijktijdig.test`,
    display_name: `Schrijver ${n}`,
    password_hash: null,
    role: 'member',
    status: 'active',
  })
  const { token } = await createSession(database.db, id, 'vitest')
  return { id, browser: new Browser({ [sessionCookie]: token }) }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('two processes writing to one database', () => {
  test('the server and a second process both keep writing without SQLITE_BUSY', async () => {
    const folder = tempFolder('leerplein-writers-')
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }))
    const file = path.join(folder, 'leerplein.sqlite')
    const database = openDatabase(file)
    cleanups.push(() => database.close())
    await migrateToLatest(database.db)
    const category = await database.db.selectFrom('category').select('id').executeTakeFirstOrThrow()
    const web = [await member(database, 1), await member(database, 2), await member(database, 3)]
    const local = await member(database, 4)
    const shared = await createPage(database.db, {
      title: 'Gedeelde pagina',
      kind: 'page',
      body: 'Versie 0',
      fields: emptyFields,
      summary: null,
      authorId: null,
    })
    if (!shared.ok) throw new Error('page')

    const server: ServerProcess = startServer(file)
    cleanups.push(async () => {
      server.child.kill('SIGTERM')
      await server.exited
    })
    const base = await server.listening

    const until = Date.now() + 4000
    const failures: string[] = []
    let webWrites = 0
    let localWrites = 0

    // Through the server: new pages and edits to the shared page, each a short transaction.
    const webWriter = async (who: { browser: Browser }, n: number) => {
      for (let i = 0; Date.now() < until; i += 1) {
        const form = await who.browser.get(base, '/wiki/new')
        const created = await who.browser.request(base, 'POST', '/wiki', {
          _csrf: hiddenValue(form.body, '_csrf'),
          title: `Webpagina ${n}-${i}`,
          kind: 'page',
          body: `Geschreven via de server, zie [[Gedeelde pagina]] (${i}).`,
          summary_line: '',
          action: 'save',
        })
        if (created.status !== 303) failures.push(`web page ${n}-${i}: ${created.status}`)
        else webWrites += 1
        const edit = await who.browser.get(base, `/wiki/${shared.slug}/edit`)
        const saved = await who.browser.request(base, 'POST', `/wiki/${shared.slug}`, {
          _csrf: hiddenValue(edit.body, '_csrf'),
          base_revision: hiddenValue(edit.body, 'base_revision'),
          title: 'Gedeelde pagina',
          kind: 'page',
          body: `Versie van schrijver ${n}, ronde ${i}`,
          summary_line: '',
          action: 'save',
        })
        // 409: the other process saved in between, which the wiki shows as a conflict; not a failure.
        if (saved.status !== 303 && saved.status !== 409) failures.push(`web edit ${n}-${i}: ${saved.status}`)
        else webWrites += 1
        // A person's pace, under the wiki's 60 writes a minute per member.
        await sleep(200)
      }
    }

    // The second process: what a CLI import does, through the same query functions.
    const localWriter = async () => {
      const thread = await createThread(database.db, {
        categoryId: category.id,
        kind: 'discussion',
        title: 'Draad van het tweede proces',
        body: 'Begin, met een link naar [[Gedeelde pagina]].',
        authorId: local.id,
        submissionKey: null,
      })
      const row = await findThread(database.db, thread.threadId)
      if (!row) throw new Error('thread')
      for (let i = 0; Date.now() < until; i += 1) {
        try {
          const page = await createPage(database.db, {
            title: `Importpagina ${i}`,
            kind: 'page',
            body: `Geïmporteerd, zie [[Gedeelde pagina]] (${i}).`,
            fields: emptyFields,
            summary: null,
            authorId: local.id,
          })
          if (!page.ok) failures.push(`local page ${i}: ${page.reason}`)
          await createReply(database.db, row, {
            body: `Antwoord ${i} uit het tweede proces.`,
            authorId: local.id,
            submissionKey: null,
          })
          const current = await findPageBySlug(database.db, shared.slug)
          if (current) {
            await updatePage(database.db, current.page.id, current.page.revision, {
              title: 'Gedeelde pagina',
              kind: 'page',
              body: `Versie van het tweede proces, ronde ${i}`,
              fields: emptyFields,
              summary: null,
              authorId: local.id,
            })
          }
          localWrites += 3
        } catch (error) {
          failures.push(`local ${i}: ${(error as { code?: string }).code ?? ''} ${String(error)}`)
        }
        // Normal load: an import does not hog the file; the server's requests get their turn.
        await sleep(2)
      }
    }

    await Promise.all([...web.map((who, n) => webWriter(who, n)), localWriter()])

    expect(failures).toEqual([])
    expect(server.errorLines).toEqual([])
    expect(webWrites).toBeGreaterThan(20)
    expect(localWrites).toBeGreaterThan(20)
    const check = database.sqlite.pragma('integrity_check', { simple: true })
    expect(check).toBe('ok')
  }, 60_000)
})
