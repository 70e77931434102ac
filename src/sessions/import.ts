// Importing and exporting sessions in the markdown format, shared by the CLI and the web form.
import { type Database, inTransaction } from '../db/database.js'
import type { SessionDocument } from './markdown-format.js'
import {
  addBreakout,
  addIdea,
  createSession,
  deleteBreakout,
  findSessionBySeries,
  listBreakouts,
  listTags,
  type SessionRow,
  setSessionStatus,
  updateIdea,
  updateSession,
} from './queries.js'

export type ImportResult =
  | { ok: true; slug: string; updated: boolean }
  | { ok: false; reason: 'exists'; slug: string }

/**
 * Saves a parsed document in one transaction. A session with the same series and number is updated
 * only when asked (`update`); its break-outs are replaced, its ideas matched by title so votes stay.
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
      if (!options.statusOverride && existing.status !== doc.session.status && options.authorId !== null) {
        await setSessionStatus(trx, existing, doc.session.status, options.authorId)
      }
      for (const breakout of await listBreakouts(trx, existing.id)) await deleteBreakout(trx, breakout)
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
    for (const breakout of doc.breakouts) await addBreakout(trx, session.id, breakout, options.authorId)
    const current = existing
      ? await trx.selectFrom('idea').selectAll().where('session_id', '=', session.id).execute()
      : []
    for (const idea of doc.ideas) {
      const same = current.find((c) => c.title === idea.title)
      if (!same) await addIdea(trx, session.id, idea, options.authorId)
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
