// Members, invitations and one-time tokens (first-run setup, password reset).

import type { Insertable, Selectable } from 'kysely'
import { bumpContentVersion } from '../cache/content-version.js'
import { type Database, inTransaction } from '../db/database.js'
import type { Member, OneTimeToken } from '../db/schema.js'
import type { Role } from '../http/access-plugin.js'
import { generateSecureRandomString, hashSecret } from './tokens.js'

export type MemberRow = Selectable<Member>
export type MemberStatus = MemberRow['status']

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

export async function findMemberByEmail(db: Database, email: string) {
  return db.selectFrom('member').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst()
}

export async function findMemberById(db: Database, id: number) {
  return db.selectFrom('member').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function createMember(
  db: Database,
  values: Pick<Insertable<Member>, 'email' | 'display_name' | 'password_hash' | 'role' | 'status'> & {
    locale?: string | null
  },
): Promise<number> {
  const now = new Date().toISOString()
  const row = await db
    .insertInto('member')
    .values({
      ...values,
      email: values.email ? normalizeEmail(values.email) : null,
      locale: values.locale ?? null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function countActiveAdmins(db: Database): Promise<number> {
  const row = await db
    .selectFrom('member')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

export async function updateMember(
  db: Database,
  id: number,
  values: Partial<Pick<MemberRow, 'display_name' | 'locale' | 'password_hash' | 'role' | 'status'>>,
) {
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable('member')
      .set({ ...values, updated_at: new Date().toISOString() })
      .where('id', '=', id)
      .execute()
    // Cached thread pages show authors by name and state.
    if (values.display_name !== undefined || values.status !== undefined) await bumpContentVersion(trx)
  })
}

// ---- invitations

export const invitationLifetimeDays = 14

export type InvitationState = 'open' | 'used' | 'expired' | 'revoked'

export async function createInvitation(
  db: Database,
  values: { role: Role; email: string | null; createdBy: number; expiresInDays: number },
  now = new Date(),
): Promise<{ id: number; token: string }> {
  const token = generateSecureRandomString()
  const row = await db
    .insertInto('invitation')
    .values({
      token_hash: hashSecret(token),
      role: values.role,
      email: values.email ? normalizeEmail(values.email) : null,
      created_by: values.createdBy,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + values.expiresInDays * 86_400_000).toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: row.id, token }
}

export async function findInvitationByToken(db: Database, token: string) {
  return db
    .selectFrom('invitation')
    .selectAll()
    .where('token_hash', '=', hashSecret(token))
    .executeTakeFirst()
}

export function invitationState(
  invitation: { used_at: string | null; revoked_at: string | null; expires_at: string },
  now = new Date(),
): InvitationState {
  if (invitation.revoked_at) return 'revoked'
  if (invitation.used_at) return 'used'
  if (new Date(invitation.expires_at) <= now) return 'expired'
  return 'open'
}

export async function listOpenInvitations(db: Database, roles: Role[], now = new Date()) {
  return db
    .selectFrom('invitation')
    .leftJoin('member as creator', 'creator.id', 'invitation.created_by')
    .select([
      'invitation.id',
      'invitation.role',
      'invitation.email',
      'invitation.created_at',
      'invitation.expires_at',
      'creator.display_name as created_by_name',
    ])
    .where('invitation.used_at', 'is', null)
    .where('invitation.revoked_at', 'is', null)
    .where('invitation.expires_at', '>', now.toISOString())
    .where('invitation.role', 'in', roles)
    .orderBy('invitation.created_at', 'desc')
    .execute()
}

export async function findInvitationById(db: Database, id: number) {
  return db.selectFrom('invitation').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function revokeInvitation(db: Database, id: number) {
  await db
    .updateTable('invitation')
    .set({ revoked_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .execute()
}

/** Marks the invitation used, but only if it still is open: two tabs cannot both redeem it. */
export async function redeemInvitation(db: Database, id: number, memberId: number, now = new Date()) {
  const result = await db
    .updateTable('invitation')
    .set({ used_at: now.toISOString(), used_by: memberId })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

// ---- one-time tokens

export type TokenPurpose = Selectable<OneTimeToken>['purpose']

export async function createOneTimeToken(
  db: Database,
  values: { purpose: TokenPurpose; memberId: number | null; createdBy: number | null; lifetimeMs: number },
  now = new Date(),
): Promise<string> {
  const token = generateSecureRandomString()
  await db
    .insertInto('one_time_token')
    .values({
      purpose: values.purpose,
      token_hash: hashSecret(token),
      member_id: values.memberId,
      created_by: values.createdBy,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + values.lifetimeMs).toISOString(),
    })
    .execute()
  return token
}

/** The token's row while it is unused and unexpired; otherwise undefined. */
export async function findUsableToken(db: Database, purpose: TokenPurpose, token: string, now = new Date()) {
  return db
    .selectFrom('one_time_token')
    .selectAll()
    .where('token_hash', '=', hashSecret(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst()
}

export async function useToken(db: Database, id: number, now = new Date()): Promise<boolean> {
  const result = await db
    .updateTable('one_time_token')
    .set({ used_at: now.toISOString() })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Ends every open password-reset link of a member: after a new one is made, used, or the password changed. */
export async function expireResetLinks(db: Database, memberId: number, now = new Date()) {
  await db
    .updateTable('one_time_token')
    .set({ used_at: now.toISOString() })
    .where('member_id', '=', memberId)
    .where('purpose', '=', 'password_reset')
    .where('used_at', 'is', null)
    .execute()
}

/**
 * Withdraws what a member handed out while they had more power: open invitations and reset links
 * they made. Called when they are demoted, disabled or deleted.
 */
export async function withdrawGrantsMadeBy(db: Database, memberId: number, now = new Date()) {
  await db
    .updateTable('invitation')
    .set({ revoked_at: now.toISOString() })
    .where('created_by', '=', memberId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute()
  await db
    .updateTable('one_time_token')
    .set({ used_at: now.toISOString() })
    .where('created_by', '=', memberId)
    .where('used_at', 'is', null)
    .execute()
}

export async function deleteExpiredTokens(db: Database, now = new Date()) {
  await db.deleteFrom('one_time_token').where('expires_at', '<=', now.toISOString()).execute()
}
