// Theme sessions: planning, the report with break-out rooms, follow-up ideas with votes, the
// calendar and the feed of published reports.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { recordAudit } from '../audit/queries.js'
import { currentMember } from '../auth/auth-plugin.js'
import { atomFeed } from '../forum/atom.js'
import { hasRole } from '../http/access-plugin.js'
import { setFlash } from '../http/flash.js'
import { type FieldErrors, field, hasErrors, idParam } from '../http/forms.js'
import { notFound } from '../http/http-error.js'
import { pageCache } from '../http/views-plugin.js'
import { amsterdamLocalToUtc, dateTimeFormatter, utcToAmsterdamLocal } from '../i18n/dates.js'
import { diffText } from '../text/diff.js'
import { linkTitles, titleLink } from '../text/links.js'
import { findRevision, listRevisions } from '../text/revisions.js'
import { localizeHtml } from '../wiki/routes.js'
import { calendar } from './ical.js'
import { importSessionDocument, loadSessionDocument } from './import.js'
import { exportSession, parseSessionDocument } from './markdown-format.js'
import {
  addBreakout,
  addIdea,
  createSession,
  deleteBreakout,
  findBreakout,
  findIdea,
  findSessionBySeries,
  findSessionBySlug,
  ideaStatuses,
  isOpenIdea,
  listBreakouts,
  listForCalendar,
  listIdeas,
  listIdeasTakenUpBy,
  listOpenIdeas,
  listPublishedForFeed,
  listSessionMentions,
  listSessions,
  listSessionsForTakeUp,
  listSessionThemes,
  listTags,
  moveBreakout,
  type SessionFormat,
  type SessionInput,
  type SessionRow,
  setSessionStatus,
  type TagRelation,
  tagRelations,
  toggleVote,
  updateBreakout,
  updateIdea,
  updateSession,
} from './queries.js'
import { fieldChanges } from './revision-fields.js'

const formats: SessionFormat[] = ['online', 'in-person', 'hybrid']

/** One name per line (or comma-separated), trimmed, without empties or doubles. */
export function names(text: string): string[] {
  const list = text
    .split(/[\n,]/)
    .map((n) => n.trim())
    .filter((n) => n !== '' && n.length <= 150)
  return [...new Set(list)].slice(0, 200)
}

type SessionForm = Record<string, string>

function readSessionForm(body: unknown): SessionForm {
  const keys = [
    'title',
    'series',
    'number',
    'starts',
    'ends',
    'format',
    'location',
    'summary',
    'report',
    'status',
  ]
  return Object.fromEntries(
    [...keys, ...tagRelations.map((r) => `tags_${r}`)].map((k) => [k, field(body, k)]),
  )
}

function validateSession(values: SessionForm): { errors: FieldErrors; input: SessionInput | null } {
  const errors: FieldErrors = {}
  const title = values.title?.trim() ?? ''
  if (title.length < 3 || title.length > 150) errors.title = 'session.titleInvalid'
  const number = values.number?.trim() ? Number(values.number) : null
  if (number !== null && !(Number.isInteger(number) && number > 0 && number < 10_000))
    errors.number = 'wiki.partnersInvalid'
  const startsAt = amsterdamLocalToUtc(values.starts ?? '')
  if (!startsAt) errors.starts = 'session.dateInvalid'
  const endsAt = values.ends ? amsterdamLocalToUtc(values.ends) : startsAt
  if (!endsAt) errors.ends = 'session.dateInvalid'
  else if (startsAt && endsAt < startsAt) errors.ends = 'session.endsBeforeStart'
  const format = formats.find((f) => f === values.format)
  if (!format) errors.format = 'form.invalidChoice'
  if ((values.location ?? '').length > 500) errors.location = 'wiki.summaryTooLong'
  if ((values.summary ?? '').length > 1000) errors.summary = 'session.summaryTooLong'
  if ((values.report ?? '').length > 200_000) errors.report = 'wiki.bodyTooLong'
  if (hasErrors(errors) || !startsAt || !endsAt || !format) return { errors, input: null }
  const tags = Object.fromEntries(tagRelations.map((r) => [r, names(values[`tags_${r}`] ?? '')])) as Record<
    TagRelation,
    string[]
  >
  return {
    errors,
    input: {
      title,
      series: values.series?.trim() || null,
      number,
      startsAt,
      endsAt,
      format,
      location: values.location?.trim() ?? '',
      summary: values.summary?.trim() ?? '',
      report: values.report ?? '',
      tags,
    },
  }
}

export const sessionRoutes: FastifyPluginAsync = async (app) => {
  const read = { config: { access: 'read' } } as const
  const member = { config: { access: 'member' } } as const
  const moderator = { config: { access: 'moderator' } } as const
  const isModerator = (request: FastifyRequest) => hasRole(request.member?.role, 'moderator')
  // A report with its rooms and ideas is 20-60 KB.
  const sessionPages = pageCache(100, 16)
  /** A meeting link is for members; a place may be told to anyone. */
  const showLocation = (request: FastifyRequest, session: Pick<SessionRow, 'format'>) =>
    request.member != null || session.format === 'in-person'

  /** Drafts exist only for moderators; everyone else gets a plain 404. */
  async function loadSession(request: FastifyRequest<{ Params: { slug: string } }>) {
    const session = await findSessionBySlug(app.db, request.params.slug)
    if (!session || (session.status === 'draft' && !isModerator(request))) throw notFound()
    return session
  }

  /** Another session already has this number in this series. */
  async function numberTaken(input: SessionInput, sessionId: number | null) {
    if (!input.series || input.number === null) return false
    const other = await findSessionBySeries(app.db, input.series, input.number)
    return other !== undefined && other.id !== sessionId
  }

  // ---- lists

  app.get<{ Querystring: { theme?: string; year?: string } }>('/sessions', read, async (request, reply) => {
    const year = /^\d{4}$/.test(request.query.year ?? '') ? Number(request.query.year) : null
    const theme =
      typeof request.query.theme === 'string' && request.query.theme
        ? request.query.theme.slice(0, 150)
        : null
    const { upcoming, past } = await listSessions(app.db, {
      includeDrafts: isModerator(request),
      theme,
      year,
    })
    const years = [...new Set(past.map((s) => Number(s.starts_at.slice(0, 4))))]
    return reply.page('sessions/index.eta', {
      title: 'session.title',
      upcoming,
      pastByYear: years.map((y) => ({
        year: y,
        sessions: past.filter((s) => s.starts_at.startsWith(String(y))),
      })),
      themes: await listSessionThemes(app.db),
      theme,
      year,
      isModerator: isModerator(request),
    })
  })

  app.get('/sessions/ideas', read, async (request, reply) =>
    reply.page('sessions/ideas.eta', {
      title: 'session.ideasTitle',
      ideas: await listOpenIdeas(app.db, request.member?.id ?? null, isModerator(request)),
      render: (html: string) => localizeHtml(html, request),
    }),
  )

  // ---- create and edit

  const formPage = async (
    reply: FastifyReply,
    data: { session?: SessionRow; values: SessionForm; errors: FieldErrors },
  ) =>
    reply.page('sessions/form.eta', {
      title: data.session ? 'session.editTitle' : 'session.newTitle',
      session: data.session ?? null,
      formats,
      relations: tagRelations,
      values: data.values,
      errors: data.errors,
      action: data.session ? `/sessions/${data.session.slug}` : '/sessions',
    })

  app.get('/sessions/new', moderator, async (_request, reply) =>
    formPage(reply, { values: { format: 'online', status: 'planned' }, errors: {} }),
  )

  app.post('/sessions', moderator, async (request, reply) => {
    const values = readSessionForm(request.body)
    const { errors, input } = validateSession(values)
    const status = values.status === 'draft' ? 'draft' : 'planned'
    if (input && (await numberTaken(input, null))) errors.number = 'session.numberTaken'
    if (!input || hasErrors(errors)) return formPage(reply.code(422), { values, errors })
    const created = await createSession(app.db, { ...input, status }, currentMember(request).id)
    setFlash(reply, 'flash.sessionSaved')
    return reply.redirect(`/sessions/${created.slug}`, 303)
  })

  app.get<{ Params: { slug: string } }>('/sessions/:slug/edit', moderator, async (request, reply) => {
    const session = await loadSession(request)
    const tags = await listTags(app.db, session.id)
    return formPage(reply, {
      session,
      values: {
        title: session.title,
        series: session.series ?? '',
        number: session.number === null ? '' : String(session.number),
        starts: utcToAmsterdamLocal(session.starts_at),
        ends: utcToAmsterdamLocal(session.ends_at),
        format: session.format,
        location: session.location,
        summary: session.summary,
        report: session.report,
        ...Object.fromEntries(tagRelations.map((r) => [`tags_${r}`, tags[r].join('\n')])),
      },
      errors: {},
    })
  })

  app.post<{ Params: { slug: string } }>('/sessions/:slug', moderator, async (request, reply) => {
    const session = await loadSession(request)
    const values = readSessionForm(request.body)
    const { errors, input } = validateSession(values)
    if (input && (await numberTaken(input, session.id))) errors.number = 'session.numberTaken'
    if (!input || hasErrors(errors)) return formPage(reply.code(422), { session, values, errors })
    await updateSession(app.db, session, input, currentMember(request).id)
    setFlash(reply, 'flash.sessionSaved')
    return reply.redirect(`/sessions/${session.slug}`, 303)
  })

  app.post<{ Params: { slug: string } }>('/sessions/:slug/status', moderator, async (request, reply) => {
    const session = await loadSession(request)
    const status = (['planned', 'draft', 'published'] as const).find(
      (s) => s === field(request.body, 'status'),
    )
    if (!status) throw notFound()
    const me = currentMember(request)
    await app.db.transaction().execute(async (trx) => {
      await setSessionStatus(trx, session, status, me.id)
      await recordAudit(trx, {
        actorId: me.id,
        action: 'session.status',
        targetType: 'session',
        targetId: session.id,
        detail: { from: session.status, to: status },
      })
    })
    setFlash(reply, status === 'published' ? 'flash.sessionPublished' : 'flash.sessionSaved')
    return reply.redirect(`/sessions/${session.slug}`, 303)
  })

  // ---- one session

  app.get<{ Params: { slug: string } }>('/sessions/:slug', read, async (request, reply) => {
    const session = await loadSession(request)
    // Kept per content version, role and language like a thread page: what is one member's own (the
    // ideas they voted for, the form token) is filled in per view.
    return reply.cachedPage(
      { cache: sessionPages, key: String(session.id), currentUrl: `/sessions/${session.slug}` },
      'sessions/session.eta',
      () => sessionPageData(request, session),
    )
  })

  async function sessionPageData(request: FastifyRequest, session: SessionRow) {
    const [tags, breakouts, ideas, followsUp, mentions] = await Promise.all([
      listTags(app.db, session.id),
      listBreakouts(app.db, session.id),
      listIdeas(app.db, session.id, isModerator(request)),
      listIdeasTakenUpBy(app.db, session.id, isModerator(request)),
      listSessionMentions(app.db, session.id),
    ])
    const people = [
      ...tagRelations.flatMap((r) => tags[r]),
      ...breakouts.flatMap((b) => b.participants.split('\n').filter(Boolean)),
    ]
    const link = await linkTitles(app.db, people)
    return {
      title: { text: session.title },
      session,
      tags: Object.fromEntries(tagRelations.map((r) => [r, tags[r].map(link)])),
      relations: tagRelations,
      breakouts: breakouts.map((b, index) => ({
        ...b,
        people: b.participants.split('\n').filter(Boolean).map(link),
        canMoveUp: index > 0,
        canMoveDown: index < breakouts.length - 1,
      })),
      mentions: mentions.map((group) => ({
        kind: group.kind,
        pages: group.pages.map((page) => titleLink(page.title, page.slug)),
      })),
      ideas,
      followsUp,
      ideaStatuses,
      laterSessions: isModerator(request) ? await listSessionsForTakeUp(app.db) : [],
      isModerator: isModerator(request),
      canPropose: request.member != null && (session.status === 'published' || isModerator(request)),
      render: (html: string) => localizeHtml(html, request),
      showLocation: showLocation(request, session),
      // A meeting link is a link (http and https only); a place stays text.
      meetingLink:
        showLocation(request, session) && /^https?:\/\/\S+$/.test(session.location) ? session.location : null,
    }
  }

  // ---- history: the report, each break-out's notes and each idea, with what changed each time

  app.get<{ Params: { slug: string } }>('/sessions/:slug/history', read, async (request, reply) => {
    const session = await loadSession(request)
    const [breakouts, ideas] = await Promise.all([
      listBreakouts(app.db, session.id),
      app.db
        .selectFrom('idea')
        .select(['id', 'title'])
        .where('session_id', '=', session.id)
        .orderBy('id')
        .execute(),
    ])
    const texts = [
      { type: 'session' as const, id: session.id, label: request.t('session.report') },
      ...breakouts.map((b) => ({ type: 'breakout' as const, id: b.id, label: b.title })),
      ...ideas.map((i) => ({ type: 'idea' as const, id: i.id, label: i.title })),
    ]
    const histories = await Promise.all(
      texts.map(async (text) => ({ ...text, changes: await revisionChanges(request, text.type, text.id) })),
    )
    return reply.page('sessions/history.eta', {
      title: { text: request.t('wiki.historyTitle', { title: session.title }) },
      session,
      histories: histories.filter((h) => h.changes.length > 0),
    })
  })

  /** The newest revisions of a text, each with the word diff to the one before (bounded work). */
  async function revisionChanges(request: FastifyRequest, type: 'session' | 'breakout' | 'idea', id: number) {
    const formatDateTime = dateTimeFormatter(request.locale)
    const revisions = (await listRevisions(app.db, type, id)).slice(0, 20)
    return Promise.all(
      revisions.map(async (revision) => {
        const [previous, current] = await Promise.all([
          revision.number > 1 ? findRevision(app.db, type, id, revision.number - 1) : undefined,
          findRevision(app.db, type, id, revision.number),
        ])
        return {
          ...revision,
          parts: current ? diffText(previous?.body ?? '', current.body) : [],
          // A change outside the text (participants, status, date) would otherwise look like none.
          fieldChanges: current ? fieldChanges(type, previous, current, request.t, formatDateTime) : [],
        }
      }),
    )
  }

  // ---- break-out rooms

  function readBreakout(body: unknown) {
    const input = {
      title: field(body, 'title').trim(),
      participants: names(field(body, 'participants')),
      notes: field(body, 'notes'),
    }
    const ok = input.title.length >= 2 && input.title.length <= 150 && input.notes.length <= 100_000
    return { input, ok }
  }

  app.post<{ Params: { slug: string } }>('/sessions/:slug/breakouts', moderator, async (request, reply) => {
    const session = await loadSession(request)
    const { input, ok } = readBreakout(request.body)
    if (!ok) {
      setFlash(reply, 'flash.breakoutInvalid', 'error')
      return reply.redirect(`/sessions/${session.slug}#breakouts`, 303)
    }
    const id = await addBreakout(app.db, session.id, input, currentMember(request).id)
    return reply.redirect(`/sessions/${session.slug}#breakout-${id}`, 303)
  })

  app.post<{ Params: { id: string } }>('/breakouts/:id', moderator, async (request, reply) => {
    const id = idParam(request.params.id)
    const breakout = id === null ? undefined : await findBreakout(app.db, id)
    if (!breakout) throw notFound()
    const session = await app.db
      .selectFrom('theme_session')
      .select('slug')
      .where('id', '=', breakout.session_id)
      .executeTakeFirstOrThrow()
    if (field(request.body, 'action') === 'delete') {
      await deleteBreakout(app.db, breakout)
      return reply.redirect(`/sessions/${session.slug}#breakouts`, 303)
    }
    const { input, ok } = readBreakout(request.body)
    if (!ok) {
      setFlash(reply, 'flash.breakoutInvalid', 'error')
      return reply.redirect(`/sessions/${session.slug}#breakout-${breakout.id}`, 303)
    }
    await updateBreakout(app.db, breakout, input, currentMember(request).id)
    return reply.redirect(`/sessions/${session.slug}#breakout-${breakout.id}`, 303)
  })

  app.post<{ Params: { id: string } }>('/breakouts/:id/move', moderator, async (request, reply) => {
    const id = idParam(request.params.id)
    const breakout = id === null ? undefined : await findBreakout(app.db, id)
    const direction = (['up', 'down'] as const).find((d) => d === field(request.body, 'direction'))
    if (!breakout || !direction) throw notFound()
    const session = await app.db
      .selectFrom('theme_session')
      .select('slug')
      .where('id', '=', breakout.session_id)
      .executeTakeFirstOrThrow()
    const me = currentMember(request)
    await app.db.transaction().execute(async (trx) => {
      if (!(await moveBreakout(trx, breakout, direction))) return
      await recordAudit(trx, {
        actorId: me.id,
        action: 'session.breakout-move',
        targetType: 'session',
        targetId: breakout.session_id,
        detail: { breakout: breakout.id, direction },
      })
    })
    return reply.redirect(`/sessions/${session.slug}#breakout-${breakout.id}`, 303)
  })

  // ---- ideas

  app.post<{ Params: { slug: string } }>('/sessions/:slug/ideas', member, async (request, reply) => {
    const session = await loadSession(request)
    if (session.status !== 'published' && !isModerator(request)) throw notFound()
    const input = {
      title: field(request.body, 'title').trim(),
      description: field(request.body, 'description'),
    }
    if (input.title.length < 3 || input.title.length > 150 || input.description.length > 10_000) {
      setFlash(reply, 'flash.ideaInvalid', 'error')
      return reply.redirect(`/sessions/${session.slug}#ideas`, 303)
    }
    const id = await addIdea(app.db, session.id, input, currentMember(request).id)
    return reply.redirect(`/sessions/${session.slug}#idea-${id}`, 303)
  })

  async function loadIdea(request: FastifyRequest<{ Params: { id: string } }>) {
    const id = idParam(request.params.id)
    const idea = id === null ? undefined : await findIdea(app.db, id)
    if (!idea) throw notFound()
    const session = await app.db
      .selectFrom('theme_session')
      .selectAll()
      .where('id', '=', idea.session_id)
      .executeTakeFirstOrThrow()
    if (session.status === 'draft' && !isModerator(request)) throw notFound()
    return { idea, session }
  }

  app.post<{ Params: { id: string } }>('/ideas/:id/vote', member, async (request, reply) => {
    const { idea, session } = await loadIdea(request)
    // Votes are for open ideas of published sessions: the only ones with a vote button.
    if (isOpenIdea(idea) && session.status === 'published') {
      const voted = await toggleVote(app.db, idea.id, currentMember(request).id)
      setFlash(reply, voted ? 'flash.voted' : 'flash.voteWithdrawn')
    } else setFlash(reply, 'flash.votingClosed')
    const back =
      field(request.body, 'back') === 'ideas'
        ? '/sessions/ideas'
        : `/sessions/${session.slug}#idea-${idea.id}`
    return reply.redirect(back, 303)
  })

  app.post<{ Params: { id: string } }>('/ideas/:id', moderator, async (request, reply) => {
    const { idea, session } = await loadIdea(request)
    const status = ideaStatuses.find((s) => s === field(request.body, 'status')) ?? idea.status
    const takenUpId = idParam(field(request.body, 'taken_up_by'))
    const takenUp =
      takenUpId === null
        ? null
        : await app.db.selectFrom('theme_session').select('id').where('id', '=', takenUpId).executeTakeFirst()
    const title = field(request.body, 'title').trim() || idea.title
    await updateIdea(
      app.db,
      idea,
      {
        title,
        description: idea.description,
        status,
        takenUpBy: takenUp && takenUp.id !== session.id ? takenUp.id : null,
      },
      currentMember(request).id,
    )
    setFlash(reply, 'flash.ideaSaved')
    return reply.redirect(`/sessions/${session.slug}#idea-${idea.id}`, 303)
  })

  // ---- markdown import and export

  const importPage = (
    reply: FastifyReply,
    data: { text: string; errors: { line: number; message: string }[]; exists: string | null },
  ) => reply.page('sessions/import.eta', { title: 'session.importTitle', ...data })

  app.get('/sessions/import', moderator, async (_request, reply) =>
    importPage(reply, { text: '', errors: [], exists: null }),
  )

  app.post('/sessions/import', moderator, async (request, reply) => {
    const text = field(request.body, 'text').slice(0, 500_000)
    const { document, errors } = parseSessionDocument(text)
    if (!document) {
      const messages = errors.map((e) => ({ line: e.line, message: request.t(e.key, e.params) }))
      return importPage(reply.code(422), { text, errors: messages, exists: null })
    }
    const result = await importSessionDocument(app.db, document, {
      update: field(request.body, 'confirm_update') === 'yes',
      authorId: currentMember(request).id,
      statusOverride: 'draft',
    })
    if (!result.ok) return importPage(reply.code(409), { text, errors: [], exists: result.slug })
    setFlash(reply, result.updated ? 'flash.sessionUpdatedByImport' : 'flash.sessionImported')
    return reply.redirect(`/sessions/${result.slug}`, 303)
  })

  app.get<{ Params: { slug: string } }>('/sessions/:slug/export.md', read, async (request, reply) => {
    const session = await loadSession(request)
    const document = await loadSessionDocument(app.db, session)
    // The download stays open to every reader: on a public site the report is public, and a copy to
    // keep should not need an account. It holds what the page shows, so the meeting link, which the
    // page keeps for members, is left out for others (moderators, who re-import, are members).
    if (!showLocation(request, session)) document.session.location = ''
    const text = exportSession(document)
    return reply
      .type('text/markdown; charset=utf-8')
      .header('content-disposition', `attachment; filename="${session.slug}.md"`)
      .send(text)
  })

  // ---- calendar and feed

  app.get('/sessions.ics', read, async (request, reply) => {
    const sessions = await listForCalendar(app.db)
    return reply.type('text/calendar; charset=utf-8').send(
      calendar(sessions, {
        base: baseUrl(request),
        siteName: request.site.siteName,
        showLocation: request.member != null,
      }),
    )
  })

  app.get<{ Params: { slug: string } }>('/sessions/:slug/calendar.ics', read, async (request, reply) => {
    const session = await loadSession(request)
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="${session.slug}.ics"`)
      .send(
        calendar([session], {
          base: baseUrl(request),
          siteName: request.site.siteName,
          showLocation: request.member != null,
        }),
      )
  })

  app.get('/feeds/sessions.atom', read, async (request, reply) => {
    const base = baseUrl(request)
    const sessions = await listPublishedForFeed(app.db)
    const xml = atomFeed({
      base,
      selfPath: '/feeds/sessions.atom',
      alternatePath: '/sessions',
      title: `${request.site.siteName} · ${request.t('session.title')}`,
      entries: sessions.map((s) => ({
        id: `${base}/sessions/${s.slug}`,
        title: s.title,
        link: `${base}/sessions/${s.slug}`,
        updated: s.updated_at,
        published: s.published_at ?? s.updated_at,
        author: request.site.siteName,
        category: request.t('session.kind'),
        html: s.report_html,
      })),
    })
    return reply.type('application/atom+xml; charset=utf-8').send(xml)
  })

  function baseUrl(request: FastifyRequest) {
    return app.config.publicUrl?.origin ?? `${request.protocol}://${request.host}`
  }
}
