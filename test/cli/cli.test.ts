import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { commands } from '../../src/cli/commands.js'
import { projectRoot } from '../../src/paths.js'
import { runCliCaptured } from '../helpers/cli.js'
import { tempFolder } from '../helpers/temp.js'

const cli = runCliCaptured

/** Runs the real command in a child process, as `leerplein` would run. */
function spawnCli(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src/cli.ts'), ...args], {
    cwd: projectRoot,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

function collect(child: ChildProcess) {
  const output = { stdout: '', stderr: '' }
  child.stdout?.on('data', (chunk) => {
    output.stdout += String(chunk)
  })
  child.stderr?.on('data', (chunk) => {
    output.stderr += String(chunk)
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { output, exited }
}

const tempDatabase = () => path.join(tempFolder('leerplein-cli-'), 'db.sqlite')

describe('leerplein command', () => {
  it('lists its subcommands with --help', async () => {
    const result = await cli(['--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Usage: leerplein <command>')
    expect(result.stdout).toMatch(/serve\s+Start the web server/)
    expect(result.stdout).toMatch(/migrate\s+Apply pending database migrations/)
  })

  it('explains every subcommand with --help and -h, without touching a database', async () => {
    expect(commands.length).toBeGreaterThanOrEqual(8)
    const list = await cli(['--help'])
    // Opening the database would create this folder; help must not get that far.
    const folder = path.join(tempFolder('leerplein-cli-'), 'untouched')
    const env = { DATABASE_PATH: path.join(folder, 'db.sqlite') }
    for (const command of commands) {
      expect(list.stdout, command.name).toMatch(new RegExp(`^  ${command.name}\\s+\\S`, 'm'))
      for (const flag of ['--help', '-h']) {
        const result = await cli([command.name, flag], env)
        expect(result.code, `${command.name} ${flag}`).toBe(0)
        expect(result.stderr, `${command.name} ${flag}`).toBe('')
        expect(result.stdout).toContain(`Usage: leerplein ${command.name} [options]`)
        expect(result.stdout).toContain(command.summary)
        expect(result.stdout).toContain('--help')
      }
    }
    expect(existsSync(folder)).toBe(false)
  })

  it('answers an unknown subcommand or flag with one line and exit code 2', async () => {
    const command = await cli(['frobnicate'])
    expect(command.code).toBe(2)
    expect(command.stderr.trim().split('\n')).toHaveLength(1)
    expect(command.stderr).toContain('unknown command "frobnicate"')
    const flag = await cli(['migrate', '--frob'])
    expect(flag.code).toBe(2)
    expect(flag.stderr.trim().split('\n')).toHaveLength(1)
    expect(flag.stderr).toContain("Unknown option '--frob'")
  })

  it('migrates a new database and then reports it up to date', async () => {
    const env = { DATABASE_PATH: tempDatabase() }
    const first = await cli(['migrate'], env)
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/Applied \d+ migration\(s\)/)
    // The search index is brought up to date with the schema, once.
    expect(first.stdout).toContain('Rebuilt the search index: 0 item(s)')
    const second = await cli(['migrate'], env)
    expect(second.stdout).toContain('is up to date')
    expect(second.stdout).not.toContain('search index')
    const status = await cli(['migrate', '--status'], env)
    expect(status.stdout).toMatch(/^applied {2}2026-/m)
  })

  it('refuses a bad configuration with a one-line message naming the variable', async () => {
    const result = await cli(['migrate'], { PORT: 'abc' })
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      'Invalid configuration: PORT="abc" is not allowed; expected a whole number from 0 to 65535.\n',
    )
  })
})

describe('leerplein serve', () => {
  it('exits non-zero on PORT=abc before listening', async () => {
    const { output, exited } = collect(spawnCli(['serve'], { PORT: 'abc', DATABASE_PATH: tempDatabase() }))
    expect(await exited).toBe(1)
    expect(output.stderr.trim()).toBe(
      'Invalid configuration: PORT="abc" is not allowed; expected a whole number from 0 to 65535.',
    )
  })

  it('serves, then stops cleanly with exit code 0 within 10 s of SIGTERM', async () => {
    const child = spawnCli(['serve'], { PORT: '0', DATABASE_PATH: tempDatabase() })
    const { output, exited } = collect(child)
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no listen line: ${output.stdout}${output.stderr}`)),
        15_000,
      )
      child.stdout?.on('data', () => {
        const match = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(output.stdout)
        if (match) {
          clearTimeout(timer)
          resolve(Number(match[1]))
        }
      })
    })
    const health = await fetch(`http://127.0.0.1:${port}/healthz`)
    expect(health.status).toBe(200)
    const started = Date.now()
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(output.stdout).toContain('"msg":"stopped"')
  }, 30_000)
})
