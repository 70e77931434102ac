// How wiki pages appear in search: title, the kind's one-line fields and the text.
import { registerSearchSource } from '../search/index-sync.js'
import { plainText } from '../text/plain-text.js'

registerSearchSource('page', {
  async describe(db, ids) {
    const rows = await db
      .selectFrom('page')
      .select([
        'id',
        'slug',
        'title',
        'summary',
        'person_role',
        'organisation',
        'project_lead',
        'body',
        'updated_at',
      ])
      .where('id', 'in', ids)
      .execute()
    return rows.map((row) => ({
      sourceId: row.id,
      audience: 'all' as const,
      title: row.title,
      body: [row.summary, row.person_role, row.organisation, row.project_lead, plainText(row.body)]
        .filter(Boolean)
        .join('\n'),
      date: row.updated_at,
      href: `/wiki/${row.slug}`,
      place: null,
      links: { type: 'page' as const, id: row.id },
    }))
  },
  listIds: async (db) => (await db.selectFrom('page').select('id').execute()).map((r) => r.id),
})
