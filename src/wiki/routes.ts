// The wiki: pages for deals, people, organisations and themes, with history, diffs, renames,
// backlinks ("Mentioned in") and wanted pages.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { recordAudit } from '../audit/queries.js'
import { currentMember } from '../auth/auth-plugin.js'
import { findMemberById } from '../auth/queries.js'
import { VersionedCache } from '../cache/versioned-cache.js'
import { hasRole } from '../http/access-plugin.js'
import { setFlash } from '../http/flash.js'
import { type FieldErrors, field, hasErrors, idParam } from '../http/forms.js'
import { notFound } from '../http/http-error.js'
import { rateLimits } from '../http/rate-limits.js'
import { pageCache } from '../http/views-plugin.js'
import { diffFields, diffText } from '../text/diff.js'
import { linkTitles } from '../text/links.js'
import { localizeMissingLinks } from '../text/markdown.js'
import { findRevision, listRevisions } from '../text/revisions.js'
import { slugify } from '../text/slug.js'
import { renderPreview } from '../text/sources.js'
import {
  dealStatuses,
  dealTypes,
  fieldsOf,
  type PageFormValues,
  type PageKind,
  type PageRow,
  pageKinds,
  readPageForm,
  validatePage,
} from './fields.js'
import {
  claimPersonPage,
  confirmPersonClaim,
  createPage,
  type DealSort,
  dealSorts,
  deletePage,
  findDealsForTheme,
  findDealsLedBy,
  findMemberForPersonPage,
  findPageBacklinks,
  findPageBySlug,
  findRelatedDeals,
  linkPersonPage,
  listDeals,
  listMembersWithoutPersonPage,
  listPages,
  listWantedPages,
  setPageProtected,
  suggestTitles,
  updatePage,
} from './queries.js'

type SlugParams = { Params: { slug: string } }

function formValuesOf(page: PageRow): PageFormValues {
  const fields = fieldsOf(page)
  return {
    title: page.title,
    kind: page.kind,
    body: page.body,
    summary_line: '',
    base_revision: String(page.revision),
    ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v === null ? '' : String(v)])),
  }
}

/** How many texts each group of "Mentioned in" shows before it links to the full list. */
const mentionsShown = 25

export const wikiRoutes: FastifyPluginAsync = async (app) => {
  const pageViews = new VersionedCache<{
    backlinks: Awaited<ReturnType<typeof findPageBacklinks>>
    related: Awaited<ReturnType<typeof findRelatedDeals>>
    led: Awaited<ReturnType<typeof findDealsLedBy>>
    themeDeals: Awaited<ReturnType<typeof findDealsForTheme>>
  }>(300)
  /** Rendered pages (not person pages), kept per content version, role and language; see below. */
  // A deal page with its mentions is up to 200 KB.
  const keptPages = pageCache(200, 24)
  const read = { config: { access: 'read' } } as const
  const member = { config: { access: 'member' } } as const
  const moderator = { config: { access: 'moderator' } } as const
  // Writes are limited per member: generous for people, a wall for a runaway script.
  const writeLimit = rateLimits(app, {
    max: 60,
    timeWindow: 60_000,
    keyGenerator: (request: FastifyRequest) => `write:${request.member?.id ?? request.ip}`,
  })
  const memberWrite = { ...member, preHandler: writeLimit }

  async function loadPage(request: FastifyRequest<SlugParams>, reply: FastifyReply, suffix = '') {
    const found = await findPageBySlug(app.db, request.params.slug)
    if (!found) throw notFound()
    if (found.redirected) {
      reply.redirect(`/wiki/${found.page.slug}${suffix}`, 301)
      return null
    }
    return found.page
  }

  function canEdit(request: FastifyRequest, page: PageRow) {
    return page.protected === 0 || hasRole(request.member?.role, 'moderator')
  }

  const formPage = (
    reply: FastifyReply,
    data: {
      mode: 'create' | 'edit'
      values: PageFormValues
      errors: FieldErrors
      page?: PageRow
      preview?: string | null
      conflict?: {
        theirs: PageRow
        diff: ReturnType<typeof diffText>
        titleChanged: boolean
        fieldChanges: ReturnType<typeof diffFields>
      } | null
    },
  ) =>
    reply.page('wiki/form.eta', {
      title:
        data.mode === 'create'
          ? 'wiki.createTitle'
          : { text: reply.request.t('wiki.editTitle', { title: data.page?.title ?? '' }) },
      kinds: pageKinds,
      dealTypes,
      dealStatuses,
      action: data.mode === 'create' ? '/wiki' : `/wiki/${data.page?.slug}`,
      page: data.page ?? null,
      preview: data.preview ?? null,
      conflict: data.conflict ?? null,
      values: data.values,
      errors: data.errors,
    })

  /** A form that is invalid, or asked for a preview, goes back to the person instead of being saved. */
  async function previewOrInvalid(request: FastifyRequest, values: PageFormValues, errors: FieldErrors) {
    const preview = field(request.body, 'action') === 'preview'
    if (!hasErrors(errors) && !preview) return null
    const html =
      preview && !errors.body ? localizeHtml(await renderPreview(app.db, values.body ?? ''), request) : null
    return { status: hasErrors(errors) ? 422 : 200, preview: html }
  }

  // ---- lists

  app.get<{ Querystring: { kind?: string; sort?: string } }>('/wiki', read, async (request, reply) => {
    const kind = pageKinds.find((k) => k === request.query.kind) ?? null
    const sort: DealSort = dealSorts.find((s) => s === request.query.sort) ?? 'title'
    return reply.page('wiki/index.eta', {
      title: 'wiki.title',
      kinds: pageKinds,
      kind,
      sort,
      sorts: dealSorts,
      pages: kind === 'deal' ? [] : await listPages(app.db, kind),
      deals: kind === 'deal' ? await listDeals(app.db, sort) : [],
    })
  })

  app.get('/wiki/wanted', read, async (_request, reply) =>
    reply.page('wiki/wanted.eta', { title: 'wiki.wantedTitle', wanted: await listWantedPages(app.db) }),
  )

  app.get<{ Querystring: { q?: string } }>('/wiki/titles', read, async (request) => ({
    titles: await suggestTitles(app.db, String(request.query.q ?? '').slice(0, 150)),
  }))

  app.post('/wiki/preview', memberWrite, async (request, reply) => {
    const body = field(request.body, 'body').slice(0, 200_000)
    const html = await renderPreview(app.db, body)
    return reply.type('text/html; charset=utf-8').send(localizeHtml(html, request))
  })

  // ---- create

  app.get<{ Querystring: { title?: string; kind?: string } }>('/wiki/new', member, async (request, reply) => {
    const title = String(request.query.title ?? '').slice(0, 150)
    const kind = pageKinds.find((k) => k === request.query.kind) ?? 'page'
    const existing = title ? await findPageBySlug(app.db, slugify(title)) : undefined
    if (existing) return reply.redirect(`/wiki/${existing.page.slug}`, 303)
    return formPage(reply, { mode: 'create', values: { title, kind, body: '' }, errors: {} })
  })

  app.post('/wiki', memberWrite, async (request, reply) => {
    const me = currentMember(request)
    const values = readPageForm(request.body)
    const { errors, fields, kind } = validatePage(values)
    const stop = await previewOrInvalid(request, values, errors)
    if (stop)
      return formPage(reply.code(stop.status), { mode: 'create', values, errors, preview: stop.preview })
    const result = await createPage(app.db, {
      title: (values.title ?? '').trim(),
      kind,
      body: values.body ?? '',
      fields,
      summary: values.summary_line?.trim() || null,
      authorId: me.id,
    })
    if (!result.ok) {
      return formPage(reply.code(422), { mode: 'create', values, errors: { title: 'wiki.titleTaken' } })
    }
    setFlash(reply, 'flash.pageCreated')
    return reply.redirect(`/wiki/${result.slug}`, 303)
  })

  // ---- one page

  app.get<SlugParams>('/wiki/:slug', read, async (request, reply) => {
    const version = request.contentVersion
    const page = await loadPage(request, reply)
    if (!page) return reply
    const isModerator = hasRole(request.member?.role, 'moderator')
    const data = async () => {
      // "Mentioned in" and the deal relations read thousands of links on a busy deal's page; they only
      // change with the content, so they are cached per content version.
      const derived = await pageViews.get(`${page.id}:${isModerator}`, version, async () => ({
        backlinks: await findPageBacklinks(app.db, page, { memberId: null, isModerator }),
        related: page.kind === 'deal' ? await findRelatedDeals(app.db, page) : [],
        led: page.kind === 'person' ? await findDealsLedBy(app.db, page) : [],
        themeDeals: page.kind === 'theme' ? await findDealsForTheme(app.db, page) : [],
      }))
      const { related, led, themeDeals } = derived
      // A busy deal is mentioned in hundreds of texts: the newest few per kind, and the rest on the
      // search page that lists everything mentioning the page.
      const backlinks = derived.backlinks.map((group) => ({
        ...group,
        links: group.links.slice(0, mentionsShown),
        more: Math.max(0, group.links.length - mentionsShown),
      }))
      const named = [page.project_lead, page.organisation].filter((title): title is string => !!title)
      const [claimedMember, revisions, link] = await Promise.all([
        page.kind === 'person' ? findMemberForPersonPage(app.db, page.id) : undefined,
        listRevisions(app.db, 'page', page.id),
        linkTitles(app.db, named),
      ])
      return {
        // Fields that name a page link to it, or to "create this page" when there is none.
        projectLead: page.project_lead ? link(page.project_lead) : null,
        organisation: page.organisation ? link(page.organisation) : null,
        title: { text: page.title },
        wikiPage: page,
        bodyHtml: localizeHtml(page.body_html, request),
        backlinks,
        allMentionsHref: `/search?${new URLSearchParams({ over: page.title }).toString()}`,
        related,
        led,
        themeDeals,
        claimedMember: claimedMember ?? null,
        lastRevision: revisions[0] ?? null,
        canEdit: request.member != null && canEdit(request, page),
        isModerator,
        canClaim:
          page.kind === 'person' &&
          request.member != null &&
          !claimedMember &&
          !request.member.person_page_id,
        linkableMembers:
          page.kind === 'person' && !claimedMember && hasRole(request.member?.role, 'moderator')
            ? await listMembersWithoutPersonPage(app.db)
            : [],
      }
    }
    // A person page depends on who reads it (claiming it as one's own, the members a moderator may
    // link to it). Every other page is rendered once per content version, role and language and
    // filled per reader: a busy deal's page is 200 KB, and rendering it on every view made it the
    // largest use of memory and CPU in `npm run bench`.
    if (page.kind === 'person') return reply.page('wiki/page.eta', await data())
    return reply.cachedPage(
      { cache: keptPages, key: String(page.id), currentUrl: `/wiki/${page.slug}` },
      'wiki/page.eta',
      data,
    )
  })

  app.get<SlugParams>('/wiki/:slug/edit', member, async (request, reply) => {
    const page = await loadPage(request, reply, '/edit')
    if (!page) return reply
    if (!canEdit(request, page))
      return reply.code(403).page('wiki/protected.eta', { title: 'wiki.protectedTitle', wikiPage: page })
    return formPage(reply, { mode: 'edit', values: formValuesOf(page), errors: {}, page })
  })

  app.post<SlugParams>('/wiki/:slug', memberWrite, async (request, reply) => {
    // A form opened before someone else renamed the page posts to the old address. A redirect would
    // lose what was typed (browsers follow it with a GET), so the save goes on to the conflict check.
    const found = await findPageBySlug(app.db, request.params.slug)
    if (!found) throw notFound()
    const page = found.page
    if (!canEdit(request, page))
      return reply.code(403).page('wiki/protected.eta', { title: 'wiki.protectedTitle', wikiPage: page })
    const me = currentMember(request)
    const values = readPageForm(request.body)
    const { errors, fields, kind } = validatePage(values)
    const base = Number(values.base_revision)
    if (!Number.isInteger(base) || base < 1) errors.body = errors.body ?? 'wiki.staleForm'
    const stop = await previewOrInvalid(request, values, errors)
    if (stop)
      return formPage(reply.code(stop.status), { mode: 'edit', values, errors, page, preview: stop.preview })
    const result = await updatePage(app.db, page.id, base, {
      title: (values.title ?? '').trim(),
      kind,
      body: values.body ?? '',
      fields,
      summary: values.summary_line?.trim() || null,
      authorId: me.id,
    })
    if (!result.ok && result.reason === 'conflict') {
      // Someone saved in between: show their version and a diff, keep this person's text to merge.
      // A title or field they changed is as easy to overwrite unseen as their text, so it is shown too,
      // compared the way revisions are (the kind counts as a field there).
      const theirs = result.current
      return formPage(reply.code(409), {
        mode: 'edit',
        values: { ...values, base_revision: String(theirs.revision) },
        errors: { body: 'wiki.conflict' },
        page: theirs,
        conflict: {
          theirs,
          diff: diffText(theirs.body, values.body ?? ''),
          titleChanged: theirs.title !== (values.title ?? '').trim(),
          fieldChanges: diffFields({ kind: theirs.kind, ...fieldsOf(theirs) }, { kind, ...fields }),
        },
      })
    }
    if (!result.ok)
      return formPage(reply.code(422), { mode: 'edit', values, errors: { title: 'wiki.titleTaken' }, page })
    setFlash(reply, 'flash.pageSaved')
    return reply.redirect(`/wiki/${result.slug}`, 303)
  })

  // ---- history

  app.get<SlugParams>('/wiki/:slug/history', read, async (request, reply) => {
    const page = await loadPage(request, reply, '/history')
    if (!page) return reply
    return reply.page('wiki/history.eta', {
      title: { text: request.t('wiki.historyTitle', { title: page.title }) },
      wikiPage: page,
      revisions: await listRevisions(app.db, 'page', page.id),
      isModerator: hasRole(request.member?.role, 'moderator'),
    })
  })

  app.get<SlugParams & { Querystring: { from?: string; to?: string } }>(
    '/wiki/:slug/diff',
    read,
    async (request, reply) => {
      const page = await loadPage(request, reply, '/diff')
      if (!page) return reply
      const to = Number(request.query.to ?? page.revision)
      const from = Number(request.query.from ?? to - 1)
      const [older, newer] = await Promise.all([
        findRevision(app.db, 'page', page.id, from),
        findRevision(app.db, 'page', page.id, to),
      ])
      if (!older || !newer) throw notFound()
      return reply.page('wiki/diff.eta', {
        title: { text: request.t('wiki.diffTitle', { title: page.title }) },
        wikiPage: page,
        older,
        newer,
        titleChanged: older.title !== newer.title,
        fieldChanges: diffFields(older.fields, newer.fields),
        parts: diffText(older.body, newer.body),
      })
    },
  )

  // ---- moderation

  app.post<SlugParams>('/wiki/:slug/revert', moderator, async (request, reply) => {
    const page = await loadPage(request, reply)
    if (!page) return reply
    const me = currentMember(request)
    const number = Number(field(request.body, 'revision'))
    const revision = Number.isInteger(number)
      ? await findRevision(app.db, 'page', page.id, number)
      : undefined
    if (!revision) throw notFound()
    const fields = { ...fieldsOf(page), ...(revision.fields as object) } as ReturnType<typeof fieldsOf> & {
      kind?: PageKind
    }
    const { kind, ...pageFields } = fields
    const result = await updatePage(app.db, page.id, page.revision, {
      title: revision.title,
      kind: kind ?? page.kind,
      body: revision.body,
      fields: pageFields,
      summary: request.t('wiki.revertSummary', { number }),
      authorId: me.id,
    })
    if (!result.ok) {
      setFlash(
        reply,
        result.reason === 'conflict' ? 'flash.revertConflict' : 'flash.revertTitleTaken',
        'error',
      )
      return reply.redirect(`/wiki/${page.slug}/history`, 303)
    }
    await recordAudit(app.db, {
      actorId: me.id,
      action: 'page.revert',
      targetType: 'page',
      targetId: page.id,
      detail: { revision: number },
    })
    setFlash(reply, 'flash.pageReverted')
    return reply.redirect(`/wiki/${result.slug}`, 303)
  })

  app.post<SlugParams>('/wiki/:slug/delete', moderator, async (request, reply) => {
    const page = await loadPage(request, reply)
    if (!page) return reply
    const me = currentMember(request)
    await app.db.transaction().execute(async (trx) => {
      await deletePage(trx, page)
      await recordAudit(trx, {
        actorId: me.id,
        action: 'page.delete',
        targetType: 'page',
        targetId: page.id,
        detail: { title: page.title },
      })
    })
    setFlash(reply, 'flash.pageDeleted')
    return reply.redirect('/wiki', 303)
  })

  app.post<SlugParams>('/wiki/:slug/protect', moderator, async (request, reply) => {
    const page = await loadPage(request, reply)
    if (!page) return reply
    const value = page.protected === 0
    await setPageProtected(app.db, page.id, value)
    await recordAudit(app.db, {
      actorId: currentMember(request).id,
      action: value ? 'page.protect' : 'page.unprotect',
      targetType: 'page',
      targetId: page.id,
    })
    setFlash(reply, value ? 'flash.pageProtected' : 'flash.pageUnprotected')
    return reply.redirect(`/wiki/${page.slug}`, 303)
  })

  // ---- person pages and their members

  app.post<SlugParams>('/wiki/:slug/claim', member, async (request, reply) => {
    const page = await loadPage(request, reply)
    if (!page) return reply
    if (page.kind !== 'person') throw notFound()
    await claimPersonPage(app.db, page.id, currentMember(request).id)
    setFlash(reply, 'flash.pageClaimed')
    return reply.redirect(`/wiki/${page.slug}`, 303)
  })

  app.post<SlugParams>('/wiki/:slug/link-member', moderator, async (request, reply) => {
    const page = await loadPage(request, reply)
    if (!page) return reply
    const memberId = idParam(field(request.body, 'member_id'))
    const target = memberId === null ? undefined : await findMemberById(app.db, memberId)
    if (page.kind !== 'person' || !target || target.status !== 'active') throw notFound()
    await linkPersonPage(app.db, page, target.id)
    await recordAudit(app.db, {
      actorId: currentMember(request).id,
      action: 'page.confirm-claim',
      targetType: 'page',
      targetId: page.id,
      detail: { member: target.id },
    })
    setFlash(reply, 'flash.claimConfirmed')
    return reply.redirect(`/wiki/${page.slug}`, 303)
  })

  app.post<SlugParams>('/wiki/:slug/confirm-claim', moderator, async (request, reply) => {
    const page = await loadPage(request, reply)
    if (!page) return reply
    if (page.kind !== 'person' || !page.claimed_by) throw notFound()
    await confirmPersonClaim(app.db, page)
    await recordAudit(app.db, {
      actorId: currentMember(request).id,
      action: 'page.confirm-claim',
      targetType: 'page',
      targetId: page.id,
      detail: { member: page.claimed_by },
    })
    setFlash(reply, 'flash.claimConfirmed')
    return reply.redirect(`/wiki/${page.slug}`, 303)
  })
}

/** The stored HTML of a text as this reader sees it. */
export function localizeHtml(html: string, request: FastifyRequest): string {
  return localizeMissingLinks(html, request.t('wiki.missingLink'))
}
