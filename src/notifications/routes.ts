import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { currentMember } from '../auth/auth-plugin.js'
import { VersionedCache, whenReady } from '../cache/versioned-cache.js'
import { setFlash } from '../http/flash.js'
import { idParam } from '../http/forms.js'
import { notFound } from '../http/http-error.js'
import { countUnread, findOwnNotification, listNotifications, markRead } from './queries.js'

/** The unread count every page shows in the header; only for members and only for pages. */
export const unreadCountPlugin = fp(
  async (app) => {
    app.decorateRequest('unreadNotifications', 0)
    const counts = new VersionedCache<number, string>(1000)
    app.decorate('loadUnreadCount', (request: FastifyRequest) => {
      if (!request.member || request.method !== 'GET' || request.routeOptions.config.bare) return
      const memberId = request.member.id
      return whenReady(
        counts.get(String(memberId), request.changeStamp, () => countUnread(app.db, memberId)),
        (count) => {
          request.unreadNotifications = count
        },
      )
    })
  },
  { name: 'unread-notifications', dependencies: ['auth'] },
)

export const notificationRoutes: FastifyPluginAsync = async (app) => {
  const member = { config: { access: 'member' } } as const

  app.get('/notifications', member, async (request, reply) =>
    reply.page('notifications/index.eta', {
      title: 'notifications.title',
      notifications: await listNotifications(app.db, currentMember(request).id),
    }),
  )

  // Opening a notification is reading it: the link goes through here. A GET that writes, but only the
  // reader's own read mark, which is what following the link means.
  app.get<{ Params: { id: string } }>('/notifications/:id/open', member, async (request, reply) => {
    const id = idParam(request.params.id)
    const memberId = currentMember(request).id
    const notification = id === null ? undefined : await findOwnNotification(app.db, memberId, id)
    if (!notification) throw notFound()
    if (!notification.read_at) await markRead(app.db, memberId, notification.id)
    return reply.redirect(`/posts/${notification.post_id}`, 303)
  })

  app.post<{ Params: { id: string } }>('/notifications/:id/read', member, async (request, reply) => {
    const id = idParam(request.params.id)
    if (id !== null) await markRead(app.db, currentMember(request).id, id)
    return reply.redirect('/notifications', 303)
  })

  app.post('/notifications/read-all', member, async (request, reply) => {
    await markRead(app.db, currentMember(request).id)
    setFlash(reply, 'flash.notificationsRead')
    return reply.redirect('/notifications', 303)
  })
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Sets request.unreadNotifications for a member's page (called by the reader plugin). */
    loadUnreadCount(request: FastifyRequest): Promise<void> | void
  }
  interface FastifyRequest {
    unreadNotifications: number
  }
}
