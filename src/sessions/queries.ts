// All SQL of theme sessions: sessions with their people and themes, break-out rooms and follow-up
// ideas with votes. Every text goes through the one text engine; every edit is a revision.
import { type Selectable, sql } from 'kysely'
import { bumpContentVersion } from '../cache/content-version.js'
import { type Database, inTransaction } from '../db/database.js'
import type { Breakout, Idea, Page, ThemeSession } from '../db/schema.js'
import type { MessageKey } from '../i18n/translate.js'
import { refreshSearch } from '../search/index-sync.js'
import { registerBacklinkSource } from '../text/backlinks.js'
import { deleteLinks, type FieldLink } from '../text/links.js'
import { createRevision } from '../text/revisions.js'
import { slugify } from '../text/slug.js'
import { registerTextSource, renderAndLink } from '../text/sources.js'
import { refreshSessionSearch } from './search-source.js'

export type SessionRow = Selectable<ThemeSession>
export type BreakoutRow = Selectable<Breakout>
export type IdeaRow = Selectable<Idea>
export type SessionStatus = SessionRow['status']
export type SessionFormat = SessionRow['format']
export type TagRelation = 'moderator' | 'speaker' | 'participant' | 'theme'
export const tagRelations: TagRelation[] = ['moderator', 'speaker', 'participant', 'theme']
export const ideaStatuses: IdeaRow['status'][] = ['proposed', 'planned', 'done', 'declined']

registerTextSource('session', {
  load: async (db, id) =>
    (await db.selectFrom('theme_session').select('report').where('id', '=', id).executeTakeFirst())?.report,
  storeHtml: async (db, id, html) => {
    await db.updateTable('theme_session').set({ report_html: html }).where('id', '=', id).execute()
  },
  listIds: async (db) => (await db.selectFrom('theme_session').select('id').execute()).map((r) => r.id),
})
registerTextSource('breakout', {
  load: async (db, id) =>
    (await db.selectFrom('breakout').select('notes').where('id', '=', id).executeTakeFirst())?.notes,
  storeHtml: async (db, id, html) => {
    await db.updateTable('breakout').set({ notes_html: html }).where('id', '=', id).execute()
  },
  listIds: async (db) => (await db.selectFrom('breakout').select('id').execute()).map((r) => r.id),
})
registerTextSource('idea', {
  load: async (db, id) =>
    (await db.selectFrom('idea').select('description').where('id', '=', id).executeTakeFirst())?.description,
  storeHtml: async (db, id, html) => {
    await db.updateTable('idea').set({ description_html: html }).where('id', '=', id).execute()
  },
  listIds: async (db) => (await db.selectFrom('idea').select('id').execute()).map((r) => r.id),
})

registerBacklinkSource({
  heading: 'wiki.backlinks.sessions',
  position: 10,
  async find(db, slugs, viewer) {
    const rows = await db
      .selectFrom('link')
      .leftJoin('breakout', (join) =>
        join.onRef('breakout.id', '=', 'link.source_id').on('link.source_type', '=', 'breakout'),
      )
      .leftJoin('idea', (join) =>
        join.onRef('idea.id', '=', 'link.source_id').on('link.source_type', '=', 'idea'),
      )
      .innerJoin('theme_session', (join) =>
        join.on((eb) =>
          eb.or([
            eb.and([
              eb('link.source_type', '=', 'session'),
              eb('theme_session.id', '=', eb.ref('link.source_id')),
            ]),
            eb('theme_session.id', '=', eb.ref('breakout.session_id')),
            eb('theme_session.id', '=', eb.ref('idea.session_id')),
          ]),
        ),
      )
      .select([
        'theme_session.id',
        'theme_session.slug',
        'theme_session.title',
        'theme_session.starts_at',
        'theme_session.status',
        'link.source_type',
        'link.source_id',
        'link.relation',
        'link.snippet',
      ])
      .where('link.source_type', 'in', ['session', 'breakout', 'idea'])
      .where('link.target_slug', 'in', slugs)
      .where('theme_session.status', 'in', shownStatuses(viewer.isModerator))
      .orderBy('theme_session.starts_at', 'desc')
      .execute()
    const seen = new Set<number>()
    return rows
      .filter((row) => (seen.has(row.id) ? false : seen.add(row.id)))
      .map((row) => ({
        title: row.title,
        href: `/sessions/${row.slug}${row.source_type === 'session' ? '' : `#${row.source_type}-${row.source_id}`}`,
        label: {
          key: (row.relation === 'text' ? 'session.mention' : `session.role.${row.relation}`) as MessageKey,
        },
        snippet: row.relation === 'text' ? row.snippet : '',
        date: row.starts_at,
      }))
  },
})

export interface SessionInput {
  title: string
  series: string | null
  number: number | null
  startsAt: string
  endsAt: string
  format: SessionFormat
  location: string
  summary: string
  report: string
  tags: Record<TagRelation, string[]>
}

function tagLinks(tags: Record<TagRelation, string[]>): FieldLink[] {
  return tagRelations.flatMap((relation) =>
    tags[relation]
      .map((title) => ({ relation, targetTitle: title, targetSlug: slugify(title), snippet: title }))
      .filter((link) => link.targetSlug !== ''),
  )
}

async function saveTags(db: Database, sessionId: number, tags: Record<TagRelation, string[]>) {
  await db.deleteFrom('session_tag').where('session_id', '=', sessionId).execute()
  const rows = tagRelations.flatMap((relation) =>
    tags[relation].map((title, position) => ({ session_id: sessionId, relation, title, position })),
  )
  if (rows.length > 0) await db.insertInto('session_tag').values(rows).execute()
}

async function uniqueSlug(db: Database, title: string, startsAt: string): Promise<string> {
  const base = slugify(`${startsAt.slice(0, 10)} ${title}`) || 'sessie'
  let slug = base
  for (
    let n = 2;
    await db.selectFrom('theme_session').select('id').where('slug', '=', slug).executeTakeFirst();
    n++
  ) {
    slug = `${base}-${n}`
  }
  return slug
}

function sessionRevision(id: number, number: number, input: SessionInput, authorId: number | null) {
  const { title, report, ...fields } = input
  return {
    entityType: 'session' as const,
    entityId: id,
    number,
    title,
    body: report,
    fields,
    summary: null,
    authorId,
  }
}

export async function createSession(
  db: Database,
  input: SessionInput & { status: SessionStatus },
  authorId: number | null,
  now = new Date(),
) {
  return inTransaction(db, async (trx) => {
    const stamp = now.toISOString()
    const slug = await uniqueSlug(trx, input.title, input.startsAt)
    const { id } = await trx
      .insertInto('theme_session')
      .values({
        slug,
        title: input.title,
        series: input.series,
        number: input.number,
        starts_at: input.startsAt,
        ends_at: input.endsAt,
        format: input.format,
        location: input.location,
        status: input.status,
        summary: input.summary,
        report: input.report,
        published_at: input.status === 'published' ? stamp : null,
        published_by: input.status === 'published' ? authorId : null,
        created_by: authorId,
        created_at: stamp,
        updated_at: stamp,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await saveTags(trx, id, input.tags)
    const html = await renderAndLink(trx, { type: 'session', id }, input.report, tagLinks(input.tags))
    await trx.updateTable('theme_session').set({ report_html: html }).where('id', '=', id).execute()
    await createRevision(trx, sessionRevision(id, 1, input, authorId), now)
    await refreshSessionSearch(trx, id)
    return { id, slug }
  })
}

export async function updateSession(
  db: Database,
  session: SessionRow,
  input: SessionInput,
  authorId: number | null,
  now = new Date(),
) {
  await inTransaction(db, async (trx) => {
    const revision = session.revision + 1
    await saveTags(trx, session.id, input.tags)
    const html = await renderAndLink(
      trx,
      { type: 'session', id: session.id },
      input.report,
      tagLinks(input.tags),
    )
    await trx
      .updateTable('theme_session')
      .set({
        title: input.title,
        series: input.series,
        number: input.number,
        starts_at: input.startsAt,
        ends_at: input.endsAt,
        format: input.format,
        location: input.location,
        summary: input.summary,
        report: input.report,
        report_html: html,
        revision,
        updated_at: now.toISOString(),
      })
      .where('id', '=', session.id)
      .execute()
    await createRevision(trx, sessionRevision(session.id, revision, input, authorId), now)
    await refreshSessionSearch(trx, session.id)
  })
}

/** `by` is null when no member made the change (the command line), as with createSession. */
export async function setSessionStatus(
  db: Database,
  session: SessionRow,
  status: SessionStatus,
  by: number | null,
) {
  const stamp = new Date().toISOString()
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable('theme_session')
      .set({
        status,
        ...(status === 'published' ? { published_at: stamp, published_by: by } : {}),
        updated_at: stamp,
      })
      .where('id', '=', session.id)
      .execute()
    await refreshSessionSearch(trx, session.id)
  })
}

export async function findSessionBySlug(db: Database, slug: string) {
  return db.selectFrom('theme_session').selectAll().where('slug', '=', slug).executeTakeFirst()
}

export async function findSessionBySeries(db: Database, series: string, number: number) {
  return db
    .selectFrom('theme_session')
    .selectAll()
    .where('series', '=', series)
    .where('number', '=', number)
    .executeTakeFirst()
}

export async function listTags(db: Database, sessionId: number) {
  const rows = await db
    .selectFrom('session_tag')
    .select(['relation', 'title'])
    .where('session_id', '=', sessionId)
    .orderBy('relation')
    .orderBy('position')
    .execute()
  const tags: Record<TagRelation, string[]> = { moderator: [], speaker: [], participant: [], theme: [] }
  for (const row of rows) tags[row.relation].push(row.title)
  return tags
}

/** The kinds a page can have; `page` is every other page. */
export type MentionKind = Selectable<Page>['kind']
export const mentionKinds: MentionKind[] = ['deal', 'person', 'organisation', 'theme', 'page']
const personRelations = new Set(['moderator', 'speaker', 'participant'])

/**
 * The wiki pages a session points to, each once, by kind: through [[links]] in its report, break-out
 * notes and ideas, and through its people and theme fields. A renamed page is reached through its old
 * slug, as resolveSlugs() does. A page that does not exist yet has no kind, so the field that named it
 * tells what it will be (a person, a theme); a [[link]] in a text does not, and counts as other.
 */
export async function listSessionMentions(db: Database, sessionId: number) {
  const rows = await db
    .selectFrom('link')
    .leftJoin('page as direct', 'direct.slug', 'link.target_slug')
    .leftJoin('redirect', (join) =>
      join.onRef('redirect.from_slug', '=', 'link.target_slug').on('direct.id', 'is', null),
    )
    .leftJoin('page as renamed', 'renamed.id', 'redirect.page_id')
    .select((eb) => [
      'link.target_slug',
      'link.target_title',
      'link.relation',
      eb.fn.coalesce('direct.slug', 'renamed.slug').as('slug'),
      eb.fn.coalesce('direct.title', 'renamed.title').as('title'),
      eb.fn.coalesce('direct.kind', 'renamed.kind').as('kind'),
    ])
    .where((eb) =>
      eb.or([
        eb.and([eb('link.source_type', '=', 'session'), eb('link.source_id', '=', sessionId)]),
        eb.and([
          eb('link.source_type', '=', 'breakout'),
          eb(
            'link.source_id',
            'in',
            eb.selectFrom('breakout').select('id').where('session_id', '=', sessionId),
          ),
        ]),
        eb.and([
          eb('link.source_type', '=', 'idea'),
          eb('link.source_id', 'in', eb.selectFrom('idea').select('id').where('session_id', '=', sessionId)),
        ]),
      ]),
    )
    .execute()
  const pages = new Map<string, { title: string; slug: string | null; kind: MentionKind }>()
  for (const row of rows) {
    if (row.slug !== null && row.title !== null && row.kind !== null) {
      pages.set(row.slug, { title: row.title, slug: row.slug, kind: row.kind })
      continue
    }
    const key = `missing:${row.target_slug}`
    const kind: MentionKind =
      row.relation === 'theme' ? 'theme' : personRelations.has(row.relation) ? 'person' : 'page'
    const seen = pages.get(key)
    if (!seen || seen.kind === 'page') pages.set(key, { title: row.target_title, slug: null, kind })
  }
  const collator = new Intl.Collator('nl')
  const sorted = [...pages.values()].sort((a, b) => collator.compare(a.title, b.title))
  return mentionKinds
    .map((kind) => ({ kind, pages: sorted.filter((page) => page.kind === kind) }))
    .filter((group) => group.pages.length > 0)
}

export interface SessionFilter {
  includeDrafts: boolean
  theme?: string | null
  year?: number | null
}

/** Upcoming planned sessions (soonest first) and everything else (newest first). */
export async function listSessions(db: Database, filter: SessionFilter, now = new Date()) {
  let query = db
    .selectFrom('theme_session')
    .select(['id', 'slug', 'title', 'series', 'number', 'starts_at', 'format', 'status', 'summary'])
    .where(
      'status',
      'in',
      filter.includeDrafts ? ['planned', 'draft', 'published'] : ['planned', 'published'],
    )
  if (filter.theme) {
    const theme = filter.theme
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('session_tag')
          .select('session_tag.session_id')
          .whereRef('session_tag.session_id', '=', 'theme_session.id')
          .where('session_tag.relation', '=', 'theme')
          .where('session_tag.title', '=', theme),
      ),
    )
  }
  if (filter.year) {
    query = query
      .where('starts_at', '>=', `${filter.year}-01-01`)
      .where('starts_at', '<', `${filter.year + 1}-01-01`)
  }
  const rows = await query.orderBy('starts_at', 'desc').limit(500).execute()
  const stamp = now.toISOString()
  const upcoming = rows.filter((r) => r.status === 'planned' && r.starts_at >= stamp).reverse()
  const past = rows.filter((r) => !(r.status === 'planned' && r.starts_at >= stamp))
  return { upcoming, past }
}

export async function listSessionThemes(db: Database) {
  return db
    .selectFrom('session_tag')
    .select('title')
    .distinct()
    .where('relation', '=', 'theme')
    .orderBy('title')
    .execute()
}

export async function findNextPlannedSession(db: Database, now = new Date()) {
  return db
    .selectFrom('theme_session')
    .select(['slug', 'title', 'starts_at', 'format', 'location', 'summary'])
    .where('status', '=', 'planned')
    .where('starts_at', '>=', now.toISOString())
    .orderBy('starts_at')
    .executeTakeFirst()
}

export async function findLatestReport(db: Database) {
  return db
    .selectFrom('theme_session')
    .select(['slug', 'title', 'starts_at', 'summary'])
    .where('status', '=', 'published')
    .orderBy('starts_at', 'desc')
    .executeTakeFirst()
}

export async function listPublishedForFeed(db: Database, limit = 30) {
  return db
    .selectFrom('theme_session')
    .select(['slug', 'title', 'starts_at', 'published_at', 'updated_at', 'summary', 'report_html'])
    .where('status', '=', 'published')
    .orderBy('published_at', 'desc')
    .limit(limit)
    .execute()
}

/** Planned sessions and those of the last year, for the calendar feed. */
export async function listForCalendar(db: Database, now = new Date()) {
  const since = new Date(now.getTime() - 365 * 86_400_000).toISOString()
  return db
    .selectFrom('theme_session')
    .selectAll()
    .where('status', 'in', ['planned', 'published'])
    .where('starts_at', '>=', since)
    .orderBy('starts_at')
    .execute()
}

// ---- break-out rooms

export interface BreakoutInput {
  title: string
  participants: string[]
  notes: string
}

async function renderBreakout(db: Database, id: number, input: BreakoutInput) {
  const links = input.participants
    .map((title) => ({
      relation: 'participant',
      targetTitle: title,
      targetSlug: slugify(title),
      snippet: title,
    }))
    .filter((l) => l.targetSlug !== '')
  return renderAndLink(db, { type: 'breakout', id }, input.notes, links)
}

/** A room goes after the last one, unless a position is given (an import keeps the file's order). */
export async function addBreakout(
  db: Database,
  sessionId: number,
  input: BreakoutInput & { position?: number },
  authorId: number | null,
) {
  return inTransaction(db, async (trx) => {
    const last = await trx
      .selectFrom('breakout')
      .select((eb) => eb.fn.max('position').as('p'))
      .where('session_id', '=', sessionId)
      .executeTakeFirst()
    const { id } = await trx
      .insertInto('breakout')
      .values({
        session_id: sessionId,
        position: input.position ?? Number(last?.p ?? 0) + 1,
        title: input.title,
        participants: input.participants.join('\n'),
        notes: input.notes,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const html = await renderBreakout(trx, id, input)
    await trx.updateTable('breakout').set({ notes_html: html }).where('id', '=', id).execute()
    await refreshSearch(trx, 'breakout', [id])
    await createRevision(trx, {
      entityType: 'breakout',
      entityId: id,
      number: 1,
      title: input.title,
      body: input.notes,
      fields: { participants: input.participants },
      summary: null,
      authorId,
    })
    return id
  })
}

export async function updateBreakout(
  db: Database,
  breakout: BreakoutRow,
  input: BreakoutInput & { position?: number },
  authorId: number | null,
) {
  await inTransaction(db, async (trx) => {
    const position = input.position ?? breakout.position
    const sameText =
      input.title === breakout.title &&
      input.participants.join('\n') === breakout.participants &&
      input.notes === breakout.notes
    // Moving a room is no edit of its text, so it makes no revision (a re-import reorders rooms).
    if (sameText) {
      if (position !== breakout.position) {
        await trx.updateTable('breakout').set({ position }).where('id', '=', breakout.id).execute()
      }
      return
    }
    const html = await renderBreakout(trx, breakout.id, input)
    const revision = breakout.revision + 1
    await trx
      .updateTable('breakout')
      .set({
        title: input.title,
        participants: input.participants.join('\n'),
        notes: input.notes,
        notes_html: html,
        position,
        revision,
      })
      .where('id', '=', breakout.id)
      .execute()
    await createRevision(trx, {
      entityType: 'breakout',
      entityId: breakout.id,
      number: revision,
      title: input.title,
      body: input.notes,
      fields: { participants: input.participants },
      summary: null,
      authorId,
    })
    await refreshSearch(trx, 'breakout', [breakout.id])
  })
}

export async function deleteBreakout(db: Database, breakout: BreakoutRow) {
  await inTransaction(db, async (trx) => {
    await deleteLinks(trx, { type: 'breakout', id: breakout.id })
    await trx.deleteFrom('breakout').where('id', '=', breakout.id).execute()
    await refreshSearch(trx, 'breakout', [breakout.id])
  })
}

export async function listBreakouts(db: Database, sessionId: number) {
  return db
    .selectFrom('breakout')
    .selectAll()
    .where('session_id', '=', sessionId)
    .orderBy('position')
    .orderBy('id')
    .execute()
}

/**
 * Swaps a room with the one before or after it. The rooms are numbered again in their new order:
 * deleted rooms leave gaps, and this way even rooms that share a position move one place. Returns
 * false when the room is already first or last.
 */
export async function moveBreakout(db: Database, breakout: BreakoutRow, direction: 'up' | 'down') {
  return inTransaction(db, async (trx) => {
    const rooms = await listBreakouts(trx, breakout.session_id)
    const from = rooms.findIndex((room) => room.id === breakout.id)
    const to = direction === 'up' ? from - 1 : from + 1
    const [moved, other] = [rooms[from], rooms[to]]
    if (from < 0 || !moved || !other) return false
    rooms[to] = moved
    rooms[from] = other
    for (const [index, room] of rooms.entries()) {
      if (room.position !== index + 1) {
        await trx
          .updateTable('breakout')
          .set({ position: index + 1 })
          .where('id', '=', room.id)
          .execute()
      }
    }
    // The order is part of what readers see, so it raises the content version like any other write.
    await refreshSessionSearch(trx, breakout.session_id)
    return true
  })
}

export async function findBreakout(db: Database, id: number) {
  return db.selectFrom('breakout').selectAll().where('id', '=', id).executeTakeFirst()
}

// ---- follow-up ideas

export interface IdeaInput {
  title: string
  description: string
}

/** `raisedAt`: when the idea came up, if not now (an idea in a session's write-up: at the session). */
export async function addIdea(
  db: Database,
  sessionId: number,
  input: IdeaInput,
  proposedBy: number | null,
  raisedAt = new Date().toISOString(),
) {
  return inTransaction(db, async (trx) => {
    const { id } = await trx
      .insertInto('idea')
      .values({
        session_id: sessionId,
        title: input.title,
        description: input.description,
        status: 'proposed',
        proposed_by: proposedBy,
        created_at: raisedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const html = await renderAndLink(trx, { type: 'idea', id }, input.description)
    await trx.updateTable('idea').set({ description_html: html }).where('id', '=', id).execute()
    await refreshSearch(trx, 'idea', [id])
    await createRevision(trx, {
      entityType: 'idea',
      entityId: id,
      number: 1,
      title: input.title,
      body: input.description,
      fields: { status: 'proposed' },
      summary: null,
      authorId: proposedBy,
    })
    return id
  })
}

export async function updateIdea(
  db: Database,
  idea: IdeaRow,
  input: IdeaInput & { status: IdeaRow['status']; takenUpBy: number | null },
  authorId: number | null,
) {
  await inTransaction(db, async (trx) => {
    const html = await renderAndLink(trx, { type: 'idea', id: idea.id }, input.description)
    const revision = idea.revision + 1
    await trx
      .updateTable('idea')
      .set({
        title: input.title,
        description: input.description,
        description_html: html,
        status: input.status,
        taken_up_by: input.takenUpBy,
        revision,
      })
      .where('id', '=', idea.id)
      .execute()
    await createRevision(trx, {
      entityType: 'idea',
      entityId: idea.id,
      number: revision,
      title: input.title,
      body: input.description,
      fields: { status: input.status, takenUpBy: input.takenUpBy },
      summary: null,
      authorId,
    })
    await refreshSearch(trx, 'idea', [idea.id])
  })
}

export async function findIdea(db: Database, id: number) {
  return db.selectFrom('idea').selectAll().where('id', '=', id).executeTakeFirst()
}

/** One vote per member: voting again takes the vote back. Returns whether the member now votes. */
export async function toggleVote(db: Database, ideaId: number, memberId: number): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const existing = await trx
      .deleteFrom('idea_vote')
      .where('idea_id', '=', ideaId)
      .where('member_id', '=', memberId)
      .executeTakeFirst()
    const removed = Number(existing.numDeletedRows) > 0
    if (!removed) {
      await trx
        .insertInto('idea_vote')
        .values({ idea_id: ideaId, member_id: memberId, created_at: new Date().toISOString() })
        .execute()
    }
    const count = await trx
      .selectFrom('idea_vote')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('idea_id', '=', ideaId)
      .executeTakeFirstOrThrow()
    await trx
      .updateTable('idea')
      .set({ vote_count: Number(count.n) })
      .where('id', '=', ideaId)
      .execute()
    // The count and the voters are on the session page, which is kept per content version.
    await bumpContentVersion(trx)
    return !removed
  })
}

/** Drafts are for moderators only, also where another session points to one. */
export const shownStatuses = (includeDrafts: boolean): SessionStatus[] =>
  includeDrafts ? ['planned', 'draft', 'published'] : ['planned', 'published']

const ideaColumns = [
  'idea.id',
  'idea.session_id',
  'idea.title',
  'idea.description_html',
  'idea.status',
  'idea.vote_count',
  'idea.taken_up_by',
] as const

/**
 * The ideas raised in a session, with who voted for each (the page is the same for everyone, the vote
 * button each voter's own) and where each idea went. A later session that is still a draft is for
 * moderators only, so for others the idea goes nowhere yet.
 */
export async function listIdeas(db: Database, sessionId: number, includeDrafts: boolean) {
  const [ideas, votes] = await Promise.all([
    db
      .selectFrom('idea')
      .leftJoin('theme_session as later', (join) =>
        join
          .onRef('later.id', '=', 'idea.taken_up_by')
          .on('later.status', 'in', shownStatuses(includeDrafts)),
      )
      .select(ideaColumns)
      .select(['later.slug as later_slug', 'later.title as later_title'])
      .where('idea.session_id', '=', sessionId)
      // Open ideas first, most votes first: a done idea's old votes do not put it on top.
      .orderBy(sql`idea.status in (${sql.join(openIdeaStatuses)})`, 'desc')
      .orderBy('idea.vote_count', 'desc')
      .orderBy('idea.id')
      .execute(),
    db
      .selectFrom('idea_vote')
      .innerJoin('idea', 'idea.id', 'idea_vote.idea_id')
      .select(['idea_vote.idea_id', 'idea_vote.member_id'])
      .where('idea.session_id', '=', sessionId)
      .execute(),
  ])
  const voters = new Map<number, number[]>()
  for (const vote of votes) {
    const list = voters.get(vote.idea_id)
    if (list) list.push(vote.member_id)
    else voters.set(vote.idea_id, [vote.member_id])
  }
  return ideas.map((idea) => ({ ...idea, open: isOpenIdea(idea), voters: voters.get(idea.id) ?? [] }))
}

/** Ideas from earlier sessions that this session took up ("follows up on"); from drafts only for moderators. */
export async function listIdeasTakenUpBy(db: Database, sessionId: number, includeDrafts: boolean) {
  return db
    .selectFrom('idea')
    .innerJoin('theme_session as origin', 'origin.id', 'idea.session_id')
    .select(['idea.id', 'idea.title', 'origin.slug as origin_slug', 'origin.title as origin_title'])
    .where('idea.taken_up_by', '=', sessionId)
    .where('origin.status', 'in', shownStatuses(includeDrafts))
    .orderBy('idea.id')
    .execute()
}

/** Ideas still open: these can be voted for; done and declined ones no longer. */
export const openIdeaStatuses = ['proposed', 'planned'] as const

export function isOpenIdea(idea: { status: string }): boolean {
  return (openIdeaStatuses as readonly string[]).includes(idea.status)
}

/** Open ideas across all sessions, most votes first, with the later session that took each up. */
export async function listOpenIdeas(db: Database, memberId: number | null, includeDrafts: boolean) {
  return db
    .selectFrom('idea')
    .innerJoin('theme_session as origin', 'origin.id', 'idea.session_id')
    .leftJoin('theme_session as later', (join) =>
      join.onRef('later.id', '=', 'idea.taken_up_by').on('later.status', 'in', shownStatuses(includeDrafts)),
    )
    .leftJoin('idea_vote', (join) =>
      join.onRef('idea_vote.idea_id', '=', 'idea.id').on('idea_vote.member_id', '=', memberId ?? -1),
    )
    .select(ideaColumns)
    .select([
      'origin.slug as origin_slug',
      'origin.title as origin_title',
      'later.slug as later_slug',
      'later.title as later_title',
      'idea_vote.member_id as voted',
    ])
    .where('idea.status', 'in', openIdeaStatuses)
    .where('origin.status', '=', 'published')
    .orderBy('idea.vote_count', 'desc')
    .orderBy('idea.id')
    .limit(200)
    .execute()
}

export async function listSessionsForTakeUp(db: Database) {
  return db
    .selectFrom('theme_session')
    .select(['id', 'title', 'starts_at'])
    .orderBy('starts_at', 'desc')
    .limit(200)
    .execute()
}
