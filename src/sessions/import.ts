// Importing and exporting sessions in the markdown format, shared by the CLI and the web form.
import { type Database, inTransaction } from '../db/database.js'
import type { SessionDocument } from './markdown-format.js'
import {
  addBreakout,
  addIdea,
  type BreakoutRow,
  createSession,
  deleteBreakout,
  findSessionBySeries,
  listBreakouts,
  listTags,
  type SessionRow,
  setSessionStatus,
  updateBreakout,
  updateIdea,
  updateSession,
} from './queries.js'

export type ImportResult =
  | { ok: true; slug: string; updated: boolean }
  | { ok: false; reason: 'exists'; slug: string }

/**
 * Saves a parsed document in one transaction. A session with the same series and number is updated
 * only when asked (`update`); its break-outs are updated in place (see syncBreakouts), its ideas
 * matched by title so votes stay.
 */
export async function importSessionDocument(
  db: Database,
  doc: SessionDocument,
  options: { update: boolean; authorId: number | null; statusOverride?: 'draft' },
): Promise<ImportResult> {
  return inTransaction(db, async (trx) => {
    const existing =
      doc.session.series && doc.session.number !== null
        ? await findSessionBySeries(trx, doc.session.series, doc.session.number)
        : undefined
    if (existing && !options.update) return { ok: false, reason: 'exists', slug: existing.slug }
    let session: SessionRow
    if (existing) {
      await updateSession(trx, existing, doc.session, options.authorId)
      // The command line has no author, yet its file's status is what the moderator asked for.
      if (!options.statusOverride && existing.status !== doc.session.status) {
        await setSessionStatus(trx, existing, doc.session.status, options.authorId)
      }
      session = existing
    } else {
      const status = options.statusOverride ?? doc.session.status
      const created = await createSession(trx, { ...doc.session, status }, options.authorId)
      session = await trx
        .selectFrom('theme_session')
        .selectAll()
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow()
    }
    await syncBreakouts(trx, session.id, doc.breakouts, options.authorId)
    const current = existing
      ? await trx.selectFrom('idea').selectAll().where('session_id', '=', session.id).execute()
      : []
    // The ideas of a write-up came up at the session: dated then, not when the write-up was imported
    // (search shows and orders them by that date). A planned session's ideas are dated now.
    const now = new Date().toISOString()
    // From the file: an update that moves the session dates its new ideas at the new date.
    const raisedAt = doc.session.startsAt < now ? doc.session.startsAt : now
    for (const idea of doc.ideas) {
      const same = current.find((c) => c.title === idea.title)
      if (!same) await addIdea(trx, session.id, idea, options.authorId, raisedAt)
      else if (same.description !== idea.description) {
        await updateIdea(
          trx,
          same,
          { ...idea, status: same.status, takenUpBy: same.taken_up_by },
          options.authorId,
        )
      }
    }
    return { ok: true, slug: session.slug, updated: existing !== undefined }
  })
}

/**
 * Makes a session's break-outs those of the file while keeping the ids of the rooms that stay, so
 * their revision history and `#breakout-N` links survive a re-import. A room is matched by its
 * title, wherever it moved in the file; a room whose title changed but that kept its place is the
 * same room renamed. A title that is new in another place is a new room, and a stored room left
 * unmatched was taken out of the file, so it goes.
 */
async function syncBreakouts(
  db: Database,
  sessionId: number,
  wanted: SessionDocument['breakouts'],
  authorId: number | null,
) {
  const stored = await listBreakouts(db, sessionId)
  const matched: (BreakoutRow | undefined)[] = wanted.map(() => undefined)
  const taken = new Set<number>()
  for (const [index, room] of wanted.entries()) {
    const same = stored.find((s) => !taken.has(s.id) && s.title === room.title)
    if (same) {
      matched[index] = same
      taken.add(same.id)
    }
  }
  for (const [index, row] of stored.entries()) {
    if (!taken.has(row.id) && index < wanted.length && matched[index] === undefined) {
      matched[index] = row
      taken.add(row.id)
    }
  }
  for (const row of stored) if (!taken.has(row.id)) await deleteBreakout(db, row)
  for (const [index, room] of wanted.entries()) {
    const row = matched[index]
    const input = { ...room, position: index + 1 }
    if (!row) await addBreakout(db, sessionId, input, authorId)
    else await updateBreakout(db, row, input, authorId)
  }
}

/** A stored session as a document, ready for exportSession(). */
export async function loadSessionDocument(db: Database, session: SessionRow): Promise<SessionDocument> {
  const [tags, breakouts, ideas] = await Promise.all([
    listTags(db, session.id),
    listBreakouts(db, session.id),
    db
      .selectFrom('idea')
      .select(['title', 'description'])
      .where('session_id', '=', session.id)
      .orderBy('id')
      .execute(),
  ])
  return {
    session: {
      title: session.title,
      series: session.series,
      number: session.number,
      startsAt: session.starts_at,
      endsAt: session.ends_at,
      format: session.format,
      location: session.location,
      summary: session.summary,
      report: session.report,
      tags,
      status: session.status,
    },
    breakouts: breakouts.map((b) => ({
      title: b.title,
      participants: b.participants.split('\n').filter(Boolean),
      notes: b.notes,
    })),
    ideas,
  }
}
