// While no admin exists, every start makes a fresh one-time setup link, so whoever installed
// Leerplein (and can read the server's output) creates the first admin account in the browser.
import type { Database } from '../db/database.js'
import { countActiveAdmins, createOneTimeToken } from './queries.js'

export const setupLinkLifetimeMs = 24 * 60 * 60 * 1000

/** The path of a new setup link, or null when an admin already exists. */
export async function prepareSetupLink(db: Database): Promise<string | null> {
  if ((await countActiveAdmins(db)) > 0) return null
  await db.deleteFrom('one_time_token').where('purpose', '=', 'setup').execute()
  const token = await createOneTimeToken(db, {
    purpose: 'setup',
    memberId: null,
    createdBy: null,
    lifetimeMs: setupLinkLifetimeMs,
  })
  return `/setup/${token}`
}
