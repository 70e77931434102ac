// Recent changes: what was edited lately across the wiki and the session reports, each with the way
// to what changed (a page's diff, a session's history).
import type { FastifyPluginAsync } from 'fastify'
import { hasRole } from '../http/access-plugin.js'
import { cursorParam, parseCursor } from '../http/cursor.js'
import type { MessageKey } from '../i18n/translate.js'
import { revisionPlacePath } from '../text/revisions.js'
import { listRecentChanges, type RecentChange } from './queries.js'

export const changesRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: { before?: string } }>(
    '/changes',
    { config: { access: 'read' } },
    async (request, reply) => {
      const { changes, next } = await listRecentChanges(
        app.db,
        { includeDrafts: hasRole(request.member?.role, 'moderator') },
        parseCursor(request.query.before),
      )
      return reply.page('changes/list.eta', {
        title: 'wiki.changesTitle',
        changes: changes.flatMap(describe),
        olderHref: next ? `/changes?${new URLSearchParams({ before: cursorParam(next) }).toString()}` : null,
      })
    },
  )
}

/** What the list shows of one change; nothing for a text whose place is gone. */
function describe(row: RecentChange) {
  const href = revisionPlacePath(row)
  if (href === null) return []
  const common = {
    at: row.created_at,
    title: row.title,
    author: row.author_name,
    summary: row.summary,
  }
  if (row.page_slug !== null) {
    return {
      ...common,
      href,
      tag: `kind.${row.page_kind}` as MessageKey,
      session: null,
      diffHref: row.number > 1 ? `${href}/diff?from=${row.number - 1}&to=${row.number}` : null,
      historyHref: null,
      newPage: row.number === 1,
    }
  }
  return {
    ...common,
    href,
    tag: `changes.kind.${row.entity_type}` as MessageKey,
    // A break-out or an idea is named with the session it belongs to.
    session: row.entity_type === 'session' ? null : row.session_title,
    diffHref: null,
    // The text's own section of the session's history.
    historyHref: `/sessions/${row.session_slug}/history#h-${row.entity_type}-${row.entity_id}`,
    newPage: false,
  }
}
