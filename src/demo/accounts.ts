// Demo accounts so a newcomer can try every role at once. Documented in README.md ("Demo data").
import { hashPassword } from '../auth/passwords.js'
import { createMember } from '../auth/queries.js'
import type { Database } from '../db/database.js'
import type { Role } from '../http/access-plugin.js'
import type { Locale } from '../i18n/locales.js'

export const demoPassword = 'leerplein-demo-2026'

export const demoAccounts: { email: string; name: string; role: Role; locale: Locale }[] = [
  { email: 'beheer@leerplein.test', name: 'Anouk Beheer', role: 'admin', locale: 'nl' },
  { email: 'moderator@leerplein.test', name: 'Bas Moderator', role: 'moderator', locale: 'nl' },
  // Moderation is usually shared; with two moderators the audit log shows who did what.
  { email: 'wouter@leerplein.test', name: 'Wouter Dekker', role: 'moderator', locale: 'nl' },
  { email: 'sanne@leerplein.test', name: 'Sanne de Wit', role: 'member', locale: 'nl' },
  { email: 'joris@leerplein.test', name: 'Joris Bakker', role: 'member', locale: 'nl' },
  // A member who chose English, so the English interface is one login away.
  { email: 'emma@leerplein.test', name: 'Emma Clarke', role: 'member', locale: 'en' },
]

export async function createDemoAccounts(db: Database): Promise<void> {
  const passwordHash = await hashPassword(demoPassword)
  for (const account of demoAccounts) {
    await createMember(db, {
      email: account.email,
      display_name: account.name,
      password_hash: passwordHash,
      role: account.role,
      status: 'active',
      locale: account.locale,
    })
  }
}
