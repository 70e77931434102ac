// The forum: questions and discussions, replies, accepted answers, editing with history, moderation,
// flags and the Atom feed.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { type AuditAction, recordAudit } from '../audit/queries.js'
import { currentMember } from '../auth/auth-plugin.js'
import { VersionedCache } from '../cache/versioned-cache.js'
import { hasRole } from '../http/access-plugin.js'
import { cursorParam, parseCursor } from '../http/cursor.js'
import { setFlash } from '../http/flash.js'
import { type FieldErrors, field, hasErrors, idParam } from '../http/forms.js'
import { notFound } from '../http/http-error.js'
import { countedLimits } from '../http/rate-limits.js'
import type { KeptPage } from '../http/reader-plugin.js'
import { pageCache } from '../http/views-plugin.js'
import { timeFormatter } from '../i18n/dates.js'
import { translator } from '../i18n/translate.js'
import { diffText } from '../text/diff.js'
import { findRevision, listRevisions } from '../text/revisions.js'
import { renderPreview } from '../text/sources.js'
import { localizeHtml } from '../wiki/routes.js'
import { atomFeed } from './atom.js'
import {
  createFlag,
  createReply,
  createThread,
  editPost,
  findCategoryById,
  findCategoryBySlug,
  findPost,
  findPostBySubmissionKey,
  findPostWithAuthor,
  findThread,
  findThreadLabels,
  listCategories,
  listFeedThreads,
  listThreadPosts,
  listThreads,
  moveThread,
  type PostRow,
  pageOfPost,
  setAcceptedAnswer,
  setPostHidden,
  setThreadFlag,
  deletePost as softDeletePost,
  type ThreadKind,
} from './queries.js'
import { threadPath } from './thread-path.js'

export const titleMin = 5
export const titleMax = 150
export const bodyMax = 50_000
/** New posts per member in a window: enough for a lively discussion, not for a flood. */
export const postLimitMax = 10
export const postLimitWindowMinutes = 10
const threadKinds: ThreadKind[] = ['question', 'discussion']

type ThreadWithNames = NonNullable<Awaited<ReturnType<typeof findThread>>>

function validateBody(body: string, errors: FieldErrors) {
  if (body.trim().length < 1) errors.body = 'forum.bodyRequired'
  else if (body.length > bodyMax) errors.body = 'forum.bodyTooLong'
}

function validateTitle(title: string, errors: FieldErrors) {
  if (title.length < titleMin) errors.title = 'forum.titleTooShort'
  else if (title.length > titleMax) errors.title = 'forum.titleTooLong'
}

/** A form's one-time key, kept as typed when the form comes back; anything else is replaced. */
function submissionKey(body: unknown): string | null {
  const key = field(body, 'submission_key')
  return /^[0-9a-f-]{36}$/.test(key) ? key : null
}

export const forumRoutes: FastifyPluginAsync = async (app) => {
  // A thread page of 50 posts is 30-50 KB, but a page of long posts can be ten times that: the bytes
  // are bounded too, to a sixth of the 300 MB a server should stay within.
  const threadPages = pageCache(600, 48)
  const threadRows = new VersionedCache<Awaited<ReturnType<typeof findThread>>, string>(1000)
  const read = { config: { access: 'read' } } as const
  const member = { config: { access: 'member' } } as const
  const moderator = { config: { access: 'moderator' } } as const
  // Only new posts count and only a new post is refused: a preview or an edit never is, and the refusal
  // is the form again with everything typed, not an error page.
  const postLimit = countedLimits(app, {
    max: postLimitMax,
    timeWindow: postLimitWindowMinutes * 60 * 1000,
    keyGenerator: (request: FastifyRequest) => `posts:${request.member?.id}`,
  })

  /** How long until this member may post again; null when now, or when this form was posted already. */
  async function postingWait(request: FastifyRequest, key: string | null) {
    if (key && (await findPostBySubmissionKey(app.db, key))) return null
    return postLimit.waitMs(request)
  }

  /** Sets the refusal's status and says, in the form, when to try again. */
  function refusePost(request: FastifyRequest, reply: FastifyReply, waitMs: number) {
    reply.code(429).header('retry-after', Math.ceil(waitMs / 1000))
    const minutes = Math.max(1, Math.ceil(waitMs / 60_000))
    return request.t(minutes === 1 ? 'forum.postLimitOneMinute' : 'forum.postLimit', {
      max: postLimitMax,
      window: postLimitWindowMinutes,
      minutes,
      time: timeFormatter(request.locale)(new Date(Date.now() + waitMs).toISOString()),
    })
  }

  const isModerator = (request: FastifyRequest) => hasRole(request.member?.role, 'moderator')

  /** The thread in the URL as this viewer may see it: hidden threads are for moderators only. */
  async function loadThread(request: FastifyRequest<{ Params: { id: string } }>) {
    const id = idParam(/^(\d+)/.exec(request.params.id)?.[1])
    const thread =
      id === null
        ? undefined
        : await threadRows.get(String(id), request.changeStamp, () => findThread(app.db, id))
    if (!thread || (thread.hidden && !isModerator(request))) throw notFound()
    return thread
  }

  /** Where a rendered thread page is kept: the asker sees "accept" buttons that other members do not. */
  function threadPageKey(
    request: FastifyRequest,
    thread: { id: number; kind: string; author_id: number | null },
    page: number,
  ) {
    const asker = thread.kind === 'question' && thread.author_id === request.member?.id
    return `${thread.id}:${page}:${asker}`
  }

  /** A thread page answered from the kept pages before the rest of the request's work (reader-plugin). */
  const keptThreadPage: KeptPage = async (request, reply) => {
    const { params, query } = request as FastifyRequest<{
      Params: { id: string }
      Querystring: Record<string, string | undefined>
    }>
    // Only the page's own address: ?post=, ?quote= and anything else take the whole way.
    for (const name in query) if (name !== 'page') return null
    const id = idParam(/^(\d+)/.exec(params.id)?.[1])
    const thread = id === null ? undefined : threadRows.peek(String(id), request.changeStamp)
    if (!thread || (thread.hidden && !isModerator(request))) return null
    if (params.id !== threadPath(thread).slice('/threads/'.length)) return null
    const page = query.page === undefined ? 1 : idParam(query.page)
    if (page === null || page > 10_000) return null
    return reply.sendKeptPage(threadPages, threadPageKey(request, thread, page))
  }

  async function loadPost(request: FastifyRequest<{ Params: { id: string } }>) {
    const id = idParam(request.params.id)
    const post = id === null ? undefined : await findPost(app.db, id)
    if (!post) throw notFound()
    const thread = await findThread(app.db, post.thread_id)
    if (!thread || ((thread.hidden || post.hidden) && !isModerator(request))) throw notFound()
    return { post, thread }
  }

  const canEditPost = (request: FastifyRequest, post: PostRow) =>
    !post.deleted_at && (post.author_id === request.member?.id || isModerator(request))

  // ---- list

  app.get<{ Querystring: { category?: string; filter?: string; after?: string } }>(
    '/threads',
    read,
    async (request, reply) => {
      const categories = await listCategories(app.db)
      const category = categories.find((c) => c.slug === request.query.category) ?? null
      const filter =
        request.query.filter === 'unanswered' || request.query.filter === 'mine' ? request.query.filter : null
      const { threads, next } = await listThreads(
        app.db,
        {
          categoryId: category?.id ?? null,
          unanswered: filter === 'unanswered',
          authorId: filter === 'mine' ? (request.member?.id ?? -1) : null,
          includeHidden: isModerator(request),
        },
        parseCursor(request.query.after),
      )
      const labels = await findThreadLabels(
        app.db,
        threads.map((t) => t.id),
      )
      const query = new URLSearchParams()
      if (category) query.set('category', category.slug)
      if (filter) query.set('filter', filter)
      if (next) query.set('after', cursorParam(next))
      return reply.page('forum/index.eta', {
        title: 'forum.title',
        categories,
        category,
        filter,
        threads: threads.map((t) => ({ ...t, path: threadPath(t), labels: labels.get(t.id) ?? [] })),
        nextHref: next ? `/threads?${query.toString()}` : null,
        isFirstPage: !request.query.after,
        feedHref: `/feeds/threads.atom${category ? `?category=${category.slug}` : ''}`,
      })
    },
  )

  // ---- new thread

  const newThreadPage = async (
    reply: FastifyReply,
    values: Record<string, string>,
    errors: FieldErrors,
    preview: string | null,
    limited: string | null = null,
  ) =>
    reply.page('forum/new.eta', {
      title: 'forum.newTitle',
      categories: await listCategories(app.db),
      kinds: threadKinds,
      values: { kind: 'question', ...values, submission_key: values.submission_key ?? '' },
      errors,
      preview,
      limited,
    })

  app.get<{ Querystring: { category?: string } }>('/threads/new', member, async (request, reply) => {
    const category = request.query.category
      ? await findCategoryBySlug(app.db, request.query.category)
      : undefined
    return newThreadPage(reply, { category_id: category ? String(category.id) : '' }, {}, null)
  })

  app.post('/threads', member, async (request, reply) => {
    const me = currentMember(request)
    const values = {
      title: field(request.body, 'title').trim(),
      kind: field(request.body, 'kind'),
      category_id: field(request.body, 'category_id'),
      body: field(request.body, 'body'),
      submission_key: submissionKey(request.body) ?? '',
    }
    const errors: FieldErrors = {}
    validateTitle(values.title, errors)
    validateBody(values.body, errors)
    const kind = threadKinds.find((k) => k === values.kind)
    if (!kind) errors.kind = 'form.invalidChoice'
    const categoryId = idParam(values.category_id)
    const category = categoryId === null ? undefined : await findCategoryById(app.db, categoryId)
    if (!category) errors.category_id = 'forum.categoryRequired'
    const preview = field(request.body, 'action') === 'preview'
    if (hasErrors(errors) || preview || !kind || !category) {
      const html =
        preview && !errors.body ? localizeHtml(await renderPreview(app.db, values.body), request) : null
      return newThreadPage(reply.code(hasErrors(errors) ? 422 : 200), values, errors, html)
    }
    const wait = await postingWait(request, values.submission_key || null)
    if (wait !== null) return newThreadPage(reply, values, {}, null, refusePost(request, reply, wait))
    const result = await createThread(app.db, {
      categoryId: category.id,
      kind,
      title: values.title,
      body: values.body,
      authorId: me.id,
      submissionKey: values.submission_key || null,
    })
    if (!result.duplicate) await postLimit.record(request)
    return reply.redirect(threadPath({ id: result.threadId, title: values.title }), 303)
  })

  // ---- one thread

  app.get<{ Params: { id: string }; Querystring: { page?: string; post?: string; quote?: string } }>(
    '/threads/:id',
    { config: { access: 'read', keptPage: keptThreadPage } },
    async (request, reply) => {
      const thread = await loadThread(request)
      const moderatorView = isModerator(request)
      const postId = idParam(request.query.post)
      if (postId !== null) return reply.redirect(await postLocation(request, postId), 303)
      const canonical = threadPath(thread)
      const requestedPage = idParam(request.query.page) ?? 1
      if (request.params.id !== canonical.slice('/threads/'.length)) {
        const query = requestedPage > 1 ? `?page=${requestedPage}` : ''
        return reply.redirect(`${canonical}${query}`, 301)
      }
      const page = Math.min(requestedPage, 10_000)
      const quoteId = idParam(request.query.quote)
      const quoted = quoteId !== null ? await findPostWithAuthor(app.db, quoteId) : undefined
      // Only a visible post of this same thread can be quoted.
      const quote =
        quoted && quoted.thread_id === thread.id && !quoted.deleted_at && (!quoted.hidden || moderatorView)
          ? quoteOf(quoted, request)
          : ''
      const asker = thread.kind === 'question' && thread.author_id === request.member?.id
      const data = async () => {
        const { opener, replies, pages } = await listThreadPosts(app.db, thread.id, page, moderatorView)
        if (requestedPage > pages) throw notFound()
        const accepted =
          thread.accepted_post_id !== null
            ? await findPostWithAuthor(app.db, thread.accepted_post_id)
            : undefined
        return {
          title: { text: thread.title },
          thread,
          path: canonical,
          opener,
          replies,
          accepted: accepted && !accepted.deleted_at && !accepted.hidden ? accepted : null,
          page: requestedPage,
          pages,
          labels: (await findThreadLabels(app.db, [thread.id])).get(thread.id) ?? [],
          categories: moderatorView ? await listCategories(app.db) : [],
          isModerator: moderatorView,
          canAccept: asker || (thread.kind === 'question' && moderatorView),
          canReply: request.member != null && thread.locked === 0,
          values: { body: quote, submission_key: '' },
          errors: {},
          preview: null,
          render: (html: string) => localizeHtml(html, request),
        }
      }
      if (quote !== '') return reply.page('forum/thread.eta', await data())
      // The rendered page is kept per content version and filled per reader (src/http/page-plan.ts).
      return reply.cachedPage(
        {
          cache: threadPages,
          key: threadPageKey(request, thread, page),
          currentUrl: `${canonical}${requestedPage > 1 ? `?page=${requestedPage}` : ''}`,
        },
        'forum/thread.eta',
        data,
      )
    },
  )

  function quoteOf(post: { body: string; author_name: string | null }, request: FastifyRequest) {
    // The label goes into the post, which everyone reads: in the community's language, not the
    // quoter's (an English member quoting wrote "wrote:" into a Dutch thread).
    const t = translator(app.communityLocale(request))
    const name = post.author_name ?? t('member.former')
    const lines = post.body.split('\n').map((line) => `> ${line}`)
    return `${t('forum.quoteIntro', { name })}\n${lines.join('\n')}\n\n`
  }

  async function postLocation(request: FastifyRequest, postId: number) {
    const post = await findPost(app.db, postId)
    const thread = post ? await findThread(app.db, post.thread_id) : undefined
    if (!post || !thread || ((thread.hidden || post.hidden) && !isModerator(request))) throw notFound()
    const page = await pageOfPost(app.db, post, isModerator(request))
    return `${threadPath(thread)}${page > 1 ? `?page=${page}` : ''}#post-${post.id}`
  }

  app.get<{ Params: { id: string } }>('/posts/:id', read, async (request, reply) => {
    const id = idParam(request.params.id)
    if (id === null) throw notFound()
    return reply.redirect(await postLocation(request, id), 303)
  })

  app.post<{ Params: { id: string } }>('/threads/:id/replies', member, async (request, reply) => {
    const thread = await loadThread(request)
    if (thread.locked)
      return reply
        .code(403)
        .page('forum/locked.eta', { title: 'forum.lockedTitle', thread, path: threadPath(thread) })
    const me = currentMember(request)
    const values = {
      body: field(request.body, 'body'),
      submission_key: submissionKey(request.body) ?? '',
    }
    const errors: FieldErrors = {}
    validateBody(values.body, errors)
    const preview = field(request.body, 'action') === 'preview'
    const replyPage = (html: string | null, limited: string | null) =>
      reply.page('forum/reply.eta', {
        title: { text: thread.title },
        thread,
        path: threadPath(thread),
        values,
        errors,
        preview: html,
        limited,
      })
    if (hasErrors(errors) || preview) {
      const html =
        preview && !errors.body ? localizeHtml(await renderPreview(app.db, values.body), request) : null
      reply.code(hasErrors(errors) ? 422 : 200)
      return replyPage(html, null)
    }
    const wait = await postingWait(request, submissionKey(request.body))
    if (wait !== null) return replyPage(null, refusePost(request, reply, wait))
    const result = await createReply(app.db, thread, {
      body: values.body,
      authorId: me.id,
      submissionKey: submissionKey(request.body),
    })
    if (!result.duplicate) await postLimit.record(request)
    return reply.redirect(await postLocation(request, result.postId), 303)
  })

  // ---- accepted answer

  app.post<{ Params: { id: string } }>('/threads/:id/accept', member, async (request, reply) => {
    const thread = await loadThread(request)
    const me = currentMember(request)
    if (thread.kind !== 'question' || (thread.author_id !== me.id && !isModerator(request))) {
      return reply.code(403).page('core/error.eta', {
        title: 'error.forbidden.title',
        message: request.t('forum.onlyAskerAccepts'),
        reference: null,
      })
    }
    const postId = idParam(field(request.body, 'post_id'))
    let post: PostRow | null = null
    if (postId !== null) {
      const found = await findPost(app.db, postId)
      if (!found || found.thread_id !== thread.id || found.number === 1 || found.deleted_at || found.hidden)
        throw notFound()
      post = found
    }
    await app.db.transaction().execute(async (trx) => {
      await setAcceptedAnswer(trx, thread, post, me.id)
      // The asker choosing is their own business; a moderator choosing for them is moderation.
      if (thread.author_id !== me.id) {
        await recordAudit(trx, {
          actorId: me.id,
          action: post ? 'thread.accept' : 'thread.unaccept',
          targetType: 'thread',
          targetId: thread.id,
          detail: { post: post?.id ?? thread.accepted_post_id },
        })
      }
    })
    setFlash(reply, post ? 'flash.answerAccepted' : 'flash.answerUnaccepted')
    return reply.redirect(threadPath(thread), 303)
  })

  // ---- editing, history, removal

  const editPage = (
    reply: FastifyReply,
    data: {
      post: PostRow
      thread: ThreadWithNames
      values: Record<string, string>
      errors: FieldErrors
      preview: string | null
    },
  ) =>
    reply.page('forum/edit-post.eta', {
      title: 'forum.editTitle',
      ...data,
      path: threadPath(data.thread),
      isOpener: data.post.number === 1,
    })

  app.get<{ Params: { id: string } }>('/posts/:id/edit', member, async (request, reply) => {
    const { post, thread } = await loadPost(request)
    if (!canEditPost(request, post)) throw notFound()
    return editPage(reply, {
      post,
      thread,
      values: { body: post.body, title: thread.title },
      errors: {},
      preview: null,
    })
  })

  app.post<{ Params: { id: string } }>('/posts/:id', member, async (request, reply) => {
    const { post, thread } = await loadPost(request)
    if (!canEditPost(request, post)) throw notFound()
    const me = currentMember(request)
    const values = {
      body: field(request.body, 'body'),
      title: field(request.body, 'title').trim(),
      summary: field(request.body, 'summary').trim(),
    }
    const errors: FieldErrors = {}
    validateBody(values.body, errors)
    if (post.number === 1) validateTitle(values.title, errors)
    if (values.summary.length > 300) errors.summary = 'wiki.summaryTooLong'
    const preview = field(request.body, 'action') === 'preview'
    if (hasErrors(errors) || preview) {
      const html =
        preview && !errors.body ? localizeHtml(await renderPreview(app.db, values.body), request) : null
      return editPage(reply.code(hasErrors(errors) ? 422 : 200), {
        post,
        thread,
        values,
        errors,
        preview: html,
      })
    }
    await app.db.transaction().execute(async (trx) => {
      await editPost(trx, post, thread, {
        body: values.body,
        title: post.number === 1 ? values.title : null,
        editorId: me.id,
        summary: values.summary || null,
      })
      if (post.author_id !== me.id) {
        await recordAudit(trx, { actorId: me.id, action: 'post.edit', targetType: 'post', targetId: post.id })
      }
    })
    setFlash(reply, 'flash.postSaved')
    return reply.redirect(await postLocation(request, post.id), 303)
  })

  app.get<{ Params: { id: string } }>('/posts/:id/history', read, async (request, reply) => {
    const { post, thread } = await loadPost(request)
    if (post.deleted_at) throw notFound()
    const revisions = await listRevisions(app.db, 'post', post.id)
    const changes = await Promise.all(
      revisions.map(async (revision) => {
        const previous =
          revision.number > 1 ? await findRevision(app.db, 'post', post.id, revision.number - 1) : undefined
        const current = await findRevision(app.db, 'post', post.id, revision.number)
        return {
          ...revision,
          parts: previous && current ? diffText(previous.body, current.body) : null,
          body: current?.body ?? '',
        }
      }),
    )
    return reply.page('forum/post-history.eta', {
      title: 'forum.historyTitle',
      thread,
      post,
      path: threadPath(thread),
      revisions: changes,
    })
  })

  app.post<{ Params: { id: string } }>('/posts/:id/delete', member, async (request, reply) => {
    const { post, thread } = await loadPost(request)
    if (post.author_id !== currentMember(request).id || post.deleted_at) throw notFound()
    if (post.number === 1) {
      setFlash(reply, 'flash.openerCannotBeDeleted', 'error')
      return reply.redirect(threadPath(thread), 303)
    }
    await softDeletePost(app.db, post)
    setFlash(reply, 'flash.postDeleted')
    return reply.redirect(await postLocation(request, post.id), 303)
  })

  // Reporting a post has a page of its own: room for the reason, and a thread page without a form
  // under every post.
  async function flagPage(
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    values: { reason: string },
    errors: FieldErrors,
  ) {
    const { post, thread } = await loadPost(request)
    // The report is not offered on one's own posts; a hand-made request gets the same answer.
    if (post.author_id === currentMember(request).id) {
      return {
        refused: reply.code(403).page('core/error.eta', {
          title: 'error.forbidden.title',
          message: request.t('forum.cannotFlagOwn'),
          reference: null,
        }),
      }
    }
    if (post.deleted_at) throw notFound()
    return {
      post,
      thread,
      show: async () =>
        reply.code(hasErrors(errors) ? 422 : 200).page('forum/flag.eta', {
          title: 'forum.flagTitle',
          post: await findPostWithAuthor(app.db, post.id),
          thread,
          path: threadPath(thread),
          values,
          errors,
          render: (html: string) => localizeHtml(html, request),
        }),
    }
  }

  app.get<{ Params: { id: string } }>('/posts/:id/flag', member, async (request, reply) => {
    const page = await flagPage(request, reply, { reason: '' }, {})
    return page.refused ?? page.show()
  })

  app.post<{ Params: { id: string } }>('/posts/:id/flag', member, async (request, reply) => {
    const values = { reason: field(request.body, 'reason').trim().slice(0, 500) }
    const errors: FieldErrors = values.reason ? {} : { reason: 'forum.flagReasonRequired' }
    const page = await flagPage(request, reply, values, errors)
    if (page.refused) return page.refused
    if (hasErrors(errors)) return page.show()
    await createFlag(app.db, page.post.id, currentMember(request).id, values.reason)
    setFlash(reply, 'flash.postFlagged')
    return reply.redirect(await postLocation(request, page.post.id), 303)
  })

  // ---- moderation

  app.post<{ Params: { id: string } }>('/posts/:id/hide', moderator, async (request, reply) => {
    const { post } = await loadPost(request)
    const hide = post.hidden === 0
    await app.db.transaction().execute(async (trx) => {
      await setPostHidden(trx, post, hide)
      await recordAudit(trx, {
        actorId: currentMember(request).id,
        action: hide ? 'post.hide' : 'post.unhide',
        targetType: 'post',
        targetId: post.id,
      })
    })
    setFlash(reply, hide ? 'flash.postHidden' : 'flash.postUnhidden')
    return reply.redirect(await postLocation(request, post.id), 303)
  })

  for (const flag of ['pin', 'lock', 'hide'] as const) {
    const column = ({ pin: 'pinned', lock: 'locked', hide: 'hidden' } as const)[flag]
    app.post<{ Params: { id: string } }>(`/threads/:id/${flag}`, moderator, async (request, reply) => {
      const thread = await loadThread(request)
      const on = thread[column] === 0
      await app.db.transaction().execute(async (trx) => {
        await setThreadFlag(trx, thread.id, column, on)
        await recordAudit(trx, {
          actorId: currentMember(request).id,
          action: (on ? `thread.${flag}` : `thread.un${flag}`) as AuditAction,
          targetType: 'thread',
          targetId: thread.id,
        })
      })
      setFlash(reply, 'flash.threadUpdated')
      return reply.redirect(threadPath(thread), 303)
    })
  }

  app.post<{ Params: { id: string } }>('/threads/:id/move', moderator, async (request, reply) => {
    const thread = await loadThread(request)
    const categoryId = idParam(field(request.body, 'category_id'))
    const category = categoryId === null ? undefined : await findCategoryById(app.db, categoryId)
    if (!category) throw notFound()
    await app.db.transaction().execute(async (trx) => {
      await moveThread(trx, thread.id, category.id)
      await recordAudit(trx, {
        actorId: currentMember(request).id,
        action: 'thread.move',
        targetType: 'thread',
        targetId: thread.id,
        detail: { from: thread.category_name, to: category.name },
      })
    })
    setFlash(reply, 'flash.threadMoved')
    return reply.redirect(threadPath(thread), 303)
  })

  // ---- feed

  app.get<{ Querystring: { category?: string } }>('/feeds/threads.atom', read, async (request, reply) => {
    const category = request.query.category
      ? await findCategoryBySlug(app.db, request.query.category)
      : undefined
    if (request.query.category && !category) throw notFound()
    const threads = await listFeedThreads(app.db, category?.id ?? null)
    const base = app.config.publicUrl?.origin ?? `${request.protocol}://${request.host}`
    const xml = atomFeed({
      base,
      selfPath: `/feeds/threads.atom${category ? `?category=${category.slug}` : ''}`,
      title: category
        ? `${request.site.siteName} · ${category.name}`
        : `${request.site.siteName} · ${request.t('forum.title')}`,
      entries: threads.map((t) => ({
        id: `${base}${threadPath(t)}`,
        title: t.title,
        link: `${base}${threadPath(t)}`,
        updated: t.last_activity_at,
        published: t.created_at,
        author: t.author_name ?? request.t('member.former'),
        category: t.category_name,
        html: t.deleted_at || t.post_hidden ? '' : t.body_html,
      })),
    })
    return reply.type('application/atom+xml; charset=utf-8').send(xml)
  })
}
