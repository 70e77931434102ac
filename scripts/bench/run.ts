// npm run bench [-- --quick] [-- --out FILE]: generates a large community and one 100× smaller,
// serves both with the real server (built, production mode) and measures the main pages with wrk,
// as a visitor and as a logged-in member. Writes a table to the console and the figures as JSON.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { sessionCookie } from '../../src/auth/auth-plugin.js'
import { createSession } from '../../src/auth/sessions.js'
import { openDatabase } from '../../src/db/database.js'
import { threadPath } from '../../src/forum/thread-path.js'
import { projectRoot } from '../../src/paths.js'
import { type CommunitySize, generateCommunity, largeCommunity, scaled } from './generate.js'
import { combined, type LoadResult, loadGenerator, rssMegabytes, runLoad } from './load.js'
import { pickSome, spreadOver } from './sample.js'

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(projectRoot, 'reports', 'bench.json') },
    seconds: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
})
const quick = args.quick === true
const seconds = Number(args.seconds ?? (quick ? 3 : 10))
const warmupSeconds = quick ? 1 : 3
/**
 * Figures that are compared with each other (a thread page with its limit, the large community with
 * the small one) are measured in turns, this many windows each, instead of one after the other: this
 * shared machine's speed moves by a quarter over minutes, and a figure measured in a slower minute than
 * the one it was compared with moved the ratio by as much.
 */
const turns = quick ? 3 : 5
const connections = 10
const log = (line: string) => process.stdout.write(`${line}\n`)

type Role = 'visitor' | 'member'
const roles: Role[] = ['visitor', 'member']
interface Row {
  community: 'large' | 'small'
  page: string
  role: Role
  result: LoadResult
  /** Requests a second in each window, where the figure was measured in turns with others. */
  windows?: number[]
  /** How many different addresses the load asked for. */
  distinctPaths: number
  /** The same load from one connection: latency without queueing behind other requests. */
  single?: LoadResult
  /**
   * The server's largest resident memory while this figure was measured (for figures measured in
   * turns, while all the figures of those turns were).
   */
  rssMb: number
}

/** 200 queries: rare, common and very common words, phrases and prefixes. */
function queryMix(vocabulary: { rare: string[]; common: string[]; veryCommon: string[] }, phrases: string[]) {
  const queries = [
    ...pickSome(vocabulary.rare, 50, 1),
    ...pickSome(vocabulary.common, 40, 2),
    ...pickSome(vocabulary.veryCommon, 20, 3),
    ...pickSome(vocabulary.common, 20, 4).map((w, i) => `${w} ${vocabulary.veryCommon[i % 5]}`),
    ...pickSome(phrases, 30, 5).map((p) => `"${p}"`),
    ...pickSome(vocabulary.common, 20, 6).map((w) => w.slice(0, Math.max(3, Math.ceil(w.length / 2)))),
    ...pickSome(vocabulary.rare, 20, 7).map((w, i) => `${vocabulary.common[i % 30]} ${w.slice(0, 4)}`),
  ]
  return queries.slice(0, 200).map((q) => `/search?q=${encodeURIComponent(q)}`)
}

async function waitForServer(url: string, child: ChildProcess) {
  for (let i = 0; i < 600; i++) {
    if (ended(child)) throw new Error(`server ended (${child.exitCode ?? child.signalCode})`)
    try {
      const response = await fetch(url)
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`server did not answer at ${url}`)
}

// Ports from one counter, so that the servers up at once (two communities, the limit and its
// calibration) never draw the same one; the start is random, so that two runs at once rarely do.
let nextPort = 40000 + Math.floor(Math.random() * 20000)
const freePort = () => nextPort++

/** Whether the process has ended, by itself or by a signal. */
const ended = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null

async function stopServer(server: ChildProcess) {
  if (ended(server)) return
  server.kill('SIGTERM')
  await new Promise((r) => server.once('close', r))
}

/**
 * The figure of the large community's thread pages over as many distinct threads as the small one has:
 * not a target, but it tells how much of the thread pages' growth is the CPU cache (500 random pages do
 * not stay in it, the small community's 100 do) rather than the community's size.
 */
const fewThreadsPage = (count: number) => `thread (${count} threads)`

/**
 * The limit again with this much busy work (µs) per request: a calibration, not a target. On a
 * 2-core machine shared with the load generator, a server slower than wrk lets it fall asleep between
 * responses, and each response then pays for waking it; these figures show what any fixed amount of
 * work per request costs here, so the thread page's share can be read as work of its own.
 */
const calibrationWork = quick ? [20] : [10, 20, 30]
interface WorkedLimit {
  workMicroseconds: number
  result: LoadResult
}

/**
 * The work per request (µs) at which the bare route would answer `requestsPerSecond`: interpolated
 * in time per request between the calibration points, extrapolated past the last.
 */
function equivalentWork(requestsPerSecond: number, limit: LoadResult, worked: WorkedLimit[]) {
  const points = [{ workMicroseconds: 0, result: limit }, ...worked].map((w) => ({
    work: w.workMicroseconds,
    time: 1 / w.result.requestsPerSecond,
  }))
  const time = 1 / requestsPerSecond
  // The segment the time falls in, or the last one.
  const found = points.findIndex((point, i) => i > 0 && time <= point.time)
  const end = found === -1 ? points.length - 1 : found
  const [a, b] = [points[end - 1], points[end]]
  if (!a || !b) return 0
  return Math.max(0, a.work + ((time - a.time) / (b.time - a.time)) * (b.work - a.work))
}

/** A server under measurement: where it answers, its process, and its memory while it runs. */
interface Target {
  baseUrl: string
  pid: number
  /** The largest resident memory since `startFigure` (and over the whole run, `maxRss`). */
  figureRss: number
  maxRss: number
  startFigure(): void
}

/** Follows a server's resident memory every 100 ms until `stop`. */
function sampled(baseUrl: string, server: ChildProcess): Target & { stop(): void } {
  const pid = server.pid as number
  const target = {
    baseUrl,
    pid,
    figureRss: 0,
    maxRss: 0,
    startFigure() {
      target.figureRss = rssMegabytes(pid)
    },
    stop() {
      clearInterval(timer)
    },
  }
  const timer = setInterval(() => {
    if (ended(server)) return
    let rss: number
    try {
      rss = rssMegabytes(pid)
    } catch {
      return // gone between the check and the read
    }
    target.maxRss = Math.max(target.maxRss, rss)
    target.figureRss = Math.max(target.figureRss, rss)
  }, 100)
  return target
}

/**
 * A server process started and answering at `readyPath`, its memory followed; stopped again when it
 * does not come up.
 */
async function startProcess(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string },
  port: number,
  readyPath: string,
): Promise<{ target: Target; stop(): Promise<void> }> {
  const server = spawn(process.execPath, args, { ...options, stdio: ['ignore', 'ignore', 'inherit'] })
  const target = sampled(`http://127.0.0.1:${port}`, server)
  const stop = async () => {
    target.stop()
    await stopServer(server)
  }
  try {
    await waitForServer(`${target.baseUrl}${readyPath}`, server)
  } catch (error) {
    await stop()
    throw error
  }
  return { target, stop }
}

/** One load: `paths` on `target`, as `cookie` sends them, for `s` seconds. */
type Load = { target: Target; paths: string[]; cookie: string | null }
const measure = (load: Load, s: number, c = connections) =>
  runLoad({
    ...load,
    baseUrl: load.target.baseUrl,
    serverPid: load.target.pid,
    seconds: s,
    connections: c,
    workDir,
  })

/** A load warmed up, then measured for `seconds`. */
async function measured(load: Load): Promise<LoadResult> {
  await measure(load, warmupSeconds)
  return measure(load, seconds)
}

/** A window of a figure measured in turns: wrk takes whole seconds. */
const windowSeconds = Math.max(1, Math.round(seconds / turns))

/**
 * Loads warmed up, then measured in turns: `turns` windows of `windowSeconds` each. The figures
 * compared with each other then share the machine's slow and fast minutes alike; every other turn
 * goes the other way round, so that a steady drift within a turn does not favour the first load.
 */
async function measuredInTurns(loads: Load[]): Promise<{ result: LoadResult; windows: number[] }[]> {
  for (const load of loads) await measure(load, warmupSeconds)
  const windows: LoadResult[][] = loads.map(() => [])
  const order = [...loads.keys()]
  for (let turn = 0; turn < turns; turn++) {
    for (const i of turn % 2 === 0 ? order : [...order].reverse()) {
      windows[i]?.push(await measure(loads[i] as Load, windowSeconds))
    }
  }
  return windows.map((list) => ({ result: combined(list), windows: list.map((w) => w.requestsPerSecond) }))
}

/** A generated community and what the load asks of it. */
interface Community {
  name: 'large' | 'small'
  file: string
  counts: Record<string, number>
  pages: Record<string, string[]>
  /** The page name of the thread pages over as many threads as the small community has (large only). */
  fewThreadsPage: string | null
  memberSession: string
}

async function prepareCommunity(
  name: 'large' | 'small',
  size: CommunitySize,
  /** For the large community: how many threads the small one has (see fewThreadsPage). */
  fewThreads: number | null = null,
): Promise<Community> {
  const file = path.join(workDir, `${name}.sqlite`)
  log(`\n${name} community: generating…`)
  const started = Date.now()
  const generated = await generateCommunity(file, size, log)
  log(`  generated in ${((Date.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(generated.counts)}`)

  // What the load asks for: random threads (all have 50 posts), random sessions, the busiest deal.
  const database = openDatabase(file)
  const threads = await database.db.selectFrom('thread').select(['id', 'title']).execute()
  const sessions = await database.db
    .selectFrom('theme_session')
    .select('slug')
    .where('status', '=', 'published')
    .execute()
  const member = await database.db
    .selectFrom('member')
    .select('id')
    .where('role', '=', 'member')
    .executeTakeFirstOrThrow()
  const { token } = await createSession(database.db, member.id, 'bench')
  await database.close()
  return {
    name,
    file,
    counts: generated.counts,
    memberSession: `${sessionCookie}=${token}`,
    fewThreadsPage: fewThreads ? fewThreadsPage(fewThreads) : null,
    pages: {
      home: ['/'],
      thread: pickSome(threads, 500).map((t) => threadPath(t)),
      ...(fewThreads
        ? {
            [fewThreadsPage(fewThreads)]: pickSome(spreadOver(threads, fewThreads), 500).map((t) =>
              threadPath(t),
            ),
          }
        : {}),
      deal: [`/wiki/${generated.hotDealSlug}`],
      session: pickSome(sessions, 100).map((s) => `/sessions/${s.slug}`),
      search: queryMix(generated.vocabulary, generated.phrases),
      // The floor: a page with no content of its own, through the same hooks and layout as every page.
      floor: ['/privacy'],
    },
  }
}

/** A community served by the built server, checked page by page, with what each role's browser sends. */
interface Served {
  community: Community
  target: Target
  cookies: Record<Role, string>
  /** The member's view of the first thread page (the large community's is what the limit serves). */
  threadBytes: Buffer
  stop(): Promise<void>
}

async function serve(community: Community): Promise<Served> {
  const port = freePort()
  const { target, stop } = await startProcess(
    [path.join(projectRoot, 'dist', 'src', 'cli.js'), 'serve'],
    {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_PATH: community.file,
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
        // As `npm start` and the production unit in the README run it.
        MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
      },
    },
    port,
    '/healthz',
  )
  const baseUrl = target.baseUrl
  try {
    // What a browser sends once it has seen a page: the form-token secret, and the member's session.
    const cookies: Record<Role, string> = { visitor: '', member: community.memberSession }
    for (const role of roles) {
      const first = await fetch(`${baseUrl}/`, { headers: { cookie: cookies[role] } })
      const secret = first.headers.getSetCookie().find((c) => c.startsWith('_csrf='))
      if (!secret) throw new Error(`no form-token cookie for the ${role}`)
      cookies[role] = [cookies[role], secret.split(';')[0]].filter(Boolean).join('; ')
    }
    // Each page answers 200 for both roles, and the member really is logged in.
    let threadBytes: Buffer | null = null
    for (const [page, paths] of Object.entries(community.pages)) {
      for (const role of roles) {
        const response = await fetch(`${baseUrl}${paths[0]}`, {
          headers: { cookie: cookies[role] },
          redirect: 'manual',
        })
        const body = await response.text()
        if (response.status !== 200) throw new Error(`${page} as ${role}: ${response.status}`)
        if (role === 'member' && !body.includes('action="/logout"'))
          throw new Error(`${page}: member not logged in`)
        if (page === 'thread' && role === 'member') threadBytes = Buffer.from(body)
      }
    }
    if (!threadBytes) throw new Error('no thread page captured for the limit')
    return { community, target, cookies, threadBytes, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

/** The bare route serving `body` from memory, after `workMicroseconds` of busy work per request. */
async function serveLimit(body: Buffer, workMicroseconds = 0) {
  const file = path.join(workDir, 'thread.html')
  writeFileSync(file, body)
  const port = freePort()
  const { target, stop } = await startProcess(
    [
      '--import',
      'tsx',
      path.join(projectRoot, 'scripts', 'bench', 'limit-server.ts'),
      file,
      String(port),
      String(workMicroseconds),
    ],
    { cwd: projectRoot },
    port,
    '/',
  )
  return { workMicroseconds, load: { target, paths: ['/threads/limit'], cookie: null } satisfies Load, stop }
}

const printFigure = (label: string, role: string, result: LoadResult) =>
  log(
    `  ${label.padEnd(14)} ${role.padEnd(8)} ${result.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${result.p50Ms.toFixed(2)} ms  p99 ${result.p99Ms.toFixed(2)} ms  cpu ${result.cpuMsPerRequest.toFixed(3)} ms/req${result.errors ? `  ERRORS ${result.errors}` : ''}`,
  )

/** Every figure of the run: the large community's pages, the thread and search pages of both, the limit. */
async function measureAll(large: Served, small: Served) {
  const rows: Row[] = []
  const distinct = (paths: string[]) => new Set(paths).size
  const loadOf = (served: Served, page: string, role: Role): Load => ({
    target: served.target,
    paths: served.community.pages[page] as string[],
    cookie: served.cookies[role],
  })
  const row = (served: Served, page: string, role: Role, result: LoadResult, extra: Partial<Row> = {}) => {
    const done: Row = {
      community: served.community.name,
      page,
      role,
      result,
      distinctPaths: distinct(served.community.pages[page] as string[]),
      rssMb: served.target.figureRss,
      ...extra,
    }
    rows.push(done)
    printFigure(`${served.community.name} ${page}`, role, result)
    return done
  }

  log('\nthe large community alone')
  for (const page of Object.keys(large.community.pages)) {
    if (page === 'thread' || page === 'search' || page === large.community.fewThreadsPage) continue
    for (const role of roles) {
      large.target.startFigure()
      row(large, page, role, await measured(loadOf(large, page, role)))
    }
  }

  // The thread pages of both communities in turns, and for the member the limit and its calibration
  // in the same turns: the share of the limit and the work it reads as compare figures of one minute.
  log(`\nthread pages of the two communities, and for the member the limit, in turns (${turns} windows each)`)
  const limits: Awaited<ReturnType<typeof serveLimit>>[] = []
  let limitResult: { result: LoadResult; windows: number[] } | null = null
  const limitWithWork: WorkedLimit[] = []
  try {
    for (const workMicroseconds of [0, ...calibrationWork]) {
      limits.push(await serveLimit(large.threadBytes, workMicroseconds))
    }
    const few = large.community.fewThreadsPage
    for (const role of roles) {
      large.target.startFigure()
      small.target.startFigure()
      const loads = [loadOf(large, 'thread', role), loadOf(small, 'thread', role)]
      if (role === 'member') {
        // Over as many threads as the small community has (see fewThreadsPage).
        if (few) loads.push(loadOf(large, few, role))
        loads.push(...limits.map((limit) => limit.load))
      }
      const figures = await measuredInTurns(loads)
      const [l, s] = figures
      if (!l || !s) throw new Error('thread figures missing')
      row(large, 'thread', role, l.result, { windows: l.windows })
      row(small, 'thread', role, s.result, { windows: s.windows })
      if (role !== 'member') continue
      const rest = figures.slice(2)
      if (few) {
        const fewThreads = rest.shift()
        if (fewThreads) row(large, few, role, fewThreads.result, { windows: fewThreads.windows })
      }
      for (const [i, figure] of rest.entries()) {
        const workMicroseconds = limits[i]?.workMicroseconds ?? 0
        if (workMicroseconds === 0) limitResult = figure
        else limitWithWork.push({ workMicroseconds, result: figure.result })
        printFigure(workMicroseconds === 0 ? 'limit' : `limit + ${workMicroseconds} µs`, '–', figure.result)
      }
    }
  } finally {
    for (const limit of limits) await limit.stop()
  }
  if (!limitResult) throw new Error('the limit was not measured')
  log(
    `  the limit is the member's thread page (${large.threadBytes.length} bytes) from a Buffer in a bare Fastify route`,
  )

  // Search in both communities in turns; then the time one search takes, from one connection.
  log(`\nsearch, the two communities in turns (${turns} windows each)`)
  for (const role of roles) {
    large.target.startFigure()
    small.target.startFigure()
    const [l, s] = await measuredInTurns([loadOf(large, 'search', role), loadOf(small, 'search', role)])
    if (!l || !s) throw new Error('search figures missing')
    // With 10 connections a single-threaded server makes each request wait for the 9 others; the
    // time one search takes is measured with one connection.
    for (const [served, figure] of [
      [large, l],
      [small, s],
    ] as const) {
      const single = await measure(loadOf(served, 'search', role), seconds, 1)
      row(served, 'search', role, figure.result, { windows: figure.windows, single })
      log(
        `  ${`${served.community.name} search`.padEnd(14)} ${role.padEnd(8)} 1 connection: ${single.requestsPerSecond.toFixed(0)} req/s  p50 ${single.p50Ms.toFixed(2)} ms  p99 ${single.p99Ms.toFixed(2)} ms`,
      )
    }
  }
  return { rows, limit: limitResult.result, limitWindows: limitResult.windows, limitWithWork }
}

const generator = loadGenerator()
log(
  `Leerplein benchmark (${quick ? 'quick' : 'full'}), load generator: ${generator}, ${connections} connections, ${seconds} s per figure (compared figures in ${turns} turns)`,
)
execFileSync(path.join(projectRoot, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], {
  cwd: projectRoot,
  stdio: 'inherit',
})
const workDir = mkdtempSync(path.join(tmpdir(), 'leerplein-bench-'))
try {
  const largeSize = quick ? scaled(largeCommunity, 100) : largeCommunity
  const smallSize = scaled(largeSize, 100)
  const largeCommunityData = await prepareCommunity('large', largeSize, smallSize.threads)
  const smallCommunityData = await prepareCommunity('small', smallSize)
  // Both servers are up for the whole run, so that their figures can be measured in turns.
  const largeServer = await serve(largeCommunityData)
  let figures: Awaited<ReturnType<typeof measureAll>>
  let maxRss: number
  try {
    const smallServer = await serve(smallCommunityData)
    try {
      figures = await measureAll(largeServer, smallServer)
    } finally {
      await smallServer.stop()
    }
    maxRss = Math.max(largeServer.target.maxRss, smallServer.target.maxRss)
  } finally {
    await largeServer.stop()
  }
  const { limit, limitWithWork } = figures
  const large = {
    rows: figures.rows.filter((r) => r.community === 'large'),
    counts: largeCommunityData.counts,
  }
  const small = {
    rows: figures.rows.filter((r) => r.community === 'small'),
    counts: smallCommunityData.counts,
  }

  const find = (rows: Row[], page: string, role: Role) =>
    rows.find((r) => r.page === page && r.role === role)?.result as LoadResult
  const threadMember = find(large.rows, 'thread', 'member')
  const searchFigures = large.rows.filter((r) => r.page === 'search').map((r) => r.single as LoadResult)
  /** The large community's figure for `page` against the small one's for `smallPage`. */
  const growth = (page: string, role: Role, smallPage = page) => ({
    page,
    role,
    requestsPerSecondRatio:
      find(large.rows, page, role).requestsPerSecond / find(small.rows, smallPage, role).requestsPerSecond,
    p50Ratio: find(large.rows, page, role).p50Ms / find(small.rows, smallPage, role).p50Ms,
  })
  const growthRows = [
    growth('thread', 'visitor'),
    growth('thread', 'member'),
    growth('search', 'visitor'),
    growth('search', 'member'),
  ]
  // Not among the targets: the same ratio with as many distinct threads on both sides.
  const fewThreadsGrowth = growth(fewThreadsPage(smallSize.threads), 'member', 'thread')
  const threadWork =
    limitWithWork.length > 0 ? equivalentWork(threadMember.requestsPerSecond, limit, limitWithWork) : null
  const targets = {
    threadShareOfLimit: {
      value: threadMember.requestsPerSecond / limit.requestsPerSecond,
      target: '>= 0.35',
    },
    searchP99Ms: { value: Math.max(...searchFigures.map((r) => r.p99Ms)), target: '<= 25 (1 connection)' },
    searchP50Ms: { value: Math.max(...searchFigures.map((r) => r.p50Ms)), target: '<= 5 (1 connection)' },
    growthWorstRatio: {
      value: Math.min(...growthRows.map((g) => g.requestsPerSecondRatio)),
      target: '>= 0.75',
    },
    maxRssMb: { value: maxRss, target: '<= 300' },
  }
  const met = {
    threadShareOfLimit: targets.threadShareOfLimit.value >= 0.35,
    searchP99Ms: targets.searchP99Ms.value <= 25,
    searchP50Ms: targets.searchP50Ms.value <= 5,
    growthWorstRatio: targets.growthWorstRatio.value >= 0.75,
    maxRssMb: maxRss <= 300,
  }

  const wakeups = (r: LoadResult) => (r.wakeupsPerRequest === null ? '–' : r.wakeupsPerRequest.toFixed(2))
  log(
    '\n| community | page | role | addresses | req/s | p50 ms | p99 ms | CPU ms/req | wake-ups/req | RSS MB | 1 connection: p50 / p99 ms |',
  )
  log('|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|')
  for (const row of [...large.rows, ...small.rows]) {
    const r = row.result
    const single = row.single ? `${row.single.p50Ms.toFixed(2)} / ${row.single.p99Ms.toFixed(2)}` : ''
    log(
      `| ${row.community} | ${row.page} | ${row.role} | ${row.distinctPaths} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.cpuMsPerRequest.toFixed(3)} | ${wakeups(r)} | ${row.rssMb.toFixed(0)} | ${single} |`,
    )
  }
  log(
    `| limit | thread bytes from a Buffer | – | 1 | ${limit.requestsPerSecond.toFixed(0)} | ${limit.p50Ms.toFixed(2)} | ${limit.p99Ms.toFixed(2)} | ${limit.cpuMsPerRequest.toFixed(3)} | ${wakeups(limit)} | – | |`,
  )
  for (const { workMicroseconds, result: r } of limitWithWork) {
    log(
      `| limit | the same, with ${workMicroseconds} µs of work per request (not a target) | – | 1 | ${r.requestsPerSecond.toFixed(0)} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.cpuMsPerRequest.toFixed(3)} | ${wakeups(r)} | – | |`,
    )
  }
  if (threadWork !== null)
    log(
      `\nThe member's thread page answers as the bare route would with ${threadWork.toFixed(0)} µs of work per request.`,
    )
  log('\n| growth (large / small) | req/s ratio | p50 ratio |')
  log('|---|---:|---:|')
  for (const g of growthRows)
    log(`| ${g.page} ${g.role} | ${g.requestsPerSecondRatio.toFixed(2)} | ${g.p50Ratio.toFixed(2)} |`)
  log(
    `| ${fewThreadsGrowth.page} member, as many threads as the small community (not a target) | ${fewThreadsGrowth.requestsPerSecondRatio.toFixed(2)} | ${fewThreadsGrowth.p50Ratio.toFixed(2)} |`,
  )
  log('\n| target | measured | wanted | met |')
  log('|---|---:|---|---|')
  for (const [key, t] of Object.entries(targets)) {
    log(`| ${key} | ${t.value.toFixed(2)} | ${t.target} | ${met[key as keyof typeof met] ? 'yes' : 'NO'} |`)
  }
  log(`\nserver RSS at most ${maxRss.toFixed(0)} MB`)
  mkdirSync(path.dirname(args.out as string), { recursive: true })
  writeFileSync(
    args.out as string,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        mode: quick ? 'quick' : 'full',
        loadGenerator: generator,
        connections,
        seconds,
        turns,
        node: process.version,
        communities: { large: large.counts, small: small.counts },
        rows: [...large.rows, ...small.rows],
        limit,
        limitWindows: figures.limitWindows,
        limitWithWork,
        threadMemberWorkMicroseconds: threadWork,
        growth: growthRows,
        fewThreadsGrowth,
        maxRssMb: maxRss,
        targets,
        met,
      },
      null,
      2,
    )}\n`,
  )
  log(`figures written to ${path.relative(projectRoot, args.out as string)}`)
} finally {
  if (!args.keep) rmSync(workDir, { recursive: true, force: true })
  else log(`databases kept in ${workDir}`)
}
