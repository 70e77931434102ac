import { bumpContentVersion, contentVersionKey } from '../cache/content-version.js'
import { type Database, inTransaction } from '../db/database.js'
import { isLocale, type Locale } from '../i18n/locales.js'

export const visibilities = ['members', 'public'] as const
export type Visibility = (typeof visibilities)[number]

export const registrationModes = ['invitation', 'approval'] as const
export type RegistrationMode = (typeof registrationModes)[number]

export interface SiteSettings {
  siteName: string
  /** `members`: visitors see only the login, accessibility and privacy pages. `public`: visitors read. */
  visibility: Visibility
  /** Overrides DEFAULT_LOCALE when an admin has chosen one. */
  defaultLocale: Locale | null
  /** `invitation`: only invited people join. `approval`: anyone may apply; a moderator approves. */
  registration: RegistrationMode
}

export const defaultSiteSettings: SiteSettings = {
  siteName: 'Leerplein',
  visibility: 'members',
  defaultLocale: null,
  registration: 'invitation',
}

export interface SiteState {
  settings: SiteSettings
  /** See src/cache/content-version.ts: read with the settings, in the one query every request makes. */
  contentVersion: number
}

export async function findSiteState(db: Database): Promise<SiteState> {
  const rows = await db.selectFrom('setting').select(['key', 'value']).execute()
  const values = new Map(rows.map((row) => [row.key, row.value]))
  return { settings: settingsOf(values), contentVersion: Number(values.get(contentVersionKey) ?? 0) }
}

export async function findSiteSettings(db: Database): Promise<SiteSettings> {
  return (await findSiteState(db)).settings
}

function settingsOf(values: Map<string, string>): SiteSettings {
  const visibility = values.get('visibility')
  const defaultLocale = values.get('default_locale')
  return {
    siteName: values.get('site_name') ?? defaultSiteSettings.siteName,
    visibility: visibility === 'public' ? 'public' : defaultSiteSettings.visibility,
    defaultLocale: isLocale(defaultLocale) ? defaultLocale : null,
    registration: values.get('registration') === 'approval' ? 'approval' : defaultSiteSettings.registration,
  }
}

export async function updateSiteSettings(db: Database, settings: Partial<SiteSettings>): Promise<void> {
  const now = new Date().toISOString()
  const entries: [string, string | null | undefined][] = [
    ['site_name', settings.siteName],
    ['visibility', settings.visibility],
    ['default_locale', settings.defaultLocale === null ? '' : settings.defaultLocale],
    ['registration', settings.registration],
  ]
  await inTransaction(db, async (trx) => {
    for (const [key, value] of entries) {
      if (value === undefined || value === null) continue
      await trx
        .insertInto('setting')
        .values({ key, value, updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
        .execute()
    }
    // The site name is part of every cached page.
    await bumpContentVersion(trx)
  })
}
