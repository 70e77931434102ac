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
