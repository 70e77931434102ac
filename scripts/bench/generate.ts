// Generates a large community for the benchmark: members, wiki pages, threads with their posts,
// sessions with break-outs and ideas, and the links between them, straight into SQLite. Texts are
// Dutch-like (with diacritics and very common words) and rendered by the app's own renderer from a
// pool of paragraphs, so stored HTML and links look exactly as if people had written them.

import type SQLite from 'better-sqlite3'
import { openDatabase } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { ensureSearchIndex } from '../../src/search/index-sync.js'
import { renderMarkdown } from '../../src/text/markdown.js'
import { slugify } from '../../src/text/slug.js'
import { extractLinks } from '../../src/text/wikilinks.js'
import { seededRandom } from '../seeded-random.js'
// Register the features' search sources.
import '../../src/wiki/queries.js'
import '../../src/forum/queries.js'
import '../../src/sessions/queries.js'

export interface CommunitySize {
  pages: number
  threads: number
  postsPerThread: number
  sessions: number
  members: number
}

export const largeCommunity: CommunitySize = {
  pages: 2_000,
  threads: 10_000,
  postsPerThread: 50,
  sessions: 300,
  members: 1_000,
}

/** A community `factor` times smaller (at least a handful of everything). */
export function scaled(size: CommunitySize, factor: number): CommunitySize {
  return {
    pages: Math.max(40, Math.round(size.pages / factor)),
    threads: Math.max(20, Math.round(size.threads / factor)),
    postsPerThread: size.postsPerThread,
    sessions: Math.max(5, Math.round(size.sessions / factor)),
    members: Math.max(20, Math.round(size.members / factor)),
  }
}

// The most frequent words of Dutch prose: present in nearly every post.
export const veryCommonWords =
  'de het een en van in is op te dat die voor met zijn er aan om ook als bij'.split(' ')
// Words of the domain: each in a good share of the posts.
export const commonWords =
  `gemeente samenwerking partners deal regio provincie ministerie afspraken opgave resultaten
  kennis ervaring programma bestuurlijk financiering coördinatie ideeën financiële economie realiseren
  geëvalueerd creëren efficiënt overheid maatschappelijke woningbouw energietransitie binnenstad
  werkgroep stuurgroep leerervaring evaluatie monitoring borging continuïteit verduurzaming bewoners
  ondernemers kennisinstellingen experiment regelgeving knelpunt oplossing aanpak netwerk community
  sessie themasessie verslag vervolg inspiratie dealmakers wethouder gedeputeerde projectleider
  subsidie begroting cofinanciering intentieverklaring ondertekening looptijd mijlpaal rapportage
  privé café reünie coöperatie zeeën België Groningen Eindhoven Utrecht Rotterdam Zuid-Holland`
    .split(/\s+/)
    .filter(Boolean)

/**
 * The other form in number of some domain words: real text has both, and search looks for both
 * (src/search/word-forms.ts), so the benchmark's text must hold both for search to pay for it.
 */
const otherForms = new Map(
  Object.entries({
    gemeente: 'gemeenten',
    partners: 'partner',
    deal: 'deals',
    provincie: 'provincies',
    afspraken: 'afspraak',
    resultaten: 'resultaat',
    ervaring: 'ervaringen',
    programma: 'programmas',
    oplossing: 'oplossingen',
    netwerk: 'netwerken',
    sessie: 'sessies',
    verslag: 'verslagen',
    bewoners: 'bewoner',
    ondernemers: 'ondernemer',
    dealmakers: 'dealmaker',
    wethouder: 'wethouders',
    subsidie: 'subsidies',
    mijlpaal: 'mijlpalen',
  }),
)

/** A common word, now and then in its other form. */
function commonWordIn(word: string, random: () => number): string {
  const other = otherForms.get(word)
  return other && random() < 0.3 ? other : word
}

function makeRareWords(random: () => number, count: number): string[] {
  const starts = ['kr', 'bl', 'st', 'v', 'gr', 'sch', 'pl', 'tw', 'z', 'm', 'h', 'dr', 'fl', 'sn', 'w', 'l']
  const vowels = ['a', 'e', 'i', 'o', 'u', 'aa', 'ee', 'oo', 'ij', 'ui', 'ë', 'é', 'ï', 'ou', 'ei']
  const ends = ['ng', 'rk', 'lt', 'st', 'nd', 'm', 'r', 's', 'ft', 'cht', 'p', 'k', 'l', 'n']
  const suffixes = ['', '', 'ing', 'heid', 'en', 'er', 'elijk', 'isch', 'schap', 'tje']
  const words = new Set<string>()
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)] as T
  while (words.size < count) {
    const syllables = 1 + Math.floor(random() * 3)
    let word = ''
    for (let s = 0; s < syllables; s++)
      word += pick(starts) + pick(vowels) + (random() < 0.6 ? pick(ends) : '')
    words.add(word + pick(suffixes))
  }
  return [...words]
}

interface PoolParagraph {
  markdown: string
  html: string
  links: { targetSlug: string; targetTitle: string; snippet: string }[]
}

interface Targets {
  hotDeal: string
  deals: string[]
  themes: string[]
  people: string[]
}

function paragraphMaker(random: () => number, rare: string[], targets: Targets) {
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)] as T
  // Zipf-like: early entries far more often than late ones.
  const zipf = <T>(list: T[]) => list[Math.floor(list.length * random() ** 2.5)] as T
  const sentence = () => {
    const length = 8 + Math.floor(random() * 8)
    const words: string[] = []
    for (let i = 0; i < length; i++) {
      const r = random()
      words.push(
        r < 0.4 ? zipf(veryCommonWords) : r < 0.75 ? commonWordIn(zipf(commonWords), random) : pick(rare),
      )
    }
    const text = words.join(' ')
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`
  }
  return (): string => {
    const sentences: string[] = []
    const count = 3 + Math.floor(random() * 2)
    for (let i = 0; i < count; i++) sentences.push(sentence())
    const r = random()
    // About one paragraph in four names a page; one deal is named far more often than any other.
    const target =
      r < 0.0025
        ? targets.hotDeal
        : r < 0.14
          ? zipf(targets.deals.slice(1))
          : r < 0.22
            ? zipf(targets.themes)
            : r < 0.26
              ? pick(targets.people)
              : null
    if (target) sentences.splice(1 + Math.floor(random() * (count - 1)), 0, `Zie ook [[${target}]].`)
    return sentences.join(' ')
  }
}

/** Generates the community into `file` (which must not exist) and returns what it holds. */
export async function generateCommunity(file: string, size: CommunitySize, log: (line: string) => void) {
  const random = seededRandom(20210309)
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)] as T
  const database = openDatabase(file)
  await migrateToLatest(database.db)
  const sqlite: SQLite.Database = database.sqlite
  const rare = makeRareWords(random, 6_000)

  // Page titles first: texts link to them.
  const dealCount = Math.round(size.pages * 0.15)
  const themeCount = Math.round(size.pages * 0.05)
  const personCount = Math.round(size.pages * 0.4)
  const orgCount = Math.round(size.pages * 0.15)
  const dealTypes = ['City Deal', 'Regio Deal', 'Woondeal', 'Green Deal'] as const
  const used = new Set<string>()
  const title = (make: () => string) => {
    for (;;) {
      const t = make()
      if (!used.has(slugify(t))) {
        used.add(slugify(t))
        return t
      }
    }
  }
  const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1)
  const deals = Array.from({ length: dealCount }, (_, i) =>
    title(() => `${dealTypes[i % 4]} ${capital(pick(rare))} ${capital(pick(commonWords))}`),
  )
  const themes = Array.from({ length: themeCount }, () =>
    title(() => `${capital(pick(commonWords))} en ${pick(rare)}`),
  )
  const people = Array.from({ length: personCount }, () =>
    title(() => `${capital(pick(rare))} ${capital(pick(rare))}`),
  )
  const orgs = Array.from({ length: orgCount }, () => title(() => `Gemeente ${capital(pick(rare))}`))
  const others = Array.from({ length: size.pages - dealCount - themeCount - personCount - orgCount }, () =>
    title(() => `${capital(pick(commonWords))} ${pick(rare)} ${pick(rare)}`),
  )
  const targets: Targets = { hotDeal: deals[0] as string, deals, themes, people }
  const existing = new Set([...deals, ...themes, ...people, ...orgs, ...others].map(slugify))
  const resolve = (slug: string) => (existing.has(slug) ? slug : undefined)

  const makeParagraph = paragraphMaker(random, rare, targets)
  const poolSize = Math.min(20_000, Math.max(500, size.threads * 2))
  const pool: PoolParagraph[] = Array.from({ length: poolSize }, () => {
    const markdown = makeParagraph()
    return { markdown, html: renderMarkdown(markdown, resolve), links: extractLinks(markdown) }
  })
  const text = (paragraphs: number) => {
    const parts = Array.from({ length: paragraphs }, () => pick(pool))
    return {
      markdown: parts.map((p) => p.markdown).join('\n\n'),
      html: parts.map((p) => p.html).join('\n'),
      links: parts.flatMap((p) => p.links),
    }
  }

  const start = Date.parse('2020-01-01T08:00:00Z')
  const span = Date.parse('2026-10-01T08:00:00Z') - start
  const iso = (ms: number) => new Date(ms).toISOString()

  const insertLink = sqlite.prepare(
    `insert into link (source_type, source_id, target_slug, target_title, relation, snippet)
     values (?, ?, ?, ?, 'text', ?)`,
  )
  const linkAll = (type: string, id: number, links: PoolParagraph['links']) => {
    const seen = new Set<string>()
    for (const l of links) {
      if (seen.has(l.targetSlug)) continue
      seen.add(l.targetSlug)
      insertLink.run(type, id, l.targetSlug, l.targetTitle, l.snippet)
    }
  }

  sqlite.transaction(() => {
    const now = iso(Date.now())
    sqlite.prepare(`insert into setting (key, value, updated_at) values ('visibility', 'public', ?)`).run(now)
    const member = sqlite.prepare(
      `insert into member (email, display_name, password_hash, role, status, created_at, updated_at)
       values (?, ?, 'x', ?, 'active', ?, ?)`,
    )
    for (let i = 1; i <= size.members; i++) {
      member.run(
        `lid${i}@bench.test`,
        `Lid ${i}`,
        i === 1 ? 'admin' : i <= 5 ? 'moderator' : 'member',
        now,
        now,
      )
    }

    const page = sqlite.prepare(
      `insert into page (slug, title, kind, body, body_html, deal_type, deal_status, summary, revision,
         created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    )
    const kinds: [string, string[]][] = [
      ['deal', deals],
      ['theme', themes],
      ['person', people],
      ['organisation', orgs],
      ['page', others],
    ]
    for (const [kind, titles] of kinds) {
      titles.forEach((t, i) => {
        const body = text(3)
        const stamp = iso(start + random() * span)
        const id = page.run(
          slugify(t),
          t,
          kind,
          body.markdown,
          body.html,
          kind === 'deal' ? ['city-deal', 'regio-deal', 'woondeal', 'green-deal'][i % 4] : null,
          kind === 'deal' ? 'running' : null,
          kind === 'theme' ? `Over ${t.toLowerCase()}` : null,
          stamp,
          stamp,
        ).lastInsertRowid
        linkAll('page', Number(id), body.links)
      })
    }
    log(`  ${size.pages} wiki pages`)

    // Threads start over the years; their posts follow over weeks, so posts of one thread are
    // scattered through the table among those of other threads, as in a real forum.
    const events: { thread: number; number: number; at: number }[] = []
    const threadStarts: number[] = []
    for (let t = 0; t < size.threads; t++) {
      const begin = start + random() * span * 0.97
      threadStarts.push(begin)
      let at = begin
      for (let n = 1; n <= size.postsPerThread; n++) {
        events.push({ thread: t, number: n, at })
        at += random() * 3 * 24 * 3600 * 1000
      }
    }
    events.sort((a, b) => a.at - b.at)
    const thread = sqlite.prepare(
      `insert into thread (category_id, kind, title, author_id, reply_count, last_activity_at, created_at)
       values (?, ?, ?, ?, ?, ?, ?)`,
    )
    const post = sqlite.prepare(
      `insert into post (thread_id, number, author_id, body, body_html, created_at) values (?, ?, ?, ?, ?, ?)`,
    )
    const threadIds: number[] = []
    const lastActivity = new Map<number, string>()
    let posts = 0
    for (const event of events) {
      if (event.number === 1) {
        const kind = random() < 0.6 ? 'question' : 'discussion'
        const words = Array.from({ length: 4 + Math.floor(random() * 5) }, () =>
          random() < 0.5 ? pick(commonWords) : pick(rare),
        ).join(' ')
        const id = thread.run(
          1 + Math.floor(random() * 4),
          kind,
          `${capital(words)}${kind === 'question' ? '?' : ''}`,
          1 + Math.floor(random() * size.members),
          size.postsPerThread - 1,
          iso(event.at),
          iso(event.at),
        ).lastInsertRowid
        threadIds[event.thread] = Number(id)
      }
      const threadId = threadIds[event.thread] as number
      const body = text(2)
      const id = post.run(
        threadId,
        event.number,
        1 + Math.floor(random() * size.members),
        body.markdown,
        body.html,
        iso(event.at),
      ).lastInsertRowid
      linkAll('post', Number(id), body.links)
      lastActivity.set(threadId, iso(event.at))
      posts += 1
    }
    const activity = sqlite.prepare('update thread set last_activity_at = ? where id = ?')
    for (const [id, at] of lastActivity) activity.run(at, id)
    log(`  ${size.threads} threads, ${posts} posts`)

    const session = sqlite.prepare(
      `insert into theme_session (slug, title, series, number, starts_at, ends_at, format, location, status,
         summary, report, report_html, published_at, created_at, updated_at)
       values (?, ?, 'Themasessies', ?, ?, ?, 'online', 'https://vergaderen.example/kamer', ?, ?, ?, ?, ?, ?, ?)`,
    )
    const tag = sqlite.prepare(
      'insert into session_tag (session_id, relation, title, position) values (?, ?, ?, ?)',
    )
    const breakout = sqlite.prepare(
      `insert into breakout (session_id, position, title, participants, notes, notes_html) values (?, ?, ?, ?, ?, ?)`,
    )
    const idea = sqlite.prepare(
      `insert into idea (session_id, title, description, description_html, status, vote_count, created_at)
       values (?, ?, ?, ?, 'proposed', ?, ?)`,
    )
    for (let s = 1; s <= size.sessions; s++) {
      const at = start + (span * s) / (size.sessions + 1)
      const sessionTitle = `${capital(pick(commonWords))} en ${pick(commonWords)}`
      const report = text(6)
      const status = at > Date.now() ? 'planned' : 'published'
      const id = Number(
        session.run(
          `${iso(at).slice(0, 10)}-sessie-${s}`,
          sessionTitle,
          s,
          iso(at),
          iso(at + 2 * 3600 * 1000),
          status,
          pick(pool).markdown.slice(0, 200),
          report.markdown,
          report.html,
          status === 'published' ? iso(at) : null,
          iso(at),
          iso(at),
        ).lastInsertRowid,
      )
      linkAll('session', id, report.links)
      tag.run(id, 'moderator', pick(people), 0)
      tag.run(id, 'speaker', pick(people), 0)
      tag.run(id, 'theme', pick(themes), 0)
      for (let p = 0; p < 12; p++) tag.run(id, 'participant', pick(people), p)
      for (let b = 1; b <= 3; b++) {
        const notes = text(3)
        const bid = Number(
          breakout.run(
            id,
            b,
            `Break-out ${b}: ${pick(commonWords)}`,
            [pick(people), pick(people)].join('\n'),
            notes.markdown,
            notes.html,
          ).lastInsertRowid,
        )
        linkAll('breakout', bid, notes.links)
      }
      for (let k = 1; k <= 5; k++) {
        const description = text(1)
        const iid = Number(
          idea.run(
            id,
            `Vervolg over ${pick(commonWords)} ${k}`,
            description.markdown,
            description.html,
            Math.floor(random() * 20),
            iso(at),
          ).lastInsertRowid,
        )
        linkAll('idea', iid, description.links)
      }
    }
    log(`  ${size.sessions} sessions with 3 break-outs and 5 ideas each`)
  })()

  log('  building the search index…')
  const indexed = await ensureSearchIndex(database.db)
  log(`  ${indexed} search entries`)
  sqlite.pragma('wal_checkpoint(TRUNCATE)')
  sqlite.exec('analyze')
  const counts = {
    pages: size.pages,
    threads: size.threads,
    posts: Number((sqlite.prepare('select count(*) as n from post').get() as { n: number }).n),
    sessions: size.sessions,
    hotDealBacklinks: Number(
      (
        sqlite
          .prepare('select count(*) as n from link where target_slug = ?')
          .get(slugify(targets.hotDeal)) as {
          n: number
        }
      ).n,
    ),
  }
  await database.close()
  return {
    counts,
    hotDealSlug: slugify(targets.hotDeal),
    vocabulary: { rare, common: commonWords, veryCommon: veryCommonWords },
    phrases: pool.slice(0, 400).map((p) =>
      p.markdown
        .split(/[.\s]+/)
        .slice(2, 4)
        .join(' '),
    ),
  }
}
