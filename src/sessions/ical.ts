// iCalendar (RFC 5545) for planned and recent sessions. Times are written in UTC ("Z"), which every
// calendar converts to its own zone correctly, also across daylight-saving changes.
import type { SessionRow } from './queries.js'

function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n')
}

function utcStamp(iso: string): string {
  return `${iso.replace(/[-:]/g, '').slice(0, 15)}Z`
}

/** Lines longer than 75 octets are folded, as the standard requires. */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8')
  if (bytes.length <= 75) return line
  const parts: string[] = []
  let current = ''
  for (const char of line) {
    if (Buffer.byteLength(current + char, 'utf8') > (parts.length === 0 ? 75 : 74)) {
      parts.push(current)
      current = ''
    }
    current += char
  }
  parts.push(current)
  return parts.join('\r\n ')
}

export function calendar(
  sessions: Pick<
    SessionRow,
    | 'id'
    | 'slug'
    | 'title'
    | 'summary'
    | 'starts_at'
    | 'ends_at'
    | 'location'
    | 'format'
    | 'status'
    | 'updated_at'
  >[],
  options: { base: string; siteName: string; showLocation: boolean },
): string {
  const host = new URL(options.base).host
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Leerplein//Sessies//NL',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.siteName)}`,
  ]
  for (const s of sessions) {
    const url = `${options.base}/sessions/${s.slug}`
    lines.push(
      'BEGIN:VEVENT',
      // Stable across edits: the session's id, not its title or time.
      `UID:session-${s.id}@${host}`,
      `DTSTAMP:${utcStamp(s.updated_at)}`,
      `DTSTART:${utcStamp(s.starts_at)}`,
      `DTEND:${utcStamp(s.ends_at)}`,
      `SUMMARY:${escapeText(s.title)}`,
      `DESCRIPTION:${escapeText(`${s.summary}${s.summary ? '\n\n' : ''}${url}`)}`,
      `URL:${url}`,
      'STATUS:CONFIRMED',
    )
    // A meeting link is for members; a place may be told to anyone.
    if (s.location && (options.showLocation || s.format === 'in-person'))
      lines.push(`LOCATION:${escapeText(s.location)}`)
    lines.push('END:VEVENT')
  }
  lines.push('END:VCALENDAR')
  return `${lines.map(fold).join('\r\n')}\r\n`
}
