// The one authorization mechanism: every route declares `config: { access }` and this hook enforces it
// on the server before the handler runs. A route without a declaration stops the app from starting,
// so a new route can never be open by accident.
import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { HttpError } from './http-error.js'

export const accessLevels = ['always', 'read', 'member', 'moderator', 'admin'] as const
/**
 * - `always`: anyone, even in a closed community (login, invitations, accessibility, privacy, health).
 * - `read`: visitors when the community is public, otherwise members.
 * - `member`, `moderator`, `admin`: a logged-in member with at least that role.
 */
export type Access = (typeof accessLevels)[number]

const roleRank = { member: 1, moderator: 2, admin: 3 } as const
export type Role = keyof typeof roleRank

export function hasRole(role: Role | undefined, needed: Role): boolean {
  return role !== undefined && roleRank[role] >= roleRank[needed]
}

export function allows(access: Access, request: Pick<FastifyRequest, 'member' | 'site'>): boolean {
  if (access === 'always') return true
  if (access === 'read') return request.site.visibility === 'public' || request.member != null
  return hasRole(request.member?.role, access)
}

export default fp(
  async (app) => {
    const routes: RouteAccess[] = []
    app.decorate('routeAccess', routes)
    app.addHook('onRoute', (route) => {
      const access = (route.config as { access?: Access } | undefined)?.access
      if (!access || !accessLevels.includes(access)) {
        throw new Error(`Route ${route.method} ${route.url} declares no valid config.access`)
      }
      for (const method of [route.method].flat()) routes.push({ method, url: route.url, access })
    })
    app.addHook('onRequest', async (request, reply) => {
      // The not-found handler has no route config; a 404 reveals nothing, so it needs no gate.
      const access = (request.routeOptions.config as { access?: Access }).access
      if (access === undefined || allows(access, request)) return
      if (request.member == null && request.method === 'GET') {
        const next = encodeURIComponent(request.url)
        return reply.redirect(`/login?next=${next}`, 303)
      }
      throw new HttpError(403, 'forbidden')
    })
  },
  { name: 'access', dependencies: ['reader'] },
)

export interface RouteAccess {
  method: string
  url: string
  access: Access
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its declared access, as registered: the authorization tests enumerate it. */
    routeAccess: RouteAccess[]
  }
  interface FastifyContextConfig {
    access?: Access
  }
}
