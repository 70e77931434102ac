// A number that grows with every write that changes what readers see. Views derived from many rows
// (a page's "Mentioned in", related deals) are cached against it: a cached view is good while the
// number has not moved. It lives in the database, so a write by another process (the CLI next to the
// server) invalidates the server's caches too.
import { sql } from 'kysely'
import type { Database } from '../db/database.js'

export const contentVersionKey = 'content_version'

/**
 * Call in the transaction of the write (src/search/index-sync.ts refreshSearch does, for every text).
 * Returns the new version.
 */
export async function bumpContentVersion(db: Database): Promise<number> {
  const now = new Date().toISOString()
  const { value } = await db
    .insertInto('setting')
    .values({ key: contentVersionKey, value: '1', updated_at: now })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ value: sql`cast(value as integer) + 1`, updated_at: now }),
    )
    .returning('value')
    .executeTakeFirstOrThrow()
  return Number(value)
}

/** Requests have it as request.contentVersion (src/http/site-plugin.ts); this is for everything else. */
export async function readContentVersion(db: Database): Promise<number> {
  const row = await db
    .selectFrom('setting')
    .select('value')
    .where('key', '=', contentVersionKey)
    .executeTakeFirst()
  return row ? Number(row.value) : 0
}
