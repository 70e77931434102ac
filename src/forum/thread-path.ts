import { slugify } from '../text/slug.js'

// Thread rows kept in memory are asked for their address on every view; rows are never changed in
// place (an edit reads a new row), so the address can stay with the row.
const paths = new WeakMap<object, string>()

/** The canonical address of a thread: its id, then its title as a slug for people to read. */
export function threadPath(thread: { id: number; title: string }): string {
  const known = paths.get(thread)
  if (known !== undefined) return known
  const slug = slugify(thread.title)
  const path = `/threads/${thread.id}${slug ? `-${slug}` : ''}`
  paths.set(thread, path)
  return path
}
