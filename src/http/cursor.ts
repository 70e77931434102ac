// Paging through a list ordered newest first: the next page starts after the last item shown,
// named by its timestamp and, among equal timestamps, its id (rows added meanwhile shift nothing).

export interface Cursor {
  at: string
  id: number
}

/** The cursor in a query parameter (`2026-11-25T10:00:00.000Z_42`), or null when there is none. */
export function parseCursor(value: unknown): Cursor | null {
  if (typeof value !== 'string') return null
  const match = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)_(\d+)$/.exec(value)
  return match ? { at: match[1] as string, id: Number(match[2]) } : null
}

export function cursorParam(cursor: Cursor): string {
  return `${cursor.at}_${cursor.id}`
}
