import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { negotiateLocale } from '../../src/i18n/negotiate.js'
import { catalogues, translator } from '../../src/i18n/translate.js'
import { projectRoot, viewsDir } from '../../src/paths.js'

function filesUnder(dir: string, extensions: string[]): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && extensions.some((ext) => entry.name.endsWith(ext)))
    .map((entry) => path.join(entry.parentPath, entry.name))
}

describe('locale catalogues', () => {
  it('have exactly the same keys in nl and en, none empty', () => {
    const nl = Object.keys(catalogues.nl).sort()
    const en = Object.keys(catalogues.en).sort()
    expect(
      en.filter((key) => !nl.includes(key)),
      'keys only in en',
    ).toEqual([])
    expect(
      nl.filter((key) => !en.includes(key)),
      'keys only in nl',
    ).toEqual([])
    for (const [locale, catalogue] of Object.entries(catalogues)) {
      for (const [key, text] of Object.entries(catalogue))
        expect(text.trim(), `${locale} ${key}`).not.toBe('')
    }
  })

  it('contain every key that a template or source file uses literally', () => {
    const used = new Set<string>()
    const files = [...filesUnder(viewsDir, ['.eta']), ...filesUnder(path.join(projectRoot, 'src'), ['.ts'])]
    for (const file of files) {
      const text = readFileSync(file, 'utf8')
      for (const match of text.matchAll(/\bt\(\s*'([a-z][\w.]*\w)'\s*[,)]/g)) used.add(match[1] as string)
    }
    expect(used.size).toBeGreaterThan(20)
    const missing = [...used].filter((key) => !(key in catalogues.nl))
    expect(missing).toEqual([])
  })

  it('fill in named parameters', () => {
    expect(translator('nl')('home.welcome', { site: 'Leerplein' })).toBe('Welkom bij Leerplein')
    expect(translator('en')('home.welcome', { site: 'Leerplein' })).toBe('Welcome to Leerplein')
  })
})

describe('negotiateLocale', () => {
  it('prefers the member, then the cookie, then the browser, then the site default', () => {
    const all = { memberChoice: 'en', cookie: 'nl', acceptLanguage: 'nl', siteDefault: 'nl' } as const
    expect(negotiateLocale(all)).toBe('en')
    expect(negotiateLocale({ ...all, memberChoice: null })).toBe('nl')
    expect(negotiateLocale({ siteDefault: 'nl', acceptLanguage: 'en-GB,en;q=0.9,nl;q=0.8' })).toBe('en')
    expect(negotiateLocale({ siteDefault: 'nl', acceptLanguage: 'de-DE,fr;q=0.9' })).toBe('nl')
    expect(negotiateLocale({ siteDefault: 'en', acceptLanguage: 'de, nl;q=0.5' })).toBe('nl')
    expect(negotiateLocale({ siteDefault: 'en', acceptLanguage: 'nl;q=0, en' })).toBe('en')
    expect(negotiateLocale({ siteDefault: 'en', cookie: 'xx' })).toBe('en')
  })
})
