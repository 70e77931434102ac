// Whether the database can be written: the answer behind /healthz and behind the page a person sees
// when saving fails. A full disk or a read-only file leaves reading intact, so `select 1` alone would
// call such a server healthy while every form fails.
import { sql } from 'kysely'
import type { Database } from './database.js'

/** Why a write could not be stored; `busy` is another writer holding the file too long, not a fault. */
export type WriteFailure = 'read-only' | 'full' | 'unwritable' | 'busy'

const healthReasons: Record<Exclude<WriteFailure, 'busy'>, string> = {
  'read-only': 'database read-only',
  full: 'database full',
  unwritable: 'database cannot be written',
}

/** The SQLite result code behind an error, looking through wrappers that keep it as their cause. */
function sqliteCode(error: unknown): string | null {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && code.startsWith('SQLITE_')) return code
    current = (current as { cause?: unknown }).cause
  }
  return null
}

/** What kind of write failure an error is, or null when it is something else (a bug, a bad query). */
export function writeFailureOf(error: unknown): WriteFailure | null {
  const code = sqliteCode(error)
  if (code === null) return null
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH')
    return 'read-only'
  if (code === 'SQLITE_FULL') return 'full'
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) return 'unwritable'
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy'
  return null
}

/** Thrown to end the probe's transaction with a rollback. */
class ProbeDone extends Error {}

/** Larger than a page, so the probe must allocate pages: a database at its size limit says so. */
const probeValue = 'x'.repeat(9000)
const probeKey = 'health.write-probe'

export type HealthAnswer =
  | { status: 'ok' }
  | { status: 'degraded'; reason: string }
  | { status: 'unavailable' }

export class DatabaseHealth {
  private failure: Exclude<WriteFailure, 'busy'> | null = null

  /** A request's write failed: /healthz reports it until a probe shows writes work again. */
  recordFailure(kind: WriteFailure) {
    if (kind !== 'busy') this.failure = kind
  }

  /**
   * Reads, then tries a write. Normally the write is rolled back, which catches a read-only file or
   * a database at its size limit without changing anything. After a failure the probe commits (its
   * row removed again in the same transaction): a full disk only shows when pages reach the file.
   */
  async check(db: Database): Promise<HealthAnswer> {
    try {
      await sql`select 1`.execute(db)
    } catch {
      return { status: 'unavailable' }
    }
    const commit = this.failure !== null
    try {
      await db.transaction().execute(async (trx) => {
        const now = new Date().toISOString()
        await trx
          .insertInto('setting')
          .values({ key: probeKey, value: probeValue, updated_at: now })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: probeValue, updated_at: now }))
          .execute()
        await trx.deleteFrom('setting').where('key', '=', probeKey).execute()
        if (!commit) throw new ProbeDone()
      })
      this.failure = null
    } catch (error) {
      if (error instanceof ProbeDone) this.failure = null
      else {
        const kind = writeFailureOf(error)
        // Busy means another writer held the file for the whole timeout: slow, but writable, so the
        // answer stays what it was.
        if (kind !== 'busy') this.failure = kind ?? 'unwritable'
      }
    }
    return this.failure ? { status: 'degraded', reason: healthReasons[this.failure] } : { status: 'ok' }
  }
}
