import { DatabaseNotEmpty, importFolder } from '../export/import-folder.js'
import { formatProblem, ImportRejected } from '../export/problems.js'
import { type Command, UsageError, withDatabase } from './command.js'

/** Enough to fix a broken folder in one go without burying the first problem. */
const problemsShown = 30

export const importCommand: Command = {
  name: 'import',
  summary: 'Restore a folder made by `leerplein export` into an empty database (or --merge into one).',
  usage: '  --merge      Import into a database that already has data: keep what exists, report conflicts',
  options: { merge: { type: 'boolean' } },
  positionals: 'DIR',
  async run(values, io, positionals) {
    const [dir, ...rest] = positionals
    if (!dir || rest.length > 0) throw new UsageError('leerplein import: name one export folder.')
    return withDatabase(async ({ db }, config) => {
      try {
        const report = await importFolder(db, dir, { merge: values.merge === true })
        const c = report.counts
        io.stdout.write(
          `Imported ${dir} into ${config.databasePath}: ${c.members ?? 0} members, ${c.pages ?? 0} pages, ` +
            `${c.threads ?? 0} threads with ${c.posts ?? 0} posts, ${c.sessions ?? 0} sessions; ` +
            `rendered ${report.rendered} texts, indexed ${report.indexed} items for search.\n`,
        )
        for (const conflict of report.conflicts) io.stdout.write(`conflict: ${conflict}\n`)
        if (report.conflicts.length > 0) {
          io.stdout.write(`${report.conflicts.length} conflict(s): those items were left as they were.\n`)
        }
        if (report.resetLinks.length > 0) {
          io.stdout.write(
            'Imported members have no password. Administrators set theirs within 48 hours at:\n',
          )
          for (const link of report.resetLinks) {
            io.stdout.write(`  ${link.email}  ${config.publicUrl?.origin ?? ''}/reset/${link.token}\n`)
          }
          io.stdout.write('and then make reset links for the others under Beheer → Leden.\n')
        }
        return 0
      } catch (error) {
        if (error instanceof DatabaseNotEmpty) {
          throw new UsageError(
            `leerplein import: ${error.message}; use a new DATABASE_PATH, or --merge to add to it.`,
          )
        }
        if (error instanceof ImportRejected) {
          for (const problem of error.problems.slice(0, problemsShown)) {
            io.stderr.write(`${formatProblem(problem)}\n`)
          }
          const more = error.problems.length - problemsShown
          if (more > 0) io.stderr.write(`… and ${more} more.\n`)
          io.stderr.write(`leerplein import: nothing was imported from ${dir}.\n`)
          return 1
        }
        throw error
      }
    })
  },
}
