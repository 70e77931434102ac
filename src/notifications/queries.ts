import type { Database } from '../db/database.js'

export async function countUnread(db: Database, memberId: number): Promise<number> {
  const row = await db
    .selectFrom('notification')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('member_id', '=', memberId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function listNotifications(db: Database, memberId: number, limit = 100) {
  return db
    .selectFrom('notification')
    .leftJoin('member as actor', 'actor.id', 'notification.actor_id')
    .leftJoin('thread', 'thread.id', 'notification.thread_id')
    .select([
      'notification.id',
      'notification.kind',
      'notification.post_id',
      'notification.created_at',
      'notification.read_at',
      'actor.display_name as actor_name',
      'thread.title as thread_title',
    ])
    .where('notification.member_id', '=', memberId)
    .where((eb) => eb.or([eb('thread.hidden', '=', 0), eb('thread.id', 'is', null)]))
    .orderBy('notification.id', 'desc')
    .limit(limit)
    .execute()
}

export async function markRead(db: Database, memberId: number, id?: number) {
  let query = db
    .updateTable('notification')
    .set({ read_at: new Date().toISOString() })
    .where('member_id', '=', memberId)
    .where('read_at', 'is', null)
  if (id !== undefined) query = query.where('id', '=', id)
  await query.execute()
}

/** One of the member's own notifications: where it points. */
export async function findOwnNotification(db: Database, memberId: number, id: number) {
  return db
    .selectFrom('notification')
    .select(['id', 'post_id', 'read_at'])
    .where('id', '=', id)
    .where('member_id', '=', memberId)
    .executeTakeFirst()
}
