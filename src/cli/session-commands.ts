import { readFile, writeFile } from 'node:fs/promises'
import { translator } from '../i18n/translate.js'
import { importSessionDocument, loadSessionDocument } from '../sessions/import.js'
import { exportSession, parseSessionDocument, type SessionDocument } from '../sessions/markdown-format.js'
import { findSessionBySlug } from '../sessions/queries.js'
import { type Command, UsageError, withDatabase } from './command.js'

export const importSessionCommand: Command = {
  name: 'import-session',
  summary: 'Import sessions from markdown files (front matter, report, break-outs, ideas).',
  usage: '  --update     Update a session whose series and number already exist',
  options: { update: { type: 'boolean' } },
  positionals: 'FILE…',
  async run(values, io, files) {
    if (files.length === 0) throw new UsageError('leerplein import-session: name at least one file.')
    const t = translator('en')
    // Every file is read and checked first: one bad file imports nothing.
    const documents: { file: string; document: SessionDocument }[] = []
    let failed = false
    for (const file of files) {
      const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(
          `leerplein import-session: cannot read ${file} (${error.code ?? error.message}).`,
        )
      })
      const { document, errors } = parseSessionDocument(text)
      for (const error of errors) io.stderr.write(`${file}:${error.line}: ${t(error.key, error.params)}\n`)
      if (document) documents.push({ file, document })
      else failed = true
    }
    if (failed) return 1
    return withDatabase(async ({ db }) => {
      const results = await db.transaction().execute(async (trx) => {
        const done = []
        for (const { file, document } of documents) {
          const result = await importSessionDocument(trx, document, {
            update: values.update === true,
            authorId: null,
          })
          if (!result.ok)
            throw new UsageError(`${file}: session ${result.slug} has this series and number; use --update.`)
          done.push({ file, ...result })
        }
        return done
      })
      for (const r of results)
        io.stdout.write(`${r.file}: ${r.updated ? 'updated' : 'imported'} /sessions/${r.slug}\n`)
      return 0
    })
  },
}

export const exportSessionCommand: Command = {
  name: 'export-session',
  summary: 'Write a session as one markdown file (to standard output, or --to FILE).',
  usage: '  --to FILE    Write to this file instead of standard output',
  options: { to: { type: 'string' } },
  positionals: 'SLUG',
  async run(values, io, positionals) {
    const [slug, ...rest] = positionals
    if (!slug || rest.length > 0) {
      throw new UsageError('leerplein export-session: name one session, as in /sessions/SLUG.')
    }
    return withDatabase(async ({ db }) => {
      const session = await findSessionBySlug(db, slug)
      if (!session) throw new UsageError(`leerplein export-session: no session ${slug}.`)
      const text = exportSession(await loadSessionDocument(db, session))
      if (typeof values.to === 'string') await writeFile(values.to, text)
      else io.stdout.write(text)
      return 0
    })
  },
}
