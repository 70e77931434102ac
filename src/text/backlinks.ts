// "Mentioned in": each feature that has texts registers how to list the ones linking to a set of
// slugs. A wiki page asks every registered source, so the wiki knows no feature that links to it.
import type { Database } from '../db/database.js'
import type { MessageKey } from '../i18n/translate.js'

export interface Backlink {
  title: string
  href: string
  /** A small label: the kind of page (a message key) or the category of a thread (its name). */
  label: { key: MessageKey } | { text: string } | null
  snippet: string
  date: string
}

export interface BacklinkViewer {
  memberId: number | null
  isModerator: boolean
}

export interface BacklinkSource {
  /** Heading of the group on the page, e.g. wiki.backlinks.threads. */
  heading: MessageKey
  /** Order of the group on the page. */
  position: number
  find(db: Database, slugs: string[], viewer: BacklinkViewer, excludePageId: number): Promise<Backlink[]>
}

const sources: BacklinkSource[] = []

export function registerBacklinkSource(source: BacklinkSource): void {
  sources.push(source)
  sources.sort((a, b) => a.position - b.position)
}

export async function findBacklinks(
  db: Database,
  slugs: string[],
  viewer: BacklinkViewer,
  excludePageId: number,
) {
  const groups = await Promise.all(
    sources.map(async (source) => ({
      heading: source.heading,
      links: await source.find(db, slugs, viewer, excludePageId),
    })),
  )
  return groups.filter((group) => group.links.length > 0)
}
