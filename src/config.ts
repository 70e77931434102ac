// The one module that reads the environment. Every variable is validated here, so a typo in a
// deployment fails at start with a message that names it, instead of misbehaving later.
import path from 'node:path'
import { type Locale, locales } from './i18n/locales.js'

export interface Config {
  port: number
  host: string
  databasePath: string
  /** Absolute origin the site is reached at, e.g. `https://leerplein.example.nl`; null when unset. */
  publicUrl: URL | null
  defaultLocale: Locale
  logLevel: LogLevel
  /** Fastify's trustProxy: false, a number of proxy hops, or the proxies' addresses. */
  trustProxy: boolean | number | string[]
  /** Development mode: templates are re-read on every request and logs are human-readable. */
  development: boolean
  /** Time between the server's own backups in milliseconds; null when scheduled backups are off. */
  backupIntervalMs: number | null
  /** How many scheduled backups to keep; older ones are deleted after each new one. */
  backupKeep: number
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
type LogLevel = (typeof logLevels)[number]

export class ConfigError extends Error {}

/** Documented in README.md ("Configuration"); keep the two in step. */
export const configVariables = {
  PORT: { default: '3000', meaning: 'TCP port the server listens on' },
  HOST: { default: '127.0.0.1', meaning: 'Address to listen on; 0.0.0.0 for all interfaces' },
  DATABASE_PATH: {
    default: './data/leerplein.sqlite',
    meaning: 'SQLite database file; its folder is created when missing',
  },
  PUBLIC_URL: {
    default: '(unset)',
    meaning: 'Public address such as https://leerplein.example.nl; https makes cookies Secure',
  },
  DEFAULT_LOCALE: { default: 'nl', meaning: 'Interface language when nothing else decides: nl or en' },
  LOG_LEVEL: { default: 'info', meaning: `One of ${logLevels.join(', ')}` },
  TRUST_PROXY: {
    default: 'false',
    meaning: 'Behind a reverse proxy: the number of proxies (usually 1) or their addresses, comma-separated',
  },
  NODE_ENV: { default: 'production', meaning: 'development re-reads templates on every request' },
  BACKUP_INTERVAL: {
    default: '(unset)',
    meaning:
      'Let the server back up the database this often, e.g. 30m, 6h or 1d; unset means no scheduled backups',
  },
  BACKUP_KEEP: { default: '7', meaning: 'How many scheduled backups to keep; older ones are deleted' },
} as const

type Env = Record<string, string | undefined>

function invalid(name: string, value: string, allowed: string): ConfigError {
  return new ConfigError(
    `Invalid configuration: ${name}=${JSON.stringify(value)} is not allowed; ${allowed}.`,
  )
}

function read(env: Env, name: keyof typeof configVariables): string | undefined {
  const value = env[name]
  return value === undefined || value.trim() === '' ? undefined : value.trim()
}

function parsePort(env: Env): number {
  const raw = read(env, 'PORT') ?? configVariables.PORT.default
  const port = /^\d+$/.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw invalid('PORT', raw, 'expected a whole number from 0 to 65535')
  }
  return port
}

function parseChoice<T extends string>(
  env: Env,
  name: keyof typeof configVariables,
  choices: readonly T[],
  fallback: T,
): T {
  const raw = read(env, name)
  if (raw === undefined) return fallback
  if (!(choices as readonly string[]).includes(raw)) {
    throw invalid(name, raw, `expected one of ${choices.join(', ')}`)
  }
  return raw as T
}

function parseTrustProxy(env: Env): boolean | number | string[] {
  const raw = read(env, 'TRUST_PROXY')
  if (raw === undefined || /^(false|0|no)$/i.test(raw)) return false
  // Trusting every hop would let a client choose its own address (and so its rate limit) with
  // X-Forwarded-For; "true" therefore means the one proxy in front.
  if (/^(true|yes)$/i.test(raw)) return 1
  if (/^\d{1,2}$/.test(raw)) return Number(raw)
  const addresses = raw.split(',').map((a) => a.trim())
  if (addresses.every((a) => /^[\d.:a-fA-F/]+$/.test(a) && a.length > 0)) return addresses
  throw invalid(
    'TRUST_PROXY',
    raw,
    'expected false, a number of proxies such as 1, or proxy addresses separated by commas',
  )
}

function parsePublicUrl(env: Env): URL | null {
  const raw = read(env, 'PUBLIC_URL')
  if (raw === undefined) return null
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw invalid(
      'PUBLIC_URL',
      raw,
      'expected an absolute http(s) address such as https://leerplein.example.nl',
    )
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid('PUBLIC_URL', raw, 'expected an http or https address')
  }
  return new URL(url.origin)
}

function parseHost(env: Env): string {
  const raw = read(env, 'HOST') ?? configVariables.HOST.default
  if (!/^[\w.:[\]-]+$/.test(raw)) throw invalid('HOST', raw, 'expected a host name or IP address')
  return raw
}

const durationUnits = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const
// Node's timers overflow above 2^31 - 1 ms (24.8 days) and then fire at once, in a loop.
const longestTimerMs = 2 ** 31 - 1

function parseBackupInterval(env: Env, databasePath: string): number | null {
  const raw = read(env, 'BACKUP_INTERVAL')
  if (raw === undefined || raw.toLowerCase() === 'off') return null
  const match = /^(\d{1,6})([mhd])$/.exec(raw)
  const ms = match ? Number(match[1]) * durationUnits[match[2] as keyof typeof durationUnits] : 0
  if (ms <= 0 || ms > longestTimerMs) {
    throw invalid(
      'BACKUP_INTERVAL',
      raw,
      'expected minutes, hours or days such as 30m, 6h or 1d (at least 1m, at most 24d), or unset for none',
    )
  }
  if (databasePath === ':memory:') {
    throw invalid(
      'BACKUP_INTERVAL',
      raw,
      'an in-memory database (DATABASE_PATH=:memory:) has no file to back up',
    )
  }
  return ms
}

function parseBackupKeep(env: Env): number {
  const raw = read(env, 'BACKUP_KEEP') ?? configVariables.BACKUP_KEEP.default
  const keep = /^\d{1,4}$/.test(raw) ? Number(raw) : 0
  if (keep < 1) throw invalid('BACKUP_KEEP', raw, 'expected a whole number of backups from 1 to 9999')
  return keep
}

function resolveDatabasePath(raw: string, cwd: string): string {
  return raw === ':memory:' ? raw : path.resolve(cwd, raw)
}

/** Reads and validates the configuration; throws ConfigError with a one-line message. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const databasePath = resolveDatabasePath(
    read(env, 'DATABASE_PATH') ?? configVariables.DATABASE_PATH.default,
    cwd,
  )
  return {
    port: parsePort(env),
    host: parseHost(env),
    databasePath,
    publicUrl: parsePublicUrl(env),
    defaultLocale: parseChoice(env, 'DEFAULT_LOCALE', locales, 'nl'),
    logLevel: parseChoice(env, 'LOG_LEVEL', logLevels, 'info'),
    trustProxy: parseTrustProxy(env),
    development:
      parseChoice(env, 'NODE_ENV', ['development', 'production', 'test'], 'production') === 'development',
    backupIntervalMs: parseBackupInterval(env, databasePath),
    backupKeep: parseBackupKeep(env),
  }
}

/** A configuration for tests and tools that need no environment at all. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent' }), ...overrides }
}
