// The other forms in number that a search word may take: candidates the word list then filters.
import { describe, expect, test } from 'vitest'
import { numberForms } from '../../src/search/word-forms.js'

describe('numberForms', () => {
  test.each([
    ['deal', 'deals'],
    ['deals', 'deal'],
    ['gemeente', 'gemeenten'],
    ['gemeente', 'gemeentes'],
    ['gemeenten', 'gemeente'],
    ['afspraak', 'afspraken'],
    ['afspraken', 'afspraak'],
    ['resultaat', 'resultaten'],
    ['gesprek', 'gesprekken'],
    ['gesprekken', 'gesprek'],
    ['kennis', 'kennissen'],
    ['overheid', 'overheden'],
    ['overheden', 'overheid'],
    ['brief', 'brieven'],
    ['brieven', 'brief'],
    ['huis', 'huizen'],
    ['prijzen', 'prijs'],
    ['project', 'projecten'],
    ['projecten', 'project'],
    ['partijen', 'partij'],
    ['provincies', 'provincie'],
    ['lid', 'leden'],
    ['leden', 'lid'],
    ['steden', 'stad'],
    ['kinderen', 'kind'],
    // Borrowed words take -s after consonants Dutch words rarely end a plural with.
    ['dashboards', 'dashboard'],
    ['pilot', 'pilots'],
    ['teams', 'team'],
    ['workshop', 'workshops'],
    ['trends', 'trend'],
  ])('%s has the form %s', (word, form) => {
    expect(numberForms(word)).toContain(form)
  })

  test('no forms for short words, numbers or words outside a-z', () => {
    expect(numberForms('bij')).toEqual([])
    expect(numberForms('2024')).toEqual([])
    expect(numberForms('co2uitstoot')).toEqual([])
    expect(numberForms('ǁpair')).toEqual([])
  })

  test('words that only look like a plural in -s are never proposed', () => {
    expect(numberForms('plaat')).not.toContain('plaats')
    expect(numberForms('slecht')).not.toContain('slechts')
    expect(numberForms('strak')).not.toContain('straks')
    expect(numberForms('plaats')).toEqual([])
  })

  test('"nieuws" is no plural of "nieuw"', () => {
    expect(numberForms('nieuws')).not.toContain('nieuw')
  })
})
