import { createInterface } from 'node:readline'
import { recordAudit } from '../audit/queries.js'
import { hashPassword, passwordProblem } from '../auth/passwords.js'
import { createMember, findMemberByEmail } from '../auth/queries.js'
import { loadConfig } from '../config.js'
import { openDatabase } from '../db/database.js'
import { migrateToLatest } from '../db/migrate.js'
import { isEmail } from '../http/forms.js'
import { translator } from '../i18n/translate.js'
import { type CliIo, type Command, UsageError } from './command.js'

/** Reads one line: hidden while typed on a terminal, or the first line of piped input. */
async function readPassword(io: CliIo): Promise<string> {
  const terminal = io.stdin.isTTY === true
  const rl = createInterface({ input: io.stdin, output: terminal ? io.stderr : undefined, terminal })
  if (terminal) {
    io.stderr.write('Password (not shown): ')
    // Mute the echo of what is typed; readline writes through _writeToOutput.
    ;(rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {}
  }
  const line = await new Promise<string>((resolve) => {
    rl.once('line', resolve)
    rl.once('close', () => resolve(''))
  })
  rl.close()
  if (terminal) io.stderr.write('\n')
  return line
}

export const createAdminCommand: Command = {
  name: 'create-admin',
  summary: 'Create an administrator account (password from the terminal, or the first line of stdin).',
  usage:
    '  --email ADDRESS  Login email of the new administrator (required)\n  --name NAME      Display name (required)',
  options: { email: { type: 'string' }, name: { type: 'string' } },
  async run(values, io) {
    const email = typeof values.email === 'string' ? values.email.trim() : ''
    const name = typeof values.name === 'string' ? values.name.trim() : ''
    if (!isEmail(email)) throw new UsageError('leerplein create-admin: --email needs a valid email address.')
    if (name.length < 2) throw new UsageError('leerplein create-admin: --name needs at least 2 characters.')
    const config = loadConfig()
    const password = await readPassword(io)
    if (password === '') {
      io.stderr.write(
        'leerplein create-admin: no password was given (type it, or pipe it on standard input).\n',
      )
      return 1
    }
    const problem = passwordProblem(password, [name, email.split('@')[0] ?? ''])
    if (problem) {
      io.stderr.write(`leerplein create-admin: ${translator('en')(problem)}\n`)
      return 1
    }
    const database = openDatabase(config.databasePath)
    try {
      await migrateToLatest(database.db)
      if (await findMemberByEmail(database.db, email)) {
        io.stderr.write(`leerplein create-admin: an account with ${email} already exists.\n`)
        return 1
      }
      const passwordHash = await hashPassword(password)
      await database.db.transaction().execute(async (trx) => {
        const id = await createMember(trx, {
          email,
          display_name: name,
          password_hash: passwordHash,
          role: 'admin',
          status: 'active',
        })
        await recordAudit(trx, { actorId: id, action: 'admin.setup', targetType: 'member', targetId: id })
      })
      io.stdout.write(`Administrator ${email} created. Log in at /login.\n`)
      return 0
    } finally {
      await database.close()
    }
  },
}
