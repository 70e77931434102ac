import { slugify } from '../text/slug.js'

/** The canonical address of a thread: its id, then its title as a slug for people to read. */
export function threadPath(thread: { id: number; title: string }): string {
  const slug = slugify(thread.title)
  return `/threads/${thread.id}${slug ? `-${slug}` : ''}`
}
