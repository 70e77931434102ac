// The singular and plural of a Dutch noun (and the stem and infinitive of many verbs) differ in ways a
// few rules cover: deal/deals, gemeente/gemeenten/gemeentes, afspraak/afspraken, gesprek/gesprekken,
// overheid/overheden, brief/brieven. A search for one form also looks for the others, but only for
// those the community has written (search keeps the forms in its word list): the rules may invent
// words, the word list never does. A stemmer was measured and left: Snowball's Dutch stemmer reduces
// both "overheid" and "over" to "over" (and takes 9 us a word in its JavaScript port).

const vowels = 'aeiou'
const doublingConsonants = 'bdfgklmnprst'

/**
 * Words that the rules would take for forms of others but are other words: adverbs and prepositions
 * made from a plural (tijdens, namens), and verbs and adverbs that look like a singular (meren/meer,
 * staten/staat, waren/waar). They are never proposed, and get no forms of their own.
 */
const notForms = new Set(
  `tijdens namens volgens wegens trouwens overigens blijkens eens meer staat gaat waar waren alle alles
  allen alleen middels vaak rechts links zelfs plaats slechts niets straks plots kwarts`.split(/\s+/),
)

/**
 * A plural in -s follows a vowel, an unstressed -el, -em, -en, -er or -je, and the endings of
 * borrowed words (deals, meetings, partners, teams, workshops, dashboards, pilots, trends); never an
 * f (zelf/zelfs). The few Dutch words that only look like such a plural (plaats, slechts) are in
 * notForms.
 */
const takesPluralS = /([aeiouy]|el|em|en|er|je|al|ar|or|ng|k|m|p|rd|nd|t)$/

/** Plurals no rule makes: a short vowel that lengthens, a vowel that changes, -eren. */
const irregular = new Map<string, string>()
for (const pair of `stad steden, lid leden, kind kinderen, dag dagen, weg wegen, spel spelen, gebrek gebreken,
  verbod verboden, bad baden, dak daken, glas glazen, schip schepen, blad bladeren, volk volkeren, lied liederen,
  god goden`.split(',')) {
  const [singular, plural] = pair.trim().split(' ') as [string, string]
  irregular.set(singular, plural)
  irregular.set(plural, singular)
}

/** Forms of a folded word in the other number; candidates, most of which no text holds. */
export function numberForms(word: string): string[] {
  const other = irregular.get(word)
  if (other) return [other]
  if (word.length < 4 || !/^[a-z]+$/.test(word) || notForms.has(word)) return []
  const forms = new Set<string>()
  const add = (form: string) => {
    if (form.length >= 4 && form !== word && !notForms.has(form)) forms.add(form)
  }
  const last = word.at(-1) as string
  // Plural from singular, singular from plural.
  if (takesPluralS.test(word)) add(`${word}s`)
  add(`${word}en`)
  if (last === 'e') add(`${word}n`)
  if (last === 's' && word.length >= 5 && takesPluralS.test(word.slice(0, -1))) add(word.slice(0, -1))
  if (word.endsWith('en') && word.length >= 5) {
    add(word.slice(0, -2))
    add(word.slice(0, -1))
  }
  if (word.endsWith('heid')) add(`${word.slice(0, -4)}heden`)
  if (word.endsWith('heden')) add(`${word.slice(0, -5)}heid`)
  // A long vowel is written once in an open syllable: afspraak/afspraken, brief/brieven, baas/bazen.
  const closed = /^(.*[^aeiou])(aa|ee|oo|uu)([^aeiou])$/.exec(word)
  if (closed) {
    const [, before, long, consonant] = closed as unknown as [string, string, string, string]
    const open = `${before}${long[0]}`
    add(`${open}${consonant}en`)
    if (consonant === 'f') add(`${open}ven`)
    if (consonant === 's') add(`${open}zen`)
  }
  const openSyllable = /^(.*[^aeiou])([aeou])([^aeiou])en$/.exec(word)
  if (openSyllable) {
    const [, before, vowel, consonant] = openSyllable as unknown as [string, string, string, string]
    const long = `${before}${vowel}${vowel}`
    add(`${long}${consonant}`)
    if (consonant === 'v') add(`${long}f`)
    if (consonant === 'z') add(`${long}s`)
  }
  // A short vowel keeps its consonant doubled: gesprek/gesprekken, kennis/kennissen.
  const short = word.at(-2) as string
  if (
    !word.endsWith('en') &&
    doublingConsonants.includes(last) &&
    vowels.includes(short) &&
    !vowels.includes(word.at(-3) as string)
  ) {
    add(`${word}${last}en`)
  }
  const doubled = /^(.*[aeiou])([bdfgklmnprst])\2en$/.exec(word)
  if (doubled) add(`${doubled[1]}${doubled[2]}`)
  // f and s become v and z between vowels: brief/brieven, huis/huizen, prijs/prijzen (after a long
  // vowel written twice, the rule above has done it).
  if (last === 'f' && !closed) add(`${word.slice(0, -1)}ven`)
  if (last === 's' && !closed) add(`${word.slice(0, -1)}zen`)
  if (word.endsWith('ven')) add(`${word.slice(0, -3)}f`)
  if (word.endsWith('zen')) add(`${word.slice(0, -3)}s`)
  return [...forms]
}
