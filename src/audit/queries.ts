// The audit log of admin and moderator actions: who did what to which thing, when.
import type { Database } from '../db/database.js'

export type AuditAction =
  | 'member.role'
  | 'member.disable'
  | 'member.enable'
  | 'member.password-reset-link'
  | 'member.approve'
  | 'member.reject'
  | 'invitation.create'
  | 'invitation.revoke'
  | 'settings.update'
  | 'admin.setup'
  | 'page.revert'
  | 'page.delete'
  | 'page.protect'
  | 'page.unprotect'
  | 'page.confirm-claim'
  | 'post.edit'
  | 'post.hide'
  | 'post.unhide'
  | 'thread.pin'
  | 'thread.unpin'
  | 'thread.lock'
  | 'thread.unlock'
  | 'thread.hide'
  | 'thread.unhide'
  | 'thread.move'
  | 'thread.accept'
  | 'thread.unaccept'
  | 'flag.hide'
  | 'flag.dismiss'
  | 'category.create'
  | 'category.update'
  | 'session.status'
  | 'session.breakout-move'

export async function recordAudit(
  db: Database,
  entry: {
    actorId: number | null
    action: AuditAction
    targetType: 'member' | 'invitation' | 'settings' | 'page' | 'post' | 'thread' | 'category' | 'session'
    targetId?: number | string | null
    /** Facts of the action; never names or emails, which the member may ask to have erased. */
    detail?: Record<string, string | number | boolean | null>
  },
) {
  await db
    .insertInto('audit_log')
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId == null ? null : String(entry.targetId),
      detail: JSON.stringify(entry.detail ?? {}),
      created_at: new Date().toISOString(),
    })
    .execute()
}

export const auditPageSize = 50

/** Newest first, keyset-paginated on id: pass the last id of the previous page as `before`. */
export async function listAuditEntries(db: Database, before?: number) {
  let query = db
    .selectFrom('audit_log')
    .leftJoin('member as actor', 'actor.id', 'audit_log.actor_id')
    .leftJoin('member as target', (join) =>
      join
        .on('audit_log.target_type', '=', 'member')
        .onRef('target.id', '=', (eb) => eb.cast<number>('audit_log.target_id', 'integer')),
    )
    .select([
      'audit_log.id',
      'audit_log.action',
      'audit_log.target_type',
      'audit_log.target_id',
      'audit_log.detail',
      'audit_log.created_at',
      'actor.display_name as actor_name',
      'actor.status as actor_status',
      'target.display_name as target_name',
      'target.status as target_status',
    ])
    .orderBy('audit_log.id', 'desc')
    .limit(auditPageSize + 1)
  if (before !== undefined) query = query.where('audit_log.id', '<', before)
  const rows = await query.execute()
  return { entries: rows.slice(0, auditPageSize), hasMore: rows.length > auditPageSize }
}
