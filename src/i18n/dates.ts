import type { Locale } from './locales.js'

// Leerplein is used in the Netherlands: times are shown in Dutch time whatever the server's zone.
const timeZone = 'Europe/Amsterdam'
const formats = new Map<string, Intl.DateTimeFormat>()

/** One formatter per style and language: building an Intl.DateTimeFormat costs more than a page render. */
function format(style: 'dateTime' | 'date' | 'time', locale: Locale): Intl.DateTimeFormat {
  const key = `${style}:${locale}`
  let cached = formats.get(key)
  if (!cached) {
    const options: Intl.DateTimeFormatOptions =
      style === 'dateTime'
        ? { dateStyle: 'medium', timeStyle: 'short' }
        : style === 'date'
          ? { dateStyle: 'long' }
          : { timeStyle: 'short' }
    cached = new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { ...options, timeZone })
    formats.set(key, cached)
  }
  return cached
}

export function dateTimeFormatter(locale: Locale): (iso: string) => string {
  const chosen = format('dateTime', locale)
  return (iso) => chosen.format(new Date(iso))
}

/** Dates without a time: a stored YYYY-MM-DD, or the day of a timestamp in Dutch time. */
export function dateFormatter(locale: Locale): (value: string) => string {
  const chosen = format('date', locale)
  return (value) => chosen.format(new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value))
}

/** The offset of Dutch time from UTC at an instant, in minutes (60 in winter, 120 in summer). */
function amsterdamOffsetMinutes(instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant))
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000)
}

/**
 * A wall-clock time in the Netherlands (`2026-03-29T10:00`, as a datetime-local field sends it) as a
 * UTC instant, or null when it is not a valid time. Correct on both sides of a daylight-saving change.
 */
export function amsterdamLocalToUtc(local: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local)
  if (!match) return null
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number]
  const wall = Date.UTC(y, mo - 1, d, h, mi)
  if (Number.isNaN(wall) || new Date(wall).getUTCDate() !== d || h > 23 || mi > 59) return null
  let instant = wall - amsterdamOffsetMinutes(wall) * 60_000
  instant = wall - amsterdamOffsetMinutes(instant) * 60_000
  return new Date(instant).toISOString()
}

/** The reverse, for filling a datetime-local field. */
export function utcToAmsterdamLocal(iso: string): string {
  const instant = Date.parse(iso)
  return new Date(instant + amsterdamOffsetMinutes(instant) * 60_000).toISOString().slice(0, 16)
}

/** The time of day of an instant in Dutch time, e.g. 16:30. */
export function timeFormatter(locale: Locale): (iso: string) => string {
  const chosen = format('time', locale)
  return (iso) => chosen.format(new Date(iso))
}
