// Where everything lives in an export folder. File names come from slugs and ids only, so the same
// data always gives the same folder; the facts inside the files are what an import trusts.
import { slugify } from '../text/slug.js'

export const exportFormat = 'leerplein-export'
export const exportFormatVersion = 1

export const exportFiles = {
  manifest: 'manifest.json',
  readme: 'README.md',
  settings: 'settings.jsonl',
  members: 'members.jsonl',
  redirects: 'wiki/redirects.jsonl',
  categories: 'forum/categories.jsonl',
  flags: 'forum/flags.jsonl',
  links: 'links.jsonl',
  notifications: 'notifications.jsonl',
  audit: 'audit-log.jsonl',
} as const

export const exportFolders = {
  pages: 'wiki/pages',
  pageHistory: 'wiki/history',
  threads: 'forum/threads',
  sessions: 'sessions',
  history: 'history',
} as const

/** Entities whose revisions live under history/<type>/<id>/ (a page's live beside the page). */
export const historyTypes = ['post', 'session', 'breakout', 'idea', 'page'] as const
export type HistoryType = (typeof historyTypes)[number]

// Slugs are made by slugify(); anything else (a hand-edited database) falls back to the id.
const safeSlug = /^[a-z0-9][a-z0-9-]*$/

export function pageStem(page: { id: number; slug: string }): string {
  return safeSlug.test(page.slug) ? page.slug : `page-${page.id}`
}

export function sessionStem(session: { id: number; slug: string }): string {
  return safeSlug.test(session.slug) ? session.slug : `session-${session.id}`
}

/** Zero-padded so a folder listing shows revisions in order. */
export function revisionName(number: number): string {
  return `${String(number).padStart(4, '0')}.md`
}

export function pageFile(page: { id: number; slug: string }): string {
  return `${exportFolders.pages}/${pageStem(page)}.md`
}

export function pageRevisionFile(page: { id: number; slug: string }, number: number): string {
  return `${exportFolders.pageHistory}/${pageStem(page)}/${revisionName(number)}`
}

export function revisionFile(type: HistoryType, id: number, number: number): string {
  return `${exportFolders.history}/${type}/${id}/${revisionName(number)}`
}

/** As the thread's address: /threads/12-title. */
export function threadFile(thread: { id: number; title: string }): string {
  const slug = slugify(thread.title)
  return `${exportFolders.threads}/${thread.id}${slug ? `-${slug}` : ''}.md`
}

export function sessionFiles(session: { id: number; slug: string }) {
  const stem = `${exportFolders.sessions}/${sessionStem(session)}`
  return { markdown: `${stem}.md`, facts: `${stem}.json` }
}
