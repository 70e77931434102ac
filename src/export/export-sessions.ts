// Theme sessions in an export: per session its markdown and facts files, and the revisions of
// reports, break-outs and ideas.
import { listTags } from '../sessions/queries.js'
import { count, type ExportContext, writeRevisions } from './export-context.js'
import { groupBy } from './group-by.js'
import { sessionFiles } from './layout.js'
import type { BreakoutRow, IdeaRow, VoteRow } from './session-files.js'
import { writeSessionFiles } from './session-files.js'

export async function exportSessions(ctx: ExportContext): Promise<void> {
  const { db, out } = ctx
  const sessions = await db.selectFrom('theme_session').selectAll().orderBy('id').execute()
  const slugOf = new Map(sessions.map((s) => [s.id, s.slug]))
  const breakouts = await db.selectFrom('breakout').selectAll().orderBy('position').orderBy('id').execute()
  const ideas = await db.selectFrom('idea').selectAll().orderBy('id').execute()
  const votes = await db.selectFrom('idea_vote').selectAll().orderBy('idea_id').orderBy('member_id').execute()
  const breakoutsOf = groupBy(breakouts, (b: BreakoutRow) => b.session_id)
  const ideasOf = groupBy(ideas, (i: IdeaRow) => i.session_id)
  const votesOf = groupBy(votes, (v: VoteRow) => v.idea_id)
  for (const session of sessions) {
    const files = sessionFiles(session)
    const written = writeSessionFiles(
      {
        session,
        tags: await listTags(db, session.id),
        breakouts: breakoutsOf.get(session.id) ?? [],
        ideas: ideasOf.get(session.id) ?? [],
        votes: votesOf,
        sessionSlug: (id) => (id === null ? null : (slugOf.get(id) ?? null)),
      },
      ctx.members,
    )
    await out.write(files.markdown, written.markdown)
    await out.write(files.facts, written.facts)
  }
  count(ctx, 'sessions', sessions.length)
  count(ctx, 'breakouts', breakouts.length)
  count(ctx, 'ideas', ideas.length)
  count(ctx, 'idea_votes', votes.length)

  // Also the history of break-outs that were taken out of a session: it stays readable.
  for (const type of ['session', 'breakout', 'idea'] as const) {
    const revisions = await db
      .selectFrom('revision')
      .selectAll()
      .where('entity_type', '=', type)
      .orderBy('entity_id')
      .orderBy('number')
      .execute()
    await writeRevisions(ctx, type, revisions)
    count(ctx, `${type}_revisions`, revisions.length)
  }
}
