import type { FastifyRequest } from 'fastify'
import type { MessageKey } from '../i18n/translate.js'
import { allows } from './access-plugin.js'

export interface NavItem {
  href: string
  label: MessageKey
  current: boolean
  /** Carries the reader's unread notifications as a badge. */
  unreadBadge?: true
}

const sections: { href: string; label: MessageKey }[] = [
  { href: '/', label: 'nav.home' },
  { href: '/threads', label: 'nav.threads' },
  { href: '/sessions', label: 'nav.sessions' },
  { href: '/wiki', label: 'nav.wiki' },
  { href: '/search', label: 'nav.search' },
]

function isCurrent(href: string, path: string): boolean {
  const pathname = path.split('?')[0] ?? path
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`)
}

/** The main menu: the sections a visitor may read, then the account links. */
export function mainNavigation(request: FastifyRequest): NavItem[] {
  // A section appears once its feature exists, so the menu never leads to a missing page.
  const readable = allows('read', request)
    ? sections.filter((s) => request.server.hasRoute({ method: 'GET', url: s.href }))
    : []
  const account: { href: string; label: MessageKey; unreadBadge?: true }[] = request.member
    ? [
        ...(allows('moderator', request) ? [{ href: '/admin', label: 'nav.admin' as const }] : []),
        { href: '/notifications', label: 'nav.notifications' as const, unreadBadge: true as const },
        { href: '/account', label: 'nav.account' },
      ]
    : [{ href: '/login', label: 'nav.login' }]
  return [...readable, ...account].map((item) => ({ ...item, current: isCurrent(item.href, request.url) }))
}
