// Demo accounts so a newcomer can try every role at once. Documented in README.md ("Demo data").
import { hashPassword } from '../auth/passwords.js'
import { createMember } from '../auth/queries.js'
import type { Database } from '../db/database.js'
import type { Role } from '../http/access-plugin.js'

export const demoPassword = 'leerplein-demo-2026'

export const demoAccounts: { email: string; name: string; role: Role }[] = [
  { email: 'beheer@leerplein.test', name: 'Anouk Beheer', role: 'admin' },
  { email: 'moderator@leerplein.test', name: 'Bas Moderator', role: 'moderator' },
  { email: 'sanne@leerplein.test', name: 'Sanne de Wit', role: 'member' },
  { email: 'joris@leerplein.test', name: 'Joris Bakker', role: 'member' },
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
      locale: 'nl',
    })
  }
}
