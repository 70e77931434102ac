// Sets request.member from the session cookie (for every request, through src/http/reader-plugin.ts):
// the one place that knows who is asking.
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { VersionedCache, whenReady } from '../cache/versioned-cache.js'
import type { Role } from '../http/access-plugin.js'
import { HttpError } from '../http/http-error.js'
import {
  createSession,
  findKnownSession,
  invalidateSession,
  type KnownSession,
  type SessionMember,
  type ValidatedSession,
  validateSessionToken,
} from './sessions.js'

export const sessionCookie = 'session'

export default fp(
  async (app) => {
    const secure = app.config.publicUrl?.protocol === 'https:'
    const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax', secure } as const

    // Sessions are kept only while the database is unchanged: a logout, block or role change anywhere
    // is a write, so it reaches the next request.
    const sessions = new VersionedCache<KnownSession | undefined, string>(1000)
    app.decorateRequest('member', null)
    app.decorateRequest('sessionId', null)

    app.decorateReply('startSession', async function (this: FastifyReply, memberId: number) {
      const { token, expiresAt } = await createSession(app.db, memberId, this.request.headers['user-agent'])
      this.setCookie(sessionCookie, token, { ...cookieOptions, expires: expiresAt })
    })
    app.decorateReply('endSession', async function (this: FastifyReply) {
      if (this.request.sessionId) await invalidateSession(app.db, this.request.sessionId)
      this.clearCookie(sessionCookie, cookieOptions)
    })

    const admit = (
      request: FastifyRequest,
      reply: FastifyReply,
      token: string,
      validated: ValidatedSession | null,
    ) => {
      if (!validated) {
        reply.clearCookie(sessionCookie, cookieOptions)
        return
      }
      request.member = validated.member
      request.sessionId = validated.session.id
      if (validated.renewed) {
        reply.setCookie(sessionCookie, token, {
          ...cookieOptions,
          expires: new Date(validated.session.expires_at),
        })
      }
    }

    // No promise when the session is kept and nothing needs writing: the busy path of every member's view.
    app.decorate('loadMember', (request: FastifyRequest, reply: FastifyReply) => {
      if (request.routeOptions.config.bare) return
      const token = request.cookies[sessionCookie]
      if (!token) return
      const validated = validateSessionToken(app.db, token, Date.now(), (id) =>
        sessions.get(id, request.changeStamp, () => findKnownSession(app.db, id)),
      )
      return whenReady(validated, (found) => admit(request, reply, token, found))
    })
  },
  { name: 'auth', dependencies: ['database', 'security'] },
)

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in member; null for visitors. */
    member: Readonly<SessionMember & { role: Role }> | null
    sessionId: string | null
  }
  interface FastifyInstance {
    /**
     * Sets request.member and sessionId from the session cookie (called by the reader plugin); a
     * promise only when it had to read or write the database.
     */
    loadMember(request: FastifyRequest, reply: FastifyReply): Promise<void> | void
  }
  interface FastifyReply {
    /** Creates a login session for the member and sets its cookie. */
    startSession(memberId: number): Promise<void>
    /** Ends the current login session and clears its cookie. */
    endSession(): Promise<void>
  }
}

/** The logged-in member in a handler whose route already requires one. */
export function currentMember(request: FastifyRequest): NonNullable<FastifyRequest['member']> {
  if (!request.member) throw new HttpError(403, 'no member')
  return request.member
}
