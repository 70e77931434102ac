// Login sessions after the Lucia guide: the cookie holds `id.secret`; the database holds the id and
// SHA-256(secret). Sessions last 30 days and are extended when less than half of that remains.
import { timingSafeEqual } from 'node:crypto'
import type { Selectable } from 'kysely'
import type { Database } from '../db/database.js'
import { writeFailureOf } from '../db/health.js'
import type { LoginSession, Member } from '../db/schema.js'
import { generateSecureRandomString, hashSecret, secretMatchesHash } from './tokens.js'

export const sessionLifetimeMs = 30 * 24 * 60 * 60 * 1000

export type SessionMember = Pick<
  Selectable<Member>,
  'id' | 'email' | 'display_name' | 'role' | 'locale' | 'person_page_id' | 'status'
>

export interface ValidatedSession {
  session: Pick<Selectable<LoginSession>, 'id' | 'member_id' | 'expires_at' | 'created_at'>
  member: SessionMember
  /** True when the expiry moved, so the cookie must be sent again. */
  renewed: boolean
}

export function generateSessionToken(): { token: string; id: string; secret: string } {
  const id = generateSecureRandomString()
  const secret = generateSecureRandomString()
  return { token: `${id}.${secret}`, id, secret }
}

export async function createSession(
  db: Database,
  memberId: number,
  userAgent: string | undefined,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const { token, id, secret } = generateSessionToken()
  const expiresAt = new Date(now.getTime() + sessionLifetimeMs)
  await db
    .insertInto('login_session')
    .values({
      id,
      member_id: memberId,
      secret_hash: hashSecret(secret),
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      last_seen_at: now.toISOString(),
      user_agent: userAgent?.slice(0, 300) ?? null,
    })
    .execute()
  return { token, expiresAt }
}

/** The stored session and its member: what validating a cookie reads. */
export async function findSessionRow(db: Database, id: string) {
  return db
    .selectFrom('login_session')
    .innerJoin('member', 'member.id', 'login_session.member_id')
    .select([
      'login_session.id',
      'login_session.member_id',
      'login_session.secret_hash',
      'login_session.expires_at',
      'login_session.created_at',
      'login_session.last_seen_at',
      'member.email',
      'member.display_name',
      'member.role',
      'member.locale',
      'member.person_page_id',
      'member.status',
    ])
    .where('login_session.id', '=', id)
    .executeTakeFirst()
}

export type SessionRow = NonNullable<Awaited<ReturnType<typeof findSessionRow>>>

// A row served from memory (see validateSessionToken's readRow) keeps the secret that matched its hash,
// so the reader's next page compares in constant time instead of hashing again. A row read anew starts
// without one.
const matchedSecrets = new WeakMap<SessionRow, Buffer>()

function secretMatches(row: SessionRow, secret: string): boolean {
  const presented = Buffer.from(secret)
  const matched = matchedSecrets.get(row)
  if (matched && matched.length === presented.length && timingSafeEqual(matched, presented)) return true
  if (!secretMatchesHash(secret, row.secret_hash)) return false
  matchedSecrets.set(row, presented)
  return true
}

/**
 * `readRow` lets the caller serve the row from memory (the auth plugin keeps it while the database has
 * not changed); the secret, expiry and renewal are checked on every call all the same.
 */
export async function validateSessionToken(
  db: Database,
  token: string,
  now = new Date(),
  readRow: (id: string) => Promise<SessionRow | undefined> = (id) => findSessionRow(db, id),
): Promise<ValidatedSession | null> {
  const [id, secret, ...rest] = token.split('.')
  if (!id || !secret || rest.length > 0 || id.length > 64 || secret.length > 64) return null
  const row = await readRow(id)
  if (!row || !secretMatches(row, secret)) return null
  const nowMs = now.getTime()
  const expiresMs = Date.parse(row.expires_at)
  if (row.status !== 'active' || expiresMs <= nowMs) {
    await invalidateSession(db, id)
    return null
  }
  let expiresAt = row.expires_at
  const renewed = expiresMs - nowMs < sessionLifetimeMs / 2
  if (renewed) expiresAt = new Date(nowMs + sessionLifetimeMs).toISOString()
  // Updating last-seen on every request would make every page view a write; once an hour is enough.
  const stale = nowMs - Date.parse(row.last_seen_at) > 60 * 60 * 1000
  if (renewed || stale) {
    try {
      await db
        .updateTable('login_session')
        .set({ expires_at: expiresAt, last_seen_at: now.toISOString() })
        .where('id', '=', id)
        .execute()
    } catch (error) {
      // A database that cannot be written (read-only, full disk) must not lock members out of
      // reading: the session stays valid as it was, and the renewal waits for the next request.
      if (writeFailureOf(error) === null) throw error
      return { ...sessionResult(row, row.expires_at), renewed: false }
    }
  }
  return { ...sessionResult(row, expiresAt), renewed }
}

function sessionResult(
  row: {
    id: string
    member_id: number
    created_at: string
    email: string | null
    display_name: string | null
    role: SessionMember['role']
    locale: string | null
    person_page_id: number | null
    status: SessionMember['status']
  },
  expiresAt: string,
) {
  return {
    session: { id: row.id, member_id: row.member_id, expires_at: expiresAt, created_at: row.created_at },
    member: {
      id: row.member_id,
      email: row.email,
      display_name: row.display_name,
      role: row.role,
      locale: row.locale,
      person_page_id: row.person_page_id,
      status: row.status,
    },
  }
}

export async function invalidateSession(db: Database, sessionId: string): Promise<void> {
  await db.deleteFrom('login_session').where('id', '=', sessionId).execute()
}

/** Ends every session of a member, optionally keeping the one in use. */
export async function invalidateMemberSessions(db: Database, memberId: number, exceptSessionId?: string) {
  let query = db.deleteFrom('login_session').where('member_id', '=', memberId)
  if (exceptSessionId) query = query.where('id', '!=', exceptSessionId)
  await query.execute()
}

export async function listMemberSessions(db: Database, memberId: number) {
  return db
    .selectFrom('login_session')
    .select(['id', 'created_at', 'expires_at', 'last_seen_at', 'user_agent'])
    .where('member_id', '=', memberId)
    .orderBy('last_seen_at', 'desc')
    .execute()
}

export async function deleteExpiredSessions(db: Database, now = new Date()): Promise<number> {
  const result = await db
    .deleteFrom('login_session')
    .where('expires_at', '<=', now.toISOString())
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
