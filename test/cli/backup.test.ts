// `leerplein backup` and `leerplein restore` as a person runs them, next to a real `leerplein serve`
// that keeps serving (and, with BACKUP_INTERVAL, makes its own backups); and the refusal of a database
// that a newer Leerplein migrated.
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/paths.js'
import { countWrites, siteDatabase, startWriter, tempFolder } from '../db/site-database.js'
import { runCliCaptured as cli } from '../helpers/cli.js'

interface Server {
  child: ChildProcess
  output: { stdout: string; stderr: string }
  exited: Promise<number | null>
  /** Resolves with the port once the server listens. */
  port: Promise<number>
}

function serve(env: Record<string, string>): Server {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src/cli.ts'), 'serve'], {
    cwd: projectRoot,
    env: { ...process.env, LOG_LEVEL: 'info', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output = { stdout: '', stderr: '' }
  child.stdout?.on('data', (chunk) => {
    output.stdout += String(chunk)
  })
  child.stderr?.on('data', (chunk) => {
    output.stderr += String(chunk)
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const port = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no listen line: ${output.stdout}${output.stderr}`)),
      8000,
    )
    child.stdout?.on('data', () => {
      const match = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(output.stdout)
      if (match) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    })
    void exited.then(() => reject(new Error(`server exited: ${output.stderr}`)))
  })
  // A server that is meant to refuse to start never listens; only tests that wait for the port care.
  port.catch(() => {})
  return { child, output, exited, port }
}

async function stop(server: Server) {
  server.child.kill('SIGTERM')
  expect(await server.exited).toBe(0)
}

describe('leerplein backup and restore next to a running server', () => {
  it('backs up while the server serves and another process writes, and restore refuses meanwhile', async () => {
    const file = await siteDatabase()
    const env = { DATABASE_PATH: file }
    const server = serve({ ...env, BACKUP_INTERVAL: '6h', BACKUP_KEEP: '3' })
    const port = await server.port
    const writer = startWriter(file)
    try {
      await writer.ready
      const backup = await cli(['backup'], env)
      expect(backup.stderr).toBe('')
      expect(backup.code).toBe(0)
      const match =
        /^Backed up .* to (\S+leerplein-\d{4}-\d{2}-\d{2}T\d{6}Z\.sqlite) \(\d+\.\d (kB|MB), integrity ok, schema \S+, \d+ ms\)\.\n$/.exec(
          backup.stdout,
        )
      expect(match, backup.stdout).not.toBeNull()
      const copy = match?.[1] as string
      expect(path.dirname(copy)).toBe(path.join(path.dirname(file), 'backups'))
      const counts = countWrites(copy)
      expect(counts.posts).toBe(counts.threads)

      const restore = await cli(['restore', copy], env)
      expect(restore.code).toBe(1)
      expect(restore.stderr).toMatch(
        /^leerplein restore: A Leerplein server is using .*; stop it before restoring\.\n$/,
      )

      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200)
      // The server's own first backup: there was no scheduled copy yet, so it is due at start.
      await expect
        .poll(() => server.output.stdout.includes('"msg":"scheduled backup made"'), { timeout: 8000 })
        .toBe(true)
    } finally {
      const outcome = await writer.stop()
      expect(outcome.error).toBeNull()
      await stop(server)
    }
    const scheduled = readdirSync(path.join(path.dirname(file), 'backups')).filter((name) =>
      name.endsWith('-scheduled.sqlite'),
    )
    expect(scheduled).toHaveLength(1)
    const sqlite = new SQLite(path.join(path.dirname(file), 'backups', scheduled[0] as string), {
      readonly: true,
    })
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
    sqlite.close()
  }, 20_000)

  it('serves a backup copy as it is, and restores it once the server has stopped', async () => {
    const file = await siteDatabase()
    const copy = path.join(tempFolder(), 'copy.sqlite')
    expect((await cli(['backup', '--to', copy], { DATABASE_PATH: file })).code).toBe(0)

    const onCopy = serve({ DATABASE_PATH: copy })
    const port = await onCopy.port
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200)
    const page = await fetch(`http://127.0.0.1:${port}/wiki/regio-deal-zeeland`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('zoutwaterlandbouw')
    await stop(onCopy)

    const restore = await cli(['restore', copy], { DATABASE_PATH: file })
    expect(restore.stderr).toBe('')
    expect(restore.code).toBe(0)
    expect(restore.stdout).toMatch(/^Restored .*copy\.sqlite to .*leerplein\.sqlite \(schema \S+\)\.\n/)
    expect(restore.stdout).toMatch(/The database it replaced is kept at .*-before-restore\.sqlite\.\n$/)
  }, 20_000)
})

describe('leerplein backup and restore failures', () => {
  it('answer with one line and exit code 1, or 2 for a wrong call', async () => {
    const folder = tempFolder()
    const missing = await cli(['backup'], { DATABASE_PATH: path.join(folder, 'none.sqlite') })
    expect(missing).toMatchObject({ code: 1, stdout: '' })
    expect(missing.stderr).toMatch(
      /^leerplein backup: No database at .*none\.sqlite; nothing to back up\.\n$/,
    )

    const file = await siteDatabase(path.join(folder, 'leerplein.sqlite'))
    const env = { DATABASE_PATH: file }
    const target = path.join(folder, 'copy.sqlite')
    expect((await cli(['backup', '--to', target], env)).code).toBe(0)
    const again = await cli(['backup', '--to', target], env)
    expect(again.code).toBe(1)
    expect(again.stderr.trim().split('\n')).toHaveLength(1)

    const noFile = await cli(['restore'], env)
    expect(noFile.code).toBe(2)
    expect(noFile.stderr).toContain('give one backup file')

    const corrupt = path.join(folder, 'corrupt.sqlite')
    const sqlite = new SQLite(target, { readonly: true })
    const bytes = sqlite.serialize()
    sqlite.close()
    // A page in the middle overwritten: the file opens, but SQLite's check finds the damage.
    bytes.fill(0x5a, 4096 * 3, 4096 * 5)
    writeFileSync(corrupt, bytes)
    const refused = await cli(['restore', corrupt], env)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/^leerplein restore: .*corrupt\.sqlite fails SQLite's integrity check: /)
    expect(refused.stderr.trim().split('\n')).toHaveLength(1)
    expect(existsSync(path.join(folder, 'backups'))).toBe(false)
  })
})

describe('a database migrated by a newer Leerplein', () => {
  it('makes migrate and serve stop with one line and a non-zero exit code', async () => {
    const file = await siteDatabase()
    const sqlite = new SQLite(file)
    sqlite
      .prepare('insert into kysely_migration (name, timestamp) values (?, ?)')
      .run('2099-01-01T0000-future', '')
    sqlite.close()
    const expected =
      /^Database .*leerplein\.sqlite was migrated by a newer version of Leerplein \(migration "2099-01-01T0000-future" is unknown to this version\); .*\.\n$/

    const migrate = await cli(['migrate'], { DATABASE_PATH: file })
    expect(migrate.code).toBe(1)
    expect(migrate.stderr).toMatch(expected)

    const server = serve({ DATABASE_PATH: file })
    expect(await server.exited).toBe(1)
    expect(server.output.stderr).toMatch(expected)
    expect(server.output.stdout).not.toContain('Server listening')
  }, 15_000)
})
