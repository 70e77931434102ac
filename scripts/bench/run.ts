// npm run bench [-- --quick] [-- --out FILE]: generates a large community and one 100× smaller,
// serves each with the real server (built, production mode) and measures the main pages with wrk,
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
import { type LoadResult, loadGenerator, rssMegabytes, runLoad } from './load.js'

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
const connections = 10
const log = (line: string) => process.stdout.write(`${line}\n`)

type Role = 'visitor' | 'member'
interface Row {
  community: 'large' | 'small'
  page: string
  role: Role
  result: LoadResult
  /** The same load from one connection: latency without queueing behind other requests. */
  single?: LoadResult
  /** The server's largest resident memory while this figure was measured. */
  rssMb: number
}

function pickSome<T>(list: T[], count: number, seed = 7): T[] {
  let state = seed
  const out: T[] = []
  for (let i = 0; i < count && list.length > 0; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31
    out.push(list[state % list.length] as T)
  }
  return out
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
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`)
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

function freePort(base: number) {
  return base + Math.floor(Math.random() * 1000)
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

/** `count` items spread evenly over the list (threads from all through the table, none twice). */
function spreadOver<T>(list: T[], count: number): T[] {
  const step = Math.max(1, Math.floor(list.length / count))
  return list.filter((_, index) => index % step === 0).slice(0, count)
}

async function measureCommunity(
  name: 'large' | 'small',
  size: CommunitySize,
  workDir: string,
  /** For the large community: how many threads the small one has (see fewThreadsPage). */
  fewThreads: number | null = null,
) {
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
  const sessionOnly = `${sessionCookie}=${token}`
  const pages: Record<string, string[]> = {
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
  }

  const port = freePort(40000)
  const server = spawn(process.execPath, [path.join(projectRoot, 'dist', 'src', 'cli.js'), 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: file,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      // As `npm start` and the production unit in the README run it.
      MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const baseUrl = `http://127.0.0.1:${port}`
  let maxRss = 0
  // The largest since the figure being measured began, to show which figure it is.
  let figureRss = 0
  const sampler = setInterval(() => {
    if (!server.pid) return
    const rss = rssMegabytes(server.pid)
    maxRss = Math.max(maxRss, rss)
    figureRss = Math.max(figureRss, rss)
  }, 100)
  const rows: Row[] = []
  let threadBytes: Buffer | null = null
  let limit: LoadResult | null = null
  const limitWithWork: WorkedLimit[] = []
  // What a browser sends once it has seen a page: the form-token secret, and the member's session.
  const cookies: Record<Role, string> = { visitor: '', member: sessionOnly }
  try {
    await waitForServer(`${baseUrl}/healthz`, server)
    const pid = server.pid as number
    for (const role of ['visitor', 'member'] as Role[]) {
      const first = await fetch(`${baseUrl}/`, { headers: role === 'member' ? { cookie: sessionOnly } : {} })
      const secret = first.headers.getSetCookie().find((c) => c.startsWith('_csrf='))
      if (!secret) throw new Error(`no form-token cookie for the ${role}`)
      cookies[role] = [cookies[role], secret.split(';')[0]].filter(Boolean).join('; ')
    }
    // Each page answers 200 for both roles, and the member really is logged in.
    for (const [page, paths] of Object.entries(pages)) {
      for (const role of ['visitor', 'member'] as Role[]) {
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
    const scenarios = name === 'large' ? Object.keys(pages) : ['thread', 'search']
    for (const page of scenarios) {
      const roles: Role[] =
        fewThreads && page === fewThreadsPage(fewThreads) ? ['member'] : ['visitor', 'member']
      for (const role of roles) {
        const run = (s: number, c: number) =>
          runLoad({
            baseUrl,
            paths: pages[page] as string[],
            cookie: cookies[role],
            seconds: s,
            connections: c,
            serverPid: pid,
            workDir,
          })
        figureRss = rssMegabytes(pid)
        await run(warmupSeconds, connections)
        const result = await run(seconds, connections)
        // With 10 connections a single-threaded server makes each request wait for the 9 others; the
        // time one search takes is measured with one connection.
        const single = page === 'search' ? await run(seconds, 1) : undefined
        rows.push({ community: name, page, role, result, single, rssMb: figureRss })
        log(
          `  ${page.padEnd(8)} ${role.padEnd(8)} ${result.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${result.p50Ms.toFixed(2)} ms  p99 ${result.p99Ms.toFixed(2)} ms  cpu ${result.cpuMsPerRequest.toFixed(3)} ms/req${result.errors ? `  ERRORS ${result.errors}` : ''}`,
        )
        if (single) {
          log(
            `  ${page.padEnd(8)} ${role.padEnd(8)} 1 connection: ${single.requestsPerSecond.toFixed(0)} req/s  p50 ${single.p50Ms.toFixed(2)} ms  p99 ${single.p99Ms.toFixed(2)} ms`,
          )
        }
      }
      // The limit right after the thread page it is compared with: this machine's speed drifts by
      // up to a tenth over a run, and a limit measured minutes later moved the ratio with it.
      if (name === 'large' && page === 'thread' && threadBytes) {
        log(
          `  limit: the member's thread page (${threadBytes.length} bytes) from a Buffer in a bare Fastify route`,
        )
        limit = await measureLimit(threadBytes, workDir)
        log(
          `  limit             ${limit.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${limit.p50Ms.toFixed(2)} ms  p99 ${limit.p99Ms.toFixed(2)} ms`,
        )
        for (const workMicroseconds of calibrationWork) {
          const result = await measureLimit(threadBytes, workDir, workMicroseconds)
          limitWithWork.push({ workMicroseconds, result })
          log(
            `  limit + ${String(workMicroseconds).padStart(2)} µs    ${result.requestsPerSecond.toFixed(0).padStart(7)} req/s  cpu ${result.cpuMsPerRequest.toFixed(3)} ms/req`,
          )
        }
      }
    }
  } finally {
    clearInterval(sampler)
    server.kill('SIGTERM')
    await new Promise((r) => server.once('close', r))
  }
  return { rows, maxRss, counts: generated.counts, limit, limitWithWork }
}

async function measureLimit(body: Buffer, workDir: string, workMicroseconds = 0): Promise<LoadResult> {
  const file = path.join(workDir, 'thread.html')
  writeFileSync(file, body)
  const port = freePort(41000)
  const server = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(projectRoot, 'scripts', 'bench', 'limit-server.ts'),
      file,
      String(port),
      String(workMicroseconds),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], cwd: projectRoot },
  )
  try {
    await waitForServer(`http://127.0.0.1:${port}/`, server)
    const run = (s: number) =>
      runLoad({
        baseUrl: `http://127.0.0.1:${port}`,
        paths: ['/threads/limit'],
        cookie: null,
        seconds: s,
        connections,
        serverPid: server.pid as number,
        workDir,
      })
    await run(warmupSeconds)
    return await run(seconds)
  } finally {
    server.kill('SIGTERM')
    await new Promise((r) => server.once('close', r))
  }
}

const generator = loadGenerator()
log(
  `Leerplein benchmark (${quick ? 'quick' : 'full'}), load generator: ${generator}, ${connections} connections, ${seconds} s per figure`,
)
execFileSync(path.join(projectRoot, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], {
  cwd: projectRoot,
  stdio: 'inherit',
})
const workDir = mkdtempSync(path.join(tmpdir(), 'leerplein-bench-'))
try {
  const largeSize = quick ? scaled(largeCommunity, 100) : largeCommunity
  const smallSize = scaled(largeSize, 100)
  const large = await measureCommunity('large', largeSize, workDir, smallSize.threads)
  const small = await measureCommunity('small', smallSize, workDir)
  const limit = large.limit
  if (!limit) throw new Error('no thread page captured for the limit')

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
  const maxRss = Math.max(large.maxRss, small.maxRss)
  const threadWork =
    large.limitWithWork.length > 0
      ? equivalentWork(threadMember.requestsPerSecond, limit, large.limitWithWork)
      : null
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
    '\n| community | page | role | req/s | p50 ms | p99 ms | CPU ms/req | wake-ups/req | RSS MB | 1 connection: p50 / p99 ms |',
  )
  log('|---|---|---|---:|---:|---:|---:|---:|---:|---:|')
  for (const row of [...large.rows, ...small.rows]) {
    const r = row.result
    const single = row.single ? `${row.single.p50Ms.toFixed(2)} / ${row.single.p99Ms.toFixed(2)}` : ''
    log(
      `| ${row.community} | ${row.page} | ${row.role} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.cpuMsPerRequest.toFixed(3)} | ${wakeups(r)} | ${row.rssMb.toFixed(0)} | ${single} |`,
    )
  }
  log(
    `| limit | thread bytes from a Buffer | – | ${limit.requestsPerSecond.toFixed(0)} | ${limit.p50Ms.toFixed(2)} | ${limit.p99Ms.toFixed(2)} | ${limit.cpuMsPerRequest.toFixed(3)} | ${wakeups(limit)} | – | |`,
  )
  for (const { workMicroseconds, result: r } of large.limitWithWork) {
    log(
      `| limit | the same, with ${workMicroseconds} µs of work per request (not a target) | – | ${r.requestsPerSecond.toFixed(0)} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.cpuMsPerRequest.toFixed(3)} | ${wakeups(r)} | – | |`,
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
        node: process.version,
        communities: { large: large.counts, small: small.counts },
        rows: [...large.rows, ...small.rows],
        limit,
        limitWithWork: large.limitWithWork,
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
