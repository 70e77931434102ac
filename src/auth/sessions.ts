// Login sessions after the Lucia guide: the cookie holds `id.secret`; the database holds the id and
// SHA-256(secret). Sessions last 30 days and are extended when less than half of that remains.
import type { Selectable } from 'kysely'
import { whenReady } from '../cache/versioned-cache.js'
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
async function findSessionRow(db: Database, id: string) {
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

/**
 * A stored session as validation reads it: its times parsed and its result made once. The auth plugin
 * keeps these in memory while the database is unchanged, so a reader's next page costs a comparison of
 * the secret and two numbers (measured with `npm run bench`: splitting the token, copying the secret,
 * parsing two dates and building the result on every view, behind two promises, cost a member's thread
 * page a sixth of its CPU time).
 */
export interface KnownSession {
  row: SessionRow
  expiresMs: number
  lastSeenMs: number
  /** What a valid cookie gives while nothing needs writing. */
  valid: ValidatedSession
  /**
   * The secret that matched the stored hash, once one has: the next views compare with it in constant
   * time instead of hashing again. A row read anew starts without one.
   */
  matchedSecret: string | null
}

export async function findKnownSession(db: Database, id: string): Promise<KnownSession | undefined> {
  const row = await findSessionRow(db, id)
  if (!row) return undefined
  return {
    row,
    expiresMs: Date.parse(row.expires_at),
    lastSeenMs: Date.parse(row.last_seen_at),
    // Shared by every request of the session while it is kept, so it cannot be changed.
    valid: Object.freeze({ ...sessionResult(row, row.expires_at), renewed: false }),
    matchedSecret: null,
  }
}

/** Equal strings, compared in time that does not depend on where they differ. */
function sameSecret(presented: string, known: string): boolean {
  if (presented.length !== known.length) return false
  let difference = 0
  for (let i = 0; i < known.length; i++) difference |= presented.charCodeAt(i) ^ known.charCodeAt(i)
  return difference === 0
}

function secretMatches(known: KnownSession, secret: string): boolean {
  if (known.matchedSecret !== null && sameSecret(secret, known.matchedSecret)) return true
  if (!secretMatchesHash(secret, known.row.secret_hash)) return false
  known.matchedSecret = secret
  return true
}

type Validation = ValidatedSession | null

/**
 * The session a cookie's token stands for, or null. `readSession` lets the caller serve the stored
 * session from memory; the secret, expiry and renewal are checked on every call all the same. Answers
 * at once, without a promise, when the session is in memory and nothing needs writing (nearly every
 * page view).
 */
export function validateSessionToken(
  db: Database,
  token: string,
  nowMs = Date.now(),
  readSession: (id: string) => KnownSession | undefined | Promise<KnownSession | undefined> = (id) =>
    findKnownSession(db, id),
): Validation | Promise<Validation> {
  const dot = token.indexOf('.')
  const id = token.slice(0, dot)
  const secret = token.slice(dot + 1)
  if (dot <= 0 || secret === '' || secret.includes('.') || id.length > 64 || secret.length > 64) return null
  return whenReady(readSession(id), (known) => checkSession(db, known, secret, nowMs))
}

function checkSession(
  db: Database,
  known: KnownSession | undefined,
  secret: string,
  nowMs: number,
): Validation | Promise<Validation> {
  if (!known || !secretMatches(known, secret)) return null
  if (known.row.status !== 'active' || known.expiresMs <= nowMs) {
    return invalidateSession(db, known.row.id).then(() => null)
  }
  const renewed = known.expiresMs - nowMs < sessionLifetimeMs / 2
  // Updating last-seen on every request would make every page view a write; once an hour is enough.
  const stale = nowMs - known.lastSeenMs > 60 * 60 * 1000
  if (!renewed && !stale) return known.valid
  return touchSession(db, known, nowMs, renewed)
}

/** Records that the session was seen, and moves its expiry when it is renewed. */
async function touchSession(
  db: Database,
  { row }: KnownSession,
  nowMs: number,
  renewed: boolean,
): Promise<ValidatedSession> {
  const expiresAt = renewed ? new Date(nowMs + sessionLifetimeMs).toISOString() : row.expires_at
  try {
    await db
      .updateTable('login_session')
      .set({ expires_at: expiresAt, last_seen_at: new Date(nowMs).toISOString() })
      .where('id', '=', row.id)
      .execute()
  } catch (error) {
    // A database that cannot be written (read-only, full disk) must not lock members out of
    // reading: the session stays valid as it was, and the renewal waits for the next request.
    if (writeFailureOf(error) === null) throw error
    return { ...sessionResult(row, row.expires_at), renewed: false }
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
    session: Object.freeze({
      id: row.id,
      member_id: row.member_id,
      expires_at: expiresAt,
      created_at: row.created_at,
    }),
    // Shared by every request of the session while it is kept (KnownSession.valid).
    member: Object.freeze({
      id: row.member_id,
      email: row.email,
      display_name: row.display_name,
      role: row.role,
      locale: row.locale,
      person_page_id: row.person_page_id,
      status: row.status,
    }),
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
