// The kill loop shared by the test (a few kills) and `npm run soak` (hundreds): writers post threads,
// replies, page edits, new pages and break-out rooms through the real server while it is killed with
// SIGKILL at random moments and started again. Afterwards the database must pass SQLite's checks, hold
// every write the server confirmed, and hold no item only half written.

import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { seededRandom } from '../../scripts/seeded-random.js'
import { sessionCookie } from '../../src/auth/auth-plugin.js'
import { createMember } from '../../src/auth/queries.js'
import { createSession } from '../../src/auth/sessions.js'
import { openDatabase } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { createSession as createThemeSession } from '../../src/sessions/queries.js'
import { emptyFields } from '../../src/wiki/fields.js'
import { createPage } from '../../src/wiki/queries.js'
import { Browser, hiddenValue, type ServerProcess, startServer } from './server-process.js'

export interface KillLoopOptions {
  kills: number
  /** Concurrent writers, each logged in as its own members. */
  writers?: number
  /** A server lives a random time up to this long before it is killed. */
  maxLifeMs?: number
  /** Share of kills that strike while the server is still starting (migrations, search index). */
  startupKillShare?: number
  /** Keeps the database folder for inspection. */
  keep?: boolean
  seed?: number
  log?: (line: string) => void
}

export type Confirmed =
  | { type: 'thread'; marker: string; threadId: number; key: string }
  | { type: 'reply'; marker: string; threadId: number; postId: number; key: string }
  | { type: 'edit'; marker: string; slug: string; sequence: number }
  | { type: 'page'; marker: string; slug: string }
  | { type: 'breakout'; marker: string; breakoutId: number }

export interface KillLoopReport {
  seed: number
  kills: number
  killsDuringStartup: number
  attempts: number
  confirmed: Record<Confirmed['type'], number> & { total: number }
  /** Writes whose answer the kill swallowed: they may or may not be stored, but never in part. */
  unanswered: number
  /** Confirmed writes missing or incomplete afterwards. Must be empty. */
  lost: string[]
  /** Items stored only in part (a thread without its post, a post without its search entry...). */
  halfWritten: string[]
  /** A form sent again after a lost answer that was stored twice. */
  duplicates: string[]
  /** Answers other than the expected redirect or a rate-limit refusal. */
  unexpected: string[]
  integrity: string
  foreignKeyViolations: number
  searchIndexIntegrity: string
  serverErrorLines: string[]
  durationMs: number
  databasePath: string
}

export function emptyReport(databasePath: string): KillLoopReport {
  return {
    seed: 0,
    kills: 0,
    killsDuringStartup: 0,
    attempts: 0,
    confirmed: { thread: 0, reply: 0, edit: 0, page: 0, breakout: 0, total: 0 },
    unanswered: 0,
    lost: [],
    halfWritten: [],
    duplicates: [],
    unexpected: [],
    integrity: '',
    foreignKeyViolations: 0,
    searchIndexIntegrity: '',
    serverErrorLines: [],
    durationMs: 0,
    databasePath,
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Lowercase letters and digits only: one token to the search engine, found by nothing else. */
const newMarker = () => `kl${randomBytes(6).toString('hex')}`

/** The errors a killed server leaves its clients: refused, reset or cut-off connections. */
function connectionLost(error: unknown): boolean {
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|EPIPE|ECONNABORTED)$/.test(code)
}

/** The server that is up now; writers wait here between a kill and the next start. */
class ServerState {
  base: string | null = null
  generation = 0
  private waiters: (() => void)[] = []

  up(base: string) {
    this.base = base
    this.generation += 1
    for (const wake of this.waiters.splice(0)) wake()
  }

  down() {
    this.base = null
  }

  /** The running server newer than `after`. */
  async next(after: number): Promise<{ base: string; generation: number }> {
    while (this.base === null || this.generation <= after) {
      await new Promise<void>((resolve) => this.waiters.push(resolve))
    }
    return { base: this.base, generation: this.generation }
  }
}

interface Setup {
  databasePath: string
  categoryId: number
  sessionSlug: string
  /** Per writer: the cookies of its members and the page only it edits. */
  writers: { members: Record<string, string>[]; pageSlug: string }[]
  linkTargets: string[]
}

/** Members per writer: the forum allows 10 new posts per member per 10 minutes, counted per process. */
const membersPerWriter = 16

async function prepare(databasePath: string, writers: number): Promise<Setup> {
  const database = openDatabase(databasePath)
  const addPage = (title: string, kind: 'theme' | 'page', body: string) =>
    createPage(database.db, { title, kind, body, fields: emptyFields, summary: null, authorId: null })
  try {
    await migrateToLatest(database.db)
    const category = await database.db.selectFrom('category').select('id').executeTakeFirstOrThrow()
    const linkTargets: string[] = []
    for (let i = 1; i <= 3; i += 1) {
      const title = `Kill Loop Thema ${i}`
      await addPage(title, 'theme', `Een thema om naar te linken (${i}).`)
      linkTargets.push(title)
    }
    const session = await createThemeSession(
      database.db,
      {
        title: 'Kill loop sessie',
        series: null,
        number: null,
        startsAt: '2026-03-01T09:00:00.000Z',
        endsAt: '2026-03-01T11:00:00.000Z',
        format: 'online',
        location: '',
        summary: 'Sessie waarin de kill loop break-outs toevoegt.',
        report: '',
        tags: { moderator: [], speaker: [], participant: [], theme: [] },
        status: 'published',
      },
      null,
    )
    const setup: Setup['writers'] = []
    for (let w = 0; w < writers; w += 1) {
      const members: Record<string, string>[] = []
      for (let m = 0; m < membersPerWriter; m += 1) {
        // Moderators: only they add break-out rooms; for threads, replies and pages they are members.
        const id = await createMember(database.db, {
          email: `schrijver-${w}-${m}@kill-loop.test`,
          display_name: `Schrijver ${w}.${m}`,
          password_hash: null,
          role: 'moderator',
          status: 'active',
        })
        const { token } = await createSession(database.db, id, 'kill-loop')
        members.push({ [sessionCookie]: token })
      }
      const page = await addPage(`Kill Loop Pagina ${w}`, 'page', 'Versie 0.')
      if (!page.ok) throw new Error('kill loop: could not create the page to edit')
      setup.push({ members, pageSlug: page.slug })
    }
    return {
      databasePath,
      categoryId: category.id,
      sessionSlug: session.slug,
      writers: setup,
      linkTargets,
    }
  } finally {
    await database.close()
  }
}

class Writer {
  private next = 0
  private editSequence = 0
  private readonly browsers: Browser[]
  /** Confirmed threads by id, with the address the server gave them. */
  private readonly threads: { id: number; path: string }[] = []

  constructor(
    private readonly index: number,
    private readonly setup: Setup,
    private readonly state: ServerState,
    private readonly report: KillLoopReport,
    private readonly confirmed: Confirmed[],
    private readonly retried: string[],
    private readonly pick: () => number,
  ) {
    const own = setup.writers[index]
    if (!own) throw new Error(`no setup for writer ${index}`)
    this.browsers = own.members.map((cookies) => new Browser(cookies))
  }

  /** Each write goes out as the next member, which keeps every member under the post limit. */
  private browser(): Browser {
    const browser = this.browsers[this.next % this.browsers.length] as Browser
    this.next += 1
    return browser
  }

  private link(marker: string) {
    const targets = this.setup.linkTargets
    const target = targets[Math.floor(this.pick() * targets.length)] as string
    // One existing page and one that does not exist yet: both leave a row in `link`.
    return `[[${target}]] en [[Nog te schrijven ${marker}]]`
  }

  /** Set when a form went out; a failure after it leaves the write unanswered, not unsent. */
  private sent = false
  /** The same form again, for the writes that carry a submission key. */
  private resend: ((base: string) => Promise<void>) | null = null

  async run(stopped: () => boolean) {
    let used = 0
    let needNewer = false
    let retry: ((base: string) => Promise<void>) | null = null
    // An unanswered form is sent again (same submission key) once a server is back, as a person
    // pressing Send again would; the final server is never killed, so this ends.
    while (!stopped() || retry) {
      const server = await this.state.next(needNewer ? used : used - 1)
      used = server.generation
      needNewer = false
      const attempt = retry ?? this.chooseWrite()
      retry = null
      this.sent = false
      this.resend = null
      try {
        await attempt(server.base)
      } catch (error) {
        if (!connectionLost(error)) {
          // A fault of this loop or a server that hangs: say so rather than wait for a kill.
          this.report.unexpected.push(`writer ${this.index}: ${String(error)}`)
          continue
        }
        if (this.sent) {
          this.report.unanswered += 1
          retry = this.resend
        }
        needNewer = true
      }
    }
  }

  /**
   * Opens the form's page for its token, then sends the form. A form given as a function is made from
   * the page's HTML, for fields the page fills in (a base revision).
   */
  private async submit(
    browser: Browser,
    base: string,
    from: string,
    target: string,
    form: Record<string, string> | ((html: string) => Record<string, string>),
  ) {
    const page = await browser.get(base, from)
    if (page.status !== 200) {
      this.report.unexpected.push(`form ${from}: ${page.status}`)
      return null
    }
    this.sent = true
    const fields = typeof form === 'function' ? form(page.body) : form
    return browser.request(base, 'POST', target, { _csrf: hiddenValue(page.body, '_csrf'), ...fields })
  }

  private chooseWrite(): (base: string) => Promise<void> {
    const roll = this.pick()
    if (roll < 0.35 || (roll < 0.65 && this.threads.length === 0)) return (base) => this.newThread(base)
    if (roll < 0.65) return (base) => this.newReply(base)
    if (roll < 0.85) return (base) => this.editPage(base)
    if (roll < 0.9) return (base) => this.newPage(base)
    return (base) => this.newBreakout(base)
  }

  private answer(kind: string, response: { status: number; location: string } | null) {
    if (response === null) return null
    if (response.status === 303) return response.location
    // The post limit answers with the form again; the next member takes over.
    if (response.status !== 429) this.report.unexpected.push(`${kind}: ${response.status}`)
    return null
  }

  private async newThread(base: string, again?: { marker: string; key: string }) {
    const marker = again?.marker ?? newMarker()
    const key = again?.key ?? randomUUID()
    const form = {
      title: `Kill loop vraag ${marker}`,
      kind: 'question',
      category_id: String(this.setup.categoryId),
      body: `Vraag ${marker} over ${this.link(marker)}.`,
      submission_key: key,
      action: 'save',
    }
    this.resend = (b) => {
      this.retried.push(key)
      return this.newThread(b, { marker, key })
    }
    this.report.attempts += 1
    const response = await this.submit(this.browser(), base, '/threads/new', '/threads', form)
    const location = this.answer('thread', response)
    if (!location) return
    const threadId = Number(/^\/threads\/(\d+)/.exec(location)?.[1])
    this.threads.push({ id: threadId, path: location })
    this.confirmed.push({ type: 'thread', marker, threadId, key })
  }

  private async newReply(base: string, again?: { marker: string; key: string; threadId: number }) {
    const thread = this.threads[Math.floor(this.pick() * this.threads.length)] as { id: number; path: string }
    const threadId = again?.threadId ?? thread.id
    const from = this.threads.find((t) => t.id === threadId)?.path ?? thread.path
    const marker = again?.marker ?? newMarker()
    const key = again?.key ?? randomUUID()
    this.resend = (b) => {
      this.retried.push(key)
      return this.newReply(b, { marker, key, threadId })
    }
    this.report.attempts += 1
    const response = await this.submit(this.browser(), base, from, `/threads/${threadId}/replies`, {
      body: `Antwoord ${marker} met ${this.link(marker)}.`,
      submission_key: key,
      action: 'save',
    })
    const location = this.answer('reply', response)
    if (!location) return
    const postId = Number(/#post-(\d+)$/.exec(location)?.[1])
    this.confirmed.push({ type: 'reply', marker, threadId, postId, key })
  }

  private async editPage(base: string) {
    const slug = this.setup.writers[this.index]?.pageSlug as string
    const marker = newMarker()
    this.editSequence += 1
    const sequence = this.editSequence
    this.report.attempts += 1
    const response = await this.submit(
      this.browser(),
      base,
      `/wiki/${slug}/edit`,
      `/wiki/${slug}`,
      (html) => ({
        base_revision: hiddenValue(html, 'base_revision'),
        title: `Kill Loop Pagina ${this.index}`,
        kind: 'page',
        body: `Versie ${sequence}: ${marker}, zie ${this.link(marker)}.`,
        summary_line: `bewerking ${marker}`,
        action: 'save',
      }),
    )
    if (!this.answer('edit', response)) return
    this.confirmed.push({ type: 'edit', marker, slug, sequence })
  }

  private async newPage(base: string) {
    const marker = newMarker()
    this.report.attempts += 1
    const response = await this.submit(this.browser(), base, '/wiki/new', '/wiki', {
      title: `Kill loop pagina ${marker}`,
      kind: 'page',
      body: `Nieuwe pagina ${marker} bij ${this.link(marker)}.`,
      summary_line: '',
      action: 'save',
    })
    const location = this.answer('page', response)
    if (!location) return
    this.confirmed.push({ type: 'page', marker, slug: location.replace(/^\/wiki\//, '') })
  }

  private async newBreakout(base: string) {
    const marker = newMarker()
    const slug = this.setup.sessionSlug
    this.report.attempts += 1
    const response = await this.submit(
      this.browser(),
      base,
      `/sessions/${slug}`,
      `/sessions/${slug}/breakouts`,
      {
        title: `Ruimte ${marker}`,
        participants: 'Anna de Vries\nBram Jansen',
        notes: `Notities ${marker} over ${this.link(marker)}.`,
      },
    )
    const location = this.answer('breakout', response)
    if (!location) return
    const breakoutId = Number(/#breakout-(\d+)$/.exec(location)?.[1])
    if (!breakoutId) return void this.report.unexpected.push(`breakout: refused (${location})`)
    this.confirmed.push({ type: 'breakout', marker, breakoutId })
  }
}

/** Items stored only in part. Each query names the item; an empty result is a pass. */
const halfWrittenChecks: [string, string][] = [
  [
    'thread without its opening post',
    `select 'thread ' || id from thread t
     where not exists (select 1 from post p where p.thread_id = t.id and p.number = 1)`,
  ],
  [
    'thread without its search entry',
    `select 'thread ' || id from thread t
     where not exists (select 1 from search_doc s where s.type = 'thread' and s.source_id = t.id)`,
  ],
  [
    'reply without its search entry',
    `select 'post ' || id from post p where p.number > 1 and p.deleted_at is null
     and not exists (select 1 from search_doc s where s.type = 'post' and s.source_id = p.id)`,
  ],
  ['post not rendered', `select 'post ' || id from post where body_html = ''`],
  [
    'post without its first revision',
    `select 'post ' || id from post p
     where not exists (select 1 from revision r where r.entity_type = 'post' and r.entity_id = p.id)`,
  ],
  [
    'post with [[links]] but no link rows',
    `select 'post ' || id from post p where p.body like '%[[%'
     and not exists (select 1 from link l where l.source_type = 'post' and l.source_id = p.id)`,
  ],
  [
    'reply count out of step',
    `select 'thread ' || t.id from thread t where t.reply_count != (select count(*) from post p
     where p.thread_id = t.id and p.number > 1 and p.hidden = 0 and p.deleted_at is null)`,
  ],
  ['page not rendered', `select 'page ' || id from page where body_html = '' and body != ''`],
  [
    'page whose latest revision is not its text',
    `select 'page ' || p.id from page p where not exists (select 1 from revision r
     where r.entity_type = 'page' and r.entity_id = p.id and r.number = p.revision and r.body = p.body)`,
  ],
  [
    'page without its search entry',
    `select 'page ' || id from page p
     where not exists (select 1 from search_doc s where s.type = 'page' and s.source_id = p.id)`,
  ],
  [
    'page with [[links]] but no link rows',
    `select 'page ' || id from page p where p.body like '%[[%'
     and not exists (select 1 from link l where l.source_type = 'page' and l.source_id = p.id)`,
  ],
  [
    'break-out without its search entry, revision or rendering',
    `select 'breakout ' || id from breakout b
     where not exists (select 1 from search_doc s where s.type = 'breakout' and s.source_id = b.id)
        or not exists (select 1 from revision r where r.entity_type = 'breakout' and r.entity_id = b.id)
        or (b.notes != '' and b.notes_html = '')`,
  ],
  [
    'link whose source is gone',
    `select 'link ' || id || ' from ' || source_type || ' ' || source_id from link l where
       (source_type = 'post' and not exists (select 1 from post where id = l.source_id))
    or (source_type = 'page' and not exists (select 1 from page where id = l.source_id))
    or (source_type = 'breakout' and not exists (select 1 from breakout where id = l.source_id))
    or (source_type = 'session' and not exists (select 1 from theme_session where id = l.source_id))
    or (source_type = 'idea' and not exists (select 1 from idea where id = l.source_id))`,
  ],
  [
    'search entry whose item is gone',
    `select 'search_doc ' || id from search_doc s where
       (type = 'thread' and not exists (select 1 from thread where id = s.source_id))
    or (type = 'post' and not exists (select 1 from post where id = s.source_id))
    or (type = 'page' and not exists (select 1 from page where id = s.source_id))
    or (type = 'breakout' and not exists (select 1 from breakout where id = s.source_id))`,
  ],
]

/** SQLite's own checks, the half-written queries and every confirmed write, on a stopped server's file. */
export function inspectDatabase(
  databasePath: string,
  confirmed: Confirmed[],
  retried: string[],
  report: KillLoopReport,
) {
  // Writable: FTS5 runs its integrity check as an insert (that changes nothing).
  const sqlite = new SQLite(databasePath)
  try {
    report.integrity = (sqlite.pragma('integrity_check') as { integrity_check: string }[])
      .map((row) => row.integrity_check)
      .join('; ')
    report.foreignKeyViolations = (sqlite.pragma('foreign_key_check') as unknown[]).length
    try {
      const problems: string[] = []
      for (const [index, entries] of [
        ['search_fts', "type <> 'post'"],
        ['search_fts_posts', "type = 'post'"],
        ['search_fts_titles', "type <> 'post' and title <> ''"],
      ]) {
        // FTS5's check of the index itself; the indexes hold no text, so what they index is compared
        // with search_doc by row id: an entry without a row, or a row without an entry, is drift.
        sqlite.prepare(`insert into ${index} (${index}) values ('integrity-check')`).run()
        const drift = sqlite
          .prepare(
            `select (select count(*) from (select rowid from ${index} except select id from search_doc where ${entries}))
               + (select count(*) from (select id from search_doc where ${entries} except select rowid from ${index}))`,
          )
          .pluck()
          .get() as number
        if (drift > 0) problems.push(`${index}: ${drift} entries differ from search_doc`)
      }
      report.searchIndexIntegrity = problems.length === 0 ? 'ok' : problems.join('; ')
    } catch (error) {
      report.searchIndexIntegrity = String(error)
    }
    for (const [what, query] of halfWrittenChecks) {
      for (const row of sqlite.prepare(query).pluck().all()) report.halfWritten.push(`${what}: ${row}`)
    }

    // biome-ignore lint/suspicious/noExplicitAny: rows of ad-hoc queries, read a column or two each
    const one = (query: string, ...params: unknown[]) => sqlite.prepare(query).get(...params) as any
    const hasSearchEntry = (type: string, id: number, marker: string) =>
      one(
        `select 1 from search_doc where type = ? and source_id = ? and (title || ' ' || body) like ?`,
        type,
        id,
        `%${marker}%`,
      )
    const hasLinks = (type: string, id: number) =>
      one(`select count(*) as n from link where source_type = ? and source_id = ?`, type, id).n >= 2
    const lastEdit = new Map<string, number>()
    for (const item of confirmed) {
      const lose = (why: string) => report.lost.push(`${item.type} ${item.marker}: ${why}`)
      if (item.type === 'thread') {
        const thread = one('select title from thread where id = ?', item.threadId)
        const post = one('select id, body from post where thread_id = ? and number = 1', item.threadId)
        if (!thread?.title.includes(item.marker)) lose('thread missing')
        else if (!post?.body.includes(item.marker)) lose('opening post missing')
        else if (!hasLinks('post', post.id)) lose('links missing')
        else if (!hasSearchEntry('thread', item.threadId, item.marker)) lose('search entry missing')
      } else if (item.type === 'reply') {
        const post = one('select thread_id, body from post where id = ?', item.postId)
        if (!post?.body.includes(item.marker) || post.thread_id !== item.threadId) lose('post missing')
        else if (!hasLinks('post', item.postId)) lose('links missing')
        else if (!hasSearchEntry('post', item.postId, item.marker)) lose('search entry missing')
      } else if (item.type === 'edit') {
        const revision = one(
          `select 1 from revision r join page p on p.id = r.entity_id
           where r.entity_type = 'page' and p.slug = ? and r.body like ?`,
          item.slug,
          `%${item.marker}%`,
        )
        if (!revision) lose('revision missing')
        lastEdit.set(item.slug, Math.max(lastEdit.get(item.slug) ?? 0, item.sequence))
      } else if (item.type === 'page') {
        const page = one('select id, body from page where slug = ?', item.slug)
        if (!page?.body.includes(item.marker)) lose('page missing')
        else if (!hasLinks('page', page.id)) lose('links missing')
        else if (!hasSearchEntry('page', page.id, item.marker)) lose('search entry missing')
      } else {
        const breakout = one('select notes from breakout where id = ?', item.breakoutId)
        if (!breakout?.notes.includes(item.marker)) lose('break-out missing')
        else if (!hasLinks('breakout', item.breakoutId)) lose('links missing')
        else if (!hasSearchEntry('breakout', item.breakoutId, item.marker)) lose('search entry missing')
      }
    }
    // A page never falls back behind its last confirmed edit (a later, unanswered one may be on top).
    for (const [slug, sequence] of lastEdit) {
      const body = String(one('select body from page where slug = ?', slug)?.body ?? '')
      const current = Number(/^Versie (\d+):/.exec(body)?.[1] ?? -1)
      if (current < sequence)
        report.lost.push(`edit of ${slug}: shows version ${current}, ${sequence} was confirmed`)
    }
    for (const key of new Set(retried)) {
      const n = one('select count(*) as n from post where submission_key = ?', key).n
      if (n > 1) report.duplicates.push(`submission ${key} stored ${n} times`)
    }
  } finally {
    sqlite.close()
  }
}

/** What the person would do: search for the text and find the item. */
async function searchFinds(base: string, browser: Browser, confirmed: Confirmed[], report: KillLoopReport) {
  const latestEdit = new Map<string, Confirmed & { type: 'edit' }>()
  for (const item of confirmed) {
    if (item.type === 'edit') {
      const seen = latestEdit.get(item.slug)
      if (!seen || seen.sequence < item.sequence) latestEdit.set(item.slug, item)
    }
  }
  for (const item of confirmed) {
    let expected: string
    if (item.type === 'thread') expected = `/threads/${item.threadId}-`
    else if (item.type === 'reply') expected = `/posts/${item.postId}"`
    else if (item.type === 'page') expected = `/wiki/${item.slug}"`
    else if (item.type === 'breakout') expected = `#breakout-${item.breakoutId}"`
    // Only a page's current text is in the index; older edits are in its history, checked above.
    else continue
    const response = await browser.get(base, `/search?q=${item.marker}`)
    if (response.status !== 200 || !response.body.includes(expected)) {
      report.lost.push(`${item.type} ${item.marker}: not found by search`)
    }
  }
}

export async function runKillLoop(options: KillLoopOptions): Promise<KillLoopReport> {
  const started = Date.now()
  const log = options.log ?? (() => {})
  const writers = options.writers ?? 3
  const maxLifeMs = options.maxLifeMs ?? 1500
  const startupKillShare = options.startupKillShare ?? 0.15
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31)
  const pick = seededRandom(seed)
  const directory = mkdtempSync(path.join(tmpdir(), 'leerplein-kill-loop-'))
  const databasePath = path.join(directory, 'leerplein.sqlite')
  const report: KillLoopReport = { ...emptyReport(databasePath), seed }
  const confirmed: Confirmed[] = []
  const retried: string[] = []
  const setup = await prepare(databasePath, writers)
  const state = new ServerState()
  let stopped = false
  const team = Array.from(
    { length: writers },
    (_, i) => new Writer(i, setup, state, report, confirmed, retried, seededRandom(seed + i + 1)),
  )
  const running = team.map((writer) => writer.run(() => stopped))
  const collect = (server: ServerProcess) => report.serverErrorLines.push(...server.errorLines)

  let server: ServerProcess | null = null
  try {
    while (report.kills < options.kills) {
      const life = startServer(databasePath)
      server = life
      let listened = false
      const generation = state.generation
      life.listening.then(
        (base) => {
          listened = true
          if (server === life && state.generation === generation) state.up(base)
        },
        () => {},
      )
      if (pick() < startupKillShare) {
        // Somewhere in the start: loading code, migrations, the search index check, listening.
        await sleep(300 + pick() * 1200)
        if (!listened) report.killsDuringStartup += 1
      } else {
        await life.listening
        await sleep(100 + pick() * (maxLifeMs - 100))
      }
      if (life.child.exitCode !== null || life.child.signalCode !== null) {
        throw new Error(
          `the server stopped by itself after ${report.kills} kills: ${life.stderr().slice(-2000)}`,
        )
      }
      state.down()
      life.child.kill('SIGKILL')
      await life.exited
      collect(life)
      server = null
      report.kills += 1
      log(`kill ${report.kills}/${options.kills}: ${confirmed.length} writes confirmed so far`)
    }
    // A last, clean start: the writers finish what they had in hand, then the checks run against it.
    server = startServer(databasePath)
    const base = await server.listening
    stopped = true
    state.up(base)
    await Promise.all(running)
    const checker = new Browser(setup.writers[0]?.members[0])
    await searchFinds(base, checker, confirmed, report)
    server.child.kill('SIGTERM')
    await server.exited
    collect(server)
    server = null
  } finally {
    stopped = true
    if (server) {
      server.child.kill('SIGKILL')
      await server.exited
    }
  }
  inspectDatabase(databasePath, confirmed, retried, report)
  for (const item of confirmed) report.confirmed[item.type] += 1
  report.confirmed.total = confirmed.length
  report.durationMs = Date.now() - started
  if (!options.keep) rmSync(directory, { recursive: true, force: true })
  return report
}
