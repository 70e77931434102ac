// The row id of a search entry encodes what it is, who may see it and where it comes from:
//   id = type code × 2^40 + audience × 2^39 + source id
// so "posts a member may see" is one contiguous rowid range, which FTS5 scans without touching rows of
// other types or of the moderators' audience. Ids stay below 2^53 (safe JavaScript integers).

export const searchTypes = ['page', 'session', 'breakout', 'idea', 'thread', 'post'] as const
export type SearchType = (typeof searchTypes)[number]
export type Audience = 'all' | 'moderators'

const typeSpan = 2 ** 40
const audienceSpan = 2 ** 39

function typeCode(type: SearchType): number {
  return searchTypes.indexOf(type) + 1
}

export function searchDocId(type: SearchType, audience: Audience, sourceId: number): number {
  if (!Number.isSafeInteger(sourceId) || sourceId < 0 || sourceId >= audienceSpan) {
    throw new RangeError(`source id out of range: ${sourceId}`)
  }
  return typeCode(type) * typeSpan + (audience === 'moderators' ? audienceSpan : 0) + sourceId
}

/** The inclusive rowid ranges of one type that a viewer may see: everyone's, and the moderators'. */
export function visibleRanges(type: SearchType, moderator: boolean): [number, number][] {
  const start = typeCode(type) * typeSpan
  const everyone: [number, number] = [start, start + audienceSpan - 1]
  return moderator ? [everyone, [start + audienceSpan, start + typeSpan - 1]] : [everyone]
}

/** Whether only moderators may see the entry (a hidden post or thread, a draft session). */
export function forModeratorsOnly(id: number): boolean {
  return id % typeSpan >= audienceSpan
}

/** The id of the item an entry describes (in its own table). */
export function sourceIdOf(id: number): number {
  return id % audienceSpan
}

/** Whether items of the type have titles of their own: replies stand under their thread's. */
export function hasTitles(type: SearchType): boolean {
  return type !== 'post'
}

/** The type an entry id encodes. */
export function typeOfDocId(id: number): SearchType {
  return searchTypes[Math.floor(id / typeSpan) - 1] as SearchType
}
