// How theme sessions appear in search: the session (summary and report), each break-out room and each
// follow-up idea on its own, found at its anchor on the session page. A draft is for moderators only.
import type { Database } from '../db/database.js'
import { refreshSearch, registerSearchSource } from '../search/index-sync.js'
import { plainText } from '../text/plain-text.js'

function audienceOf(status: string) {
  return status === 'draft' ? ('moderators' as const) : ('all' as const)
}

registerSearchSource('session', {
  async describe(db, ids) {
    const rows = await db
      .selectFrom('theme_session')
      .select(['id', 'slug', 'title', 'series', 'status', 'summary', 'report', 'starts_at'])
      .where('id', 'in', ids)
      .execute()
    return rows.map((row) => ({
      sourceId: row.id,
      audience: audienceOf(row.status),
      title: row.title,
      // The text first: a snippet without a match in it starts at the beginning.
      body: [row.summary, plainText(row.report), row.series ?? ''].filter(Boolean).join('\n'),
      date: row.starts_at,
      href: `/sessions/${row.slug}`,
      place: null,
      links: { type: 'session', id: row.id },
    }))
  },
  listIds: async (db) => (await db.selectFrom('theme_session').select('id').execute()).map((r) => r.id),
})

registerSearchSource('breakout', {
  async describe(db, ids) {
    const rows = await db
      .selectFrom('breakout')
      .innerJoin('theme_session', 'theme_session.id', 'breakout.session_id')
      .select([
        'breakout.id',
        'breakout.title',
        'breakout.participants',
        'breakout.notes',
        'theme_session.slug',
        'theme_session.title as session_title',
        'theme_session.status',
        'theme_session.starts_at',
      ])
      .where('breakout.id', 'in', ids)
      .execute()
    return rows.map((row) => ({
      sourceId: row.id,
      audience: audienceOf(row.status),
      title: row.title,
      body: [plainText(row.notes), row.participants.split('\n').join(', ')].filter(Boolean).join('\n'),
      date: row.starts_at,
      href: `/sessions/${row.slug}#breakout-${row.id}`,
      place: row.session_title,
      links: { type: 'breakout', id: row.id },
    }))
  },
  listIds: async (db) => (await db.selectFrom('breakout').select('id').execute()).map((r) => r.id),
})

registerSearchSource('idea', {
  async describe(db, ids) {
    const rows = await db
      .selectFrom('idea')
      .innerJoin('theme_session', 'theme_session.id', 'idea.session_id')
      .select([
        'idea.id',
        'idea.title',
        'idea.description',
        'idea.created_at',
        'theme_session.slug',
        'theme_session.title as session_title',
        'theme_session.status',
      ])
      .where('idea.id', 'in', ids)
      .execute()
    return rows.map((row) => ({
      sourceId: row.id,
      audience: audienceOf(row.status),
      title: row.title,
      body: plainText(row.description),
      date: row.created_at,
      href: `/sessions/${row.slug}#idea-${row.id}`,
      place: row.session_title,
      links: { type: 'idea', id: row.id },
    }))
  },
  listIds: async (db) => (await db.selectFrom('idea').select('id').execute()).map((r) => r.id),
})

/**
 * A session's entry and those of its break-outs and ideas: they carry its title, address and
 * visibility, so any change to the session refreshes them all.
 */
export async function refreshSessionSearch(db: Database, sessionId: number) {
  await refreshSearch(db, 'session', [sessionId])
  const breakouts = await db.selectFrom('breakout').select('id').where('session_id', '=', sessionId).execute()
  await refreshSearch(
    db,
    'breakout',
    breakouts.map((r) => r.id),
  )
  const ideas = await db.selectFrom('idea').select('id').where('session_id', '=', sessionId).execute()
  await refreshSearch(
    db,
    'idea',
    ideas.map((r) => r.id),
  )
}
