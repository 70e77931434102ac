import path from 'node:path'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { verifyPassword } from '../../src/auth/passwords.js'
import { runCli } from '../../src/cli/run.js'
import { openDatabase } from '../../src/db/database.js'
import { demoAccounts, demoPassword } from '../../src/demo/accounts.js'
import { tempFolder } from '../helpers/temp.js'

async function cli(args: string[], databasePath: string, input = '') {
  const stdin = new PassThrough()
  stdin.end(input)
  const out: string[] = []
  const err: string[] = []
  const stdout = new PassThrough().on('data', (c) => out.push(String(c)))
  const stderr = new PassThrough().on('data', (c) => err.push(String(c)))
  const saved = process.env.DATABASE_PATH
  process.env.DATABASE_PATH = databasePath
  try {
    const code = await runCli(args, { stdout, stderr, stdin })
    return { code, stdout: out.join(''), stderr: err.join('') }
  } finally {
    process.env.DATABASE_PATH = saved
  }
}

const tempDatabase = () => path.join(tempFolder('leerplein-cli-'), 'db.sqlite')

describe('leerplein create-admin', () => {
  it('creates an admin with the password read from stdin', async () => {
    const file = tempDatabase()
    const result = await cli(
      ['create-admin', '--email', 'Root@Voorbeeld.nl', '--name', 'Rita Root'],
      file,
      'paarden op de dijk\n',
    )
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Administrator Root@Voorbeeld.nl created')
    const database = openDatabase(file)
    const row = await database.db.selectFrom('member').selectAll().executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      email: 'root@voorbeeld.nl',
      display_name: 'Rita Root',
      role: 'admin',
      status: 'active',
    })
    expect(await verifyPassword(row.password_hash, 'paarden op de dijk')).toBe(true)
    await database.close()
    const again = await cli(
      ['create-admin', '--email', 'root@voorbeeld.nl', '--name', 'Rita'],
      file,
      'paarden op de dijk\n',
    )
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('already exists')
  })

  it('says so when no password was given', async () => {
    const result = await cli(['create-admin', '--email', 'a@b.nl', '--name', 'Ab'], tempDatabase(), '')
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('no password was given')
  })

  it('refuses a weak password and missing options with one line', async () => {
    const file = tempDatabase()
    const weak = await cli(['create-admin', '--email', 'a@b.nl', '--name', 'Ab'], file, 'kort\n')
    expect(weak.code).toBe(1)
    expect(weak.stderr).toBe('leerplein create-admin: The password must be at least 12 characters long.\n')
    const missing = await cli(['create-admin', '--name', 'Ab'], file)
    expect(missing.code).toBe(2)
    expect(missing.stderr.trim().split('\n')).toHaveLength(1)
  })
})

describe('leerplein demo', () => {
  it('creates one account per role and a linked wiki on an empty database, and refuses a second time', async () => {
    const file = tempDatabase()
    const result = await cli(['demo'], file)
    expect(result.code).toBe(0)
    const database = openDatabase(file)
    const rows = await database.db
      .selectFrom('member')
      .select(['email', 'role', 'locale', 'password_hash'])
      .execute()
    expect(rows.map((r) => r.email).sort()).toEqual(demoAccounts.map((a) => a.email).sort())
    expect(new Set(rows.map((r) => r.role))).toEqual(new Set(['admin', 'moderator', 'member']))
    expect(rows.filter((r) => r.role === 'moderator')).toHaveLength(2)
    expect(rows.find((r) => r.email === 'emma@leerplein.test')?.locale).toBe('en')
    // The wiki, forum and sessions are written by the first moderator, whoever else is added.
    const author = await database.db
      .selectFrom('page')
      .innerJoin('member', 'member.id', 'page.created_by')
      .select('member.email')
      .executeTakeFirst()
    expect(author?.email).toBe('moderator@leerplein.test')
    expect(await verifyPassword(rows[0]?.password_hash ?? null, demoPassword)).toBe(true)
    const pages = await database.db.selectFrom('page').select(['kind', 'body_html']).execute()
    expect(pages.filter((p) => p.kind === 'deal').length).toBe(10)
    expect(pages.filter((p) => p.kind === 'person').length).toBe(12 + demoAccounts.length)
    // Every demo account has its person page, so mentioning them notifies them.
    const linked = await database.db
      .selectFrom('member')
      .innerJoin('page', 'page.id', 'member.person_page_id')
      .select(['member.display_name', 'page.title'])
      .execute()
    expect(linked.map((m) => m.title).sort()).toEqual(demoAccounts.map((a) => a.name).sort())
    expect(linked.every((m) => m.display_name === m.title)).toBe(true)
    // Nothing in the demo (sessions' people included) links to a page that does not exist.
    const missing = await database.db
      .selectFrom('link')
      .leftJoin('page', 'page.slug', 'link.target_slug')
      .select('link.target_slug')
      .where('page.id', 'is', null)
      .execute()
    expect(missing).toEqual([])
    // Everything the demo links to exists, so no link in it is drawn as missing.
    expect(pages.filter((p) => p.body_html.includes('wikilink--missing'))).toEqual([])
    const threads = await database.db.selectFrom('thread').select(['id', 'accepted_post_id']).execute()
    expect(threads).toHaveLength(24)
    expect(threads.filter((t) => t.accepted_post_id !== null).length).toBeGreaterThanOrEqual(10)
    const sessions = await database.db.selectFrom('theme_session').select(['status']).execute()
    expect(sessions.map((x) => x.status).sort()).toEqual(['planned', 'published', 'published', 'published'])
    const takenUp = await database.db
      .selectFrom('idea')
      .select('id')
      .where('taken_up_by', 'is not', null)
      .execute()
    expect(takenUp.length).toBeGreaterThanOrEqual(1)
    const posts = await database.db.selectFrom('post').select('body_html').execute()
    expect(posts.filter((p) => p.body_html.includes('wikilink--missing'))).toEqual([])
    await database.close()
    expect((await cli(['demo'], file)).code).toBe(1)
  })
})

describe('leerplein rerender', () => {
  it('renders stored texts again from their markdown', async () => {
    const file = tempDatabase()
    await cli(['demo'], file)
    const database = openDatabase(file)
    await database.db.updateTable('page').set({ body_html: 'stale' }).execute()
    await database.close()
    const result = await cli(['rerender'], file)
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/Rendered \d+ text\(s\) again/)
    const after = openDatabase(file)
    const stale = await after.db.selectFrom('page').select('id').where('body_html', '=', 'stale').execute()
    expect(stale).toEqual([])
    await after.close()
  })
})
