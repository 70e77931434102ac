import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/config.js'

describe('loadConfig', () => {
  it('uses documented defaults when nothing is set', () => {
    const config = loadConfig({}, '/srv/leerplein')
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databasePath: path.resolve('/srv/leerplein', 'data/leerplein.sqlite'),
      publicUrl: null,
      defaultLocale: 'nl',
      logLevel: 'info',
      trustProxy: false,
      development: false,
      backupIntervalMs: null,
      backupKeep: 7,
    })
  })

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_PATH: '/var/lib/leerplein/db.sqlite',
      PUBLIC_URL: 'https://leerplein.example.nl/some/path',
      DEFAULT_LOCALE: 'en',
      LOG_LEVEL: 'warn',
      TRUST_PROXY: 'true',
      NODE_ENV: 'development',
    })
    expect(config.port).toBe(8080)
    expect(config.publicUrl?.href).toBe('https://leerplein.example.nl/')
    expect(config).toMatchObject({
      defaultLocale: 'en',
      logLevel: 'warn',
      trustProxy: 1,
      development: true,
    })
  })

  it('reads TRUST_PROXY as a hop count or a list of proxy addresses', () => {
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.0.0.2' }).trustProxy).toEqual(['10.0.0.1', '10.0.0.2'])
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2)
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false)
  })

  it.each([
    ['PORT', 'abc', /PORT="abc" is not allowed; expected a whole number/],
    ['PORT', '70000', /PORT="70000"/],
    ['DEFAULT_LOCALE', 'de', /DEFAULT_LOCALE="de" is not allowed; expected one of nl, en/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL="loud"/],
    ['PUBLIC_URL', 'leerplein.nl', /PUBLIC_URL="leerplein.nl"/],
    ['PUBLIC_URL', 'ftp://x.nl', /expected an http or https address/],
    ['TRUST_PROXY', 'maybe', /TRUST_PROXY="maybe" is not allowed; expected false, a number of proxies/],
    [
      'BACKUP_INTERVAL',
      '6',
      /BACKUP_INTERVAL="6" is not allowed; expected minutes, hours or days such as 30m/,
    ],
    ['BACKUP_INTERVAL', '0m', /BACKUP_INTERVAL="0m"/],
    ['BACKUP_INTERVAL', '90s', /BACKUP_INTERVAL="90s"/],
    ['BACKUP_INTERVAL', '25d', /BACKUP_INTERVAL="25d".*at most 24d/],
    ['BACKUP_INTERVAL', '-1h', /BACKUP_INTERVAL="-1h"/],
    ['BACKUP_KEEP', '0', /BACKUP_KEEP="0" is not allowed; expected a whole number of backups from 1/],
    ['BACKUP_KEEP', 'all', /BACKUP_KEEP="all"/],
  ])('refuses %s=%s with a one-line message naming it', (name, value, message) => {
    const attempt = () => loadConfig({ [name]: value })
    expect(attempt).toThrow(ConfigError)
    expect(attempt).toThrow(message)
    try {
      attempt()
    } catch (error) {
      expect((error as Error).message).not.toContain('\n')
    }
  })
})

describe('scheduled backup settings', () => {
  it('reads BACKUP_INTERVAL in minutes, hours or days, and BACKUP_KEEP', () => {
    expect(loadConfig({ BACKUP_INTERVAL: '30m' }).backupIntervalMs).toBe(30 * 60_000)
    expect(loadConfig({ BACKUP_INTERVAL: ' 6h ' }).backupIntervalMs).toBe(6 * 3_600_000)
    expect(loadConfig({ BACKUP_INTERVAL: '1d', BACKUP_KEEP: '14' })).toMatchObject({
      backupIntervalMs: 86_400_000,
      backupKeep: 14,
    })
    expect(loadConfig({ BACKUP_INTERVAL: '24d' }).backupIntervalMs).toBe(24 * 86_400_000)
  })

  it('leaves scheduled backups off when BACKUP_INTERVAL is unset, empty or off', () => {
    for (const value of [undefined, '', 'off', 'OFF']) {
      expect(loadConfig({ BACKUP_INTERVAL: value }).backupIntervalMs).toBeNull()
    }
  })

  it('refuses scheduled backups of an in-memory database, naming BACKUP_INTERVAL', () => {
    expect(() => loadConfig({ DATABASE_PATH: ':memory:', BACKUP_INTERVAL: '1h' })).toThrow(
      /^Invalid configuration: BACKUP_INTERVAL="1h" is not allowed; an in-memory database/,
    )
  })
})
