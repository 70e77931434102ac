import type { Locale } from './locales.js'

// Leerplein is used in the Netherlands: times are shown in Dutch time whatever the server's zone.
const timeZone = 'Europe/Amsterdam'
const formats = new Map<Locale, Intl.DateTimeFormat>()

export function dateTimeFormatter(locale: Locale): (iso: string) => string {
  let format = formats.get(locale)
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone,
    })
    formats.set(locale, format)
  }
  const chosen = format
  return (iso) => chosen.format(new Date(iso))
}

const dateFormats = new Map<Locale, Intl.DateTimeFormat>()

/** Dates without a time: a stored YYYY-MM-DD, or the day of a timestamp in Dutch time. */
export function dateFormatter(locale: Locale): (value: string) => string {
  let format = dateFormats.get(locale)
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long', timeZone })
    dateFormats.set(locale, format)
  }
  const chosen = format
  return (value) => chosen.format(new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value))
}
