// The server is killed (SIGKILL) at random moments while members write; every confirmed write must
// survive whole, and nothing may be left half written. `npm run soak` runs the same loop for longer.
import { rmSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { createMember } from '../../src/auth/queries.js'
import { openDatabase } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { createThread } from '../../src/forum/queries.js'
import { tempFolder } from '../helpers/temp.js'
import { emptyReport, inspectDatabase, runKillLoop } from './kill-loop.js'

const folders: string[] = []
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
})

describe('killing the server while members write', () => {
  test('loses no confirmed write and leaves nothing half written', async () => {
    const report = await runKillLoop({ kills: 8, writers: 3, maxLifeMs: 1200 })
    const context = `seed ${report.seed}: ${JSON.stringify({ ...report, serverErrorLines: undefined })}`
    expect(report.kills, context).toBe(8)
    expect(report.integrity, context).toBe('ok')
    expect(report.foreignKeyViolations, context).toBe(0)
    expect(report.searchIndexIntegrity, context).toBe('ok')
    expect(report.lost, context).toEqual([])
    expect(report.halfWritten, context).toEqual([])
    expect(report.duplicates, context).toEqual([])
    expect(report.unexpected, context).toEqual([])
    expect(report.serverErrorLines, context).toEqual([])
    // The loop must really have written, in every kind, for the checks above to mean anything.
    for (const kind of ['thread', 'reply', 'edit', 'breakout'] as const) {
      expect(report.confirmed[kind], context).toBeGreaterThan(0)
    }
  }, 120_000)

  test('the checks notice a thread whose search entry or links are missing', async () => {
    const folder = tempFolder('leerplein-kill-check-')
    folders.push(folder)
    const file = path.join(folder, 'db.sqlite')
    const database = openDatabase(file)
    await migrateToLatest(database.db)
    const category = await database.db.selectFrom('category').select('id').executeTakeFirstOrThrow()
    const authorId = await createMember(database.db, {
      email: 'auteur@kill-loop.test',
      display_name: 'Auteur',
      password_hash: null,
      role: 'member',
      status: 'active',
    })
    const input = { categoryId: category.id, kind: 'question', authorId, submissionKey: null } as const
    const whole = await createThread(database.db, {
      ...input,
      title: 'Heel opgeslagen kl0001',
      body: 'Over [[Een]] en [[Twee]] kl0001',
    })
    const broken = await createThread(database.db, {
      ...input,
      title: 'Half opgeslagen kl0002',
      body: 'Over [[Een]] en [[Twee]] kl0002',
    })
    await database.db.deleteFrom('link').where('source_id', '=', broken.postId).execute()
    await database.db.deleteFrom('search_doc').where('source_id', '=', broken.threadId).execute()
    await database.close()

    const report = emptyReport(file)
    inspectDatabase(
      file,
      [
        { type: 'thread', marker: 'kl0001', threadId: whole.threadId, key: '' },
        { type: 'thread', marker: 'kl0002', threadId: broken.threadId, key: '' },
      ],
      [],
      report,
    )
    expect(report.integrity).toBe('ok')
    expect(report.lost).toEqual(['thread kl0002: links missing'])
    // The index still holds an entry whose row went: the check sees the drift.
    expect(report.searchIndexIntegrity).not.toBe('ok')
    expect(report.halfWritten).toEqual(
      expect.arrayContaining([
        `thread without its search entry: thread ${broken.threadId}`,
        `post with [[links]] but no link rows: post ${broken.postId}`,
      ]),
    )
  })
})
