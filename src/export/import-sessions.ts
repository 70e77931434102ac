// Importing theme sessions: each markdown file with its facts file, then the ideas' links to the
// sessions that took them up (which may come later in the folder).
import { tagRelations } from '../sessions/queries.js'
import {
  type ImportContext,
  idColumn,
  listNames,
  memberId,
  readText,
  store,
  tally,
  writing,
} from './import-context.js'
import { exportFolders } from './layout.js'
import { type ParsedSession, readSessionFiles } from './session-files.js'

/** An idea taken up by a session that may come later in the folder, linked once all are in. */
interface TakenUpLink {
  idea: number
  slug: string
  file: string
  line: number
}

async function sessionTaken(ctx: ImportContext, s: ParsedSession): Promise<string | null> {
  const { slug } = s.facts.values
  const { series, number } = s.content
  const bySlug = await ctx.db
    .selectFrom('theme_session')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirst()
  if (bySlug) return `session ${slug}: already exists`
  if (series === null || number === null) return null
  const bySeries = await ctx.db
    .selectFrom('theme_session')
    .select('slug')
    .where('series', '=', series)
    .where('number', '=', number)
    .executeTakeFirst()
  return bySeries ? `session ${slug}: ${series} ${number} already exists as ${bySeries.slug}` : null
}

export async function importSessions(ctx: ImportContext): Promise<void> {
  const sessions: ParsedSession[] = []
  for (const name of await listNames(ctx, exportFolders.sessions)) {
    if (!name.endsWith('.md')) continue
    const markdown = `${exportFolders.sessions}/${name}`
    const files = { markdown, facts: markdown.replace(/\.md$/, '.json') }
    const factsText = await readText(ctx, files.facts)
    if (factsText === null) {
      ctx.problems.add(files.markdown, 1, `${files.facts} is missing beside it`)
      continue
    }
    const parsed = readSessionFiles(files, (await readText(ctx, markdown)) ?? '', factsText, ctx.problems)
    if (parsed) sessions.push(parsed)
  }
  sessions.sort((a, b) => a.facts.values.id - b.facts.values.id)
  const slugToId = new Map<string, number | null>()
  const takenUp: TakenUpLink[] = []
  for (const session of sessions) {
    if (!writing(ctx)) break
    const taken = ctx.keepIds ? null : await sessionTaken(ctx, session)
    if (taken) {
      ctx.conflicts.push(`${taken}; kept it, left out ${session.facts.file.replace(/\.json$/, '.md')}`)
      ctx.ids.set('session', session.facts.values.id, null)
      slugToId.set(session.facts.values.slug, null)
      for (const b of session.breakouts) ctx.ids.set('breakout', b.values.id, null)
      for (const i of session.ideas) ctx.ids.set('idea', i.facts.values.id, null)
      continue
    }
    const id = await storeSession(ctx, session, takenUp)
    if (id !== undefined) slugToId.set(session.facts.values.slug, id)
  }
  for (const link of takenUp) {
    if (!writing(ctx)) break
    const sessionId = slugToId.get(link.slug)
    if (sessionId === undefined)
      ctx.problems.add(link.file, link.line, `no session ${link.slug} in this export`)
    else if (sessionId !== null) {
      await ctx.db.updateTable('idea').set({ taken_up_by: sessionId }).where('id', '=', link.idea).execute()
    }
  }
}

async function storeSession(
  ctx: ImportContext,
  session: ParsedSession,
  takenUp: TakenUpLink[],
): Promise<number | undefined> {
  const f = session.facts.values
  const c = session.content
  const file = session.facts.file
  const line = (key: string) => session.facts.lineOf(key)
  const inserted = await store(ctx, file, 1, () =>
    ctx.db
      .insertInto('theme_session')
      .values({
        ...idColumn(ctx, f.id),
        slug: f.slug,
        title: c.title,
        series: c.series,
        number: c.number,
        starts_at: c.starts_at,
        ends_at: c.ends_at,
        format: c.format,
        location: c.location,
        status: c.status,
        summary: c.summary,
        report: c.report,
        report_html: '',
        revision: f.revision,
        published_at: f.published_at,
        published_by: memberId(ctx, f.published_by, file, line('published_by')),
        created_by: memberId(ctx, f.created_by, file, line('created_by')),
        created_at: f.created_at,
        updated_at: f.updated_at,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  )
  if (!inserted) return undefined
  const sessionId = inserted.id
  ctx.ids.set('session', f.id, sessionId)
  tally(ctx, 'sessions')
  const tags = tagRelations.flatMap((relation) =>
    c.tags[relation].map((title, position) => ({ session_id: sessionId, relation, title, position })),
  )
  if (tags.length > 0) await ctx.db.insertInto('session_tag').values(tags).execute()

  for (const [index, room] of c.breakouts.entries()) {
    const b = session.breakouts[index]?.values
    if (!b) continue
    const stored = await store(ctx, file, session.breakouts[index]?.line ?? 1, () =>
      ctx.db
        .insertInto('breakout')
        .values({
          ...idColumn(ctx, b.id),
          session_id: sessionId,
          position: b.position,
          title: room.title,
          participants: room.participants,
          notes: room.notes,
          notes_html: '',
          revision: b.revision,
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
    )
    if (stored) ctx.ids.set('breakout', b.id, stored.id)
    tally(ctx, 'breakouts')
  }

  for (const [index, content] of c.ideas.entries()) {
    const idea = session.ideas[index]
    if (!idea) continue
    const i = idea.facts.values
    const stored = await store(ctx, file, idea.facts.line, () =>
      ctx.db
        .insertInto('idea')
        .values({
          ...idColumn(ctx, i.id),
          session_id: sessionId,
          title: content.title,
          description: content.description,
          description_html: '',
          status: i.status,
          taken_up_by: null,
          proposed_by: memberId(ctx, i.proposed_by, file, idea.facts.line),
          vote_count: i.vote_count,
          revision: i.revision,
          created_at: i.created_at,
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
    )
    if (!stored) continue
    ctx.ids.set('idea', i.id, stored.id)
    tally(ctx, 'ideas')
    if (i.taken_up_by !== null)
      takenUp.push({ idea: stored.id, slug: i.taken_up_by, file, line: idea.facts.line })
    for (const vote of idea.votes) {
      const member = memberId(ctx, vote.values.member, file, vote.line)
      if (member === null) continue
      await store(ctx, file, vote.line, () =>
        ctx.db
          .insertInto('idea_vote')
          .values({ idea_id: stored.id, member_id: member, created_at: vote.values.created_at })
          .execute(),
      )
      tally(ctx, 'idea_votes')
    }
  }
  return sessionId
}
