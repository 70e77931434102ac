// Demo accounts so a newcomer can try every role at once. Documented in README.md ("Demo data").
import { hashPassword } from '../auth/passwords.js'
import { createMember } from '../auth/queries.js'
import type { Database } from '../db/database.js'
import type { Role } from '../http/access-plugin.js'
import type { Locale } from '../i18n/locales.js'
import { emptyFields } from '../wiki/fields.js'
import { createPage, findPageById, linkPersonPage } from '../wiki/queries.js'

export const demoPassword = 'leerplein-demo-2026'

interface DemoAccount {
  email: string
  name: string
  role: Role
  locale: Locale
  /** The account's person page: what they do, where, and a line of text. */
  person: { role: string; organisation: string; body: string }
}

export const demoAccounts: DemoAccount[] = [
  {
    email: 'beheer@leerplein.test',
    name: 'Anouk Beheer',
    role: 'admin',
    locale: 'nl',
    person: {
      role: 'beheerder',
      organisation: 'Kennisnetwerk Regio’s',
      body: 'Beheert Leerplein voor de Community of Practice.',
    },
  },
  {
    email: 'moderator@leerplein.test',
    name: 'Bas Moderator',
    role: 'moderator',
    locale: 'nl',
    person: {
      role: 'moderator',
      organisation: 'Kennisnetwerk Regio’s',
      body: 'Modereert de themasessies; zie [[Resultaten borgen]].',
    },
  },
  // Moderation is usually shared; with two moderators the audit log shows who did what.
  {
    email: 'wouter@leerplein.test',
    name: 'Wouter Dekker',
    role: 'moderator',
    locale: 'nl',
    person: {
      role: 'moderator',
      organisation: 'Ministerie van Binnenlandse Zaken',
      body: 'Modereert het forum en volgt [[Data en digitalisering]].',
    },
  },
  {
    email: 'sanne@leerplein.test',
    name: 'Sanne de Wit',
    role: 'member',
    locale: 'nl',
    person: {
      role: 'dealmaker',
      organisation: 'Provincie Oostmark',
      body: 'Werkt aan de [[Regio Deal Groene Delta]].',
    },
  },
  {
    email: 'joris@leerplein.test',
    name: 'Joris Bakker',
    role: 'member',
    locale: 'nl',
    person: {
      role: 'projectleider',
      organisation: 'Gemeente Waterstad',
      body: 'Projectleider bij de [[Woondeal Rivierenland]].',
    },
  },
  // A member who chose English, so the English interface is one login away.
  {
    email: 'emma@leerplein.test',
    name: 'Emma Clarke',
    role: 'member',
    locale: 'en',
    person: {
      role: 'onderzoeker',
      organisation: 'Kennisnetwerk Regio’s',
      body: 'Onderzoekt hoe deals hun resultaten vasthouden; zie [[Brede welvaart]].',
    },
  },
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

/**
 * A person page for each demo account, linked to it: mentions of them notify them, and the sessions
 * they took part in show on their page. Call after the demo wiki, whose pages these link to.
 */
export async function createDemoPersonPages(db: Database, authorId: number | null): Promise<void> {
  for (const account of demoAccounts) {
    const result = await createPage(db, {
      title: account.name,
      kind: 'person',
      body: account.person.body,
      fields: { ...emptyFields, person_role: account.person.role, organisation: account.person.organisation },
      summary: null,
      authorId,
    })
    const page = result.ok ? await findPageById(db, result.id) : undefined
    if (!page) throw new Error(`demo person page ${account.name}: ${result.ok ? 'gone' : result.reason}`)
    const member = await db
      .selectFrom('member')
      .select('id')
      .where('email', '=', account.email)
      .executeTakeFirstOrThrow()
    await linkPersonPage(db, page, member.id)
  }
}
