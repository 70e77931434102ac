import { isLocale, type Locale } from './locales.js'

/**
 * Picks the interface language: the member's own choice, then the language-switch cookie, then the
 * browser's Accept-Language, then the site default.
 */
export function negotiateLocale(options: {
  memberChoice?: string | null | undefined
  cookie?: string | undefined
  acceptLanguage?: string | undefined
  siteDefault: Locale
}): Locale {
  if (isLocale(options.memberChoice)) return options.memberChoice
  if (isLocale(options.cookie)) return options.cookie
  const fromHeader = preferredFromAcceptLanguage(options.acceptLanguage)
  return fromHeader ?? options.siteDefault
}

function preferredFromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
      return { language: tag.trim().toLowerCase().split('-')[0], q: q ? Number(q.slice(2)) : 1, index }
    })
    .filter((entry) => entry.q > 0 && !Number.isNaN(entry.q))
    .sort((a, b) => b.q - a.q || a.index - b.index)
  return ranked.map((entry) => entry.language).find(isLocale)
}
