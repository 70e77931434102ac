import { sql } from 'kysely'
import type { MemberStatus } from '../auth/queries.js'
import type { Database } from '../db/database.js'

export const memberPageSize = 100

/** Members for the admin list: search by name or email, filter by status, alphabetical. */
export async function searchMembers(db: Database, options: { q?: string; status?: MemberStatus | null }) {
  let query = db
    .selectFrom('member')
    .select(['id', 'email', 'display_name', 'role', 'status', 'created_at'])
    .where('status', '!=', 'deleted')
    .orderBy('display_name')
    .limit(memberPageSize)
  if (options.status) query = query.where('status', '=', options.status)
  const q = options.q?.trim()
  if (q) {
    // Bound as a parameter; % and _ typed by the admin are matched literally.
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    query = query.where(
      sql<boolean>`(display_name like ${pattern} escape '\\' or email like ${pattern} escape '\\')`,
    )
  }
  return query.execute()
}
