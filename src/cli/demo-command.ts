import { createDemoAccounts, createDemoPersonPages, demoAccounts, demoPassword } from '../demo/accounts.js'
import { createDemoForum, demoThreads } from '../demo/forum.js'
import { createDemoSessions, demoSessionFiles } from '../demo/sessions.js'
import { createDemoWiki, demoWikiPages } from '../demo/wiki.js'
import { updateSiteSettings } from '../settings/queries.js'
import { type Command, withDatabase } from './command.js'

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Fill an empty database with demo accounts (one per role) and a linked demo wiki.',
  usage: '  (no options; refuses a database that already has members)',
  options: {},
  run: (_values, io) =>
    withDatabase(async (database, config) => {
      const existing = await database.db.selectFrom('member').select('id').limit(1).execute()
      if (existing.length > 0) {
        io.stderr.write(
          `leerplein demo: ${config.databasePath} already has members; use a new DATABASE_PATH.\n`,
        )
        return 1
      }
      await database.db.transaction().execute(async (trx) => {
        await createDemoAccounts(trx)
        const moderator = await trx
          .selectFrom('member')
          .select('id')
          .where('role', '=', 'moderator')
          .executeTakeFirstOrThrow()
        await createDemoWiki(trx, moderator.id)
        await createDemoPersonPages(trx, moderator.id)
        const ids = Object.fromEntries(
          (await trx.selectFrom('member').select(['id', 'email']).execute()).map((m) => [
            m.email?.split('@')[0],
            m.id,
          ]),
        ) as Record<'sanne' | 'joris' | 'moderator' | 'beheer', number>
        await createDemoForum(trx, ids)
        await createDemoSessions(trx, moderator.id)
        await updateSiteSettings(trx, { siteName: 'Leerplein demo' })
      })
      io.stdout.write(
        `Demo data written to ${config.databasePath}: ${demoWikiPages.length + demoAccounts.length} wiki pages, ${demoThreads.length} threads, ${demoSessionFiles.length} theme sessions and these accounts (password "${demoPassword}"):\n`,
      )
      for (const a of demoAccounts) io.stdout.write(`  ${a.role.padEnd(9)}  ${a.email}\n`)
      return 0
    }),
}
