// One-time notices shown after a redirect ("saved", "invitation sent"). Only a message key travels in
// the cookie, so a forged cookie can at most show another of our own messages.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { catalogues, type MessageKey } from '../i18n/translate.js'

const cookieName = 'flash'
export type FlashKind = 'success' | 'error'
export interface Flash {
  kind: FlashKind
  key: MessageKey
}

export function setFlash(reply: FastifyReply, key: MessageKey, kind: FlashKind = 'success'): void {
  reply.setCookie(cookieName, `${kind}:${key}`, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 60 })
}

export function hasFlash(request: FastifyRequest): boolean {
  return Boolean(request.cookies[cookieName])
}

/** Returns the pending notice, if any, and removes it so it shows once. */
export function takeFlash(request: FastifyRequest, reply: FastifyReply): Flash | null {
  const raw = request.cookies[cookieName]
  if (!raw) return null
  reply.clearCookie(cookieName, { path: '/' })
  const [kind, key] = raw.split(':', 2)
  if ((kind !== 'success' && kind !== 'error') || !key || !(key in catalogues.nl)) return null
  return { kind, key: key as MessageKey }
}
