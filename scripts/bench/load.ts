// Load from a second process with wrk (Debian's package), and the server's CPU time and memory read
// from /proc while it runs.
import { execFileSync, spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export interface LoadResult {
  requests: number
  seconds: number
  requestsPerSecond: number
  p50Ms: number
  p99Ms: number
  errors: number
  /** Server CPU time (user + system) per request, in milliseconds. */
  cpuMsPerRequest: number
  /**
   * Interrupts one CPU sent another to wake a task, per request, machine-wide (null where
   * /proc/interrupts is unreadable). A response that finds wrk asleep wakes it, and in a virtual
   * machine that costs the sender a VM exit: about 10 us of the server's time per response.
   */
  wakeupsPerRequest: number | null
}

/** Rescheduling and function-call interrupts so far, summed over the CPUs (Linux x86). */
function wakeupInterrupts(): number | null {
  try {
    let total = 0
    for (const line of readFileSync('/proc/interrupts', 'utf8').split('\n')) {
      const [name, ...counts] = line.trim().split(/\s+/)
      if (name !== 'RES:' && name !== 'CAL:') continue
      for (const count of counts) if (/^\d+$/.test(count)) total += Number(count)
    }
    return total
  } catch {
    return null
  }
}

export function loadGenerator(): string {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' })
  } catch (error) {
    // wrk prints its version and exits 1; only a missing binary throws ENOENT.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('wrk is not installed: sudo apt-get install wrk')
    }
  }
  return 'wrk'
}

const clockTicks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100

/** CPU seconds a process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the command name.
  return (Number(fields[11]) + Number(fields[12])) / clockTicks
}

export function rssMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  return kb / 1024
}

function luaString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`
}

/**
 * Runs wrk for `seconds` against `paths` (picked at random per request), with `cookie` when set.
 * Returns wrk's figures and the server's CPU time per request over the same interval.
 */
export async function runLoad(options: {
  baseUrl: string
  paths: string[]
  cookie: string | null
  seconds: number
  connections: number
  serverPid: number
  workDir: string
}): Promise<LoadResult> {
  const script = path.join(options.workDir, 'load.lua')
  writeFileSync(
    script,
    `local paths = { ${options.paths.map(luaString).join(', ')} }
local headers = {}
${options.cookie ? `headers["Cookie"] = ${luaString(options.cookie)}` : ''}
math.randomseed(os.time())
request = function()
  return wrk.format("GET", paths[math.random(#paths)], headers)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d\\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout + e.status, latency:percentile(50), latency:percentile(99)))
end
`,
  )
  const cpuBefore = cpuSeconds(options.serverPid)
  const wakeupsBefore = wakeupInterrupts()
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('wrk', [
      '-t1',
      `-c${options.connections}`,
      `-d${options.seconds}s`,
      '--timeout',
      '10s',
      '-s',
      script,
      options.baseUrl,
    ])
    let out = ''
    child.stdout.on('data', (chunk) => {
      out += chunk
    })
    child.stderr.on('data', (chunk) => {
      out += chunk
    })
    child.on('error', reject)
    child.on('close', () => resolve(out))
  })
  const cpu = cpuSeconds(options.serverPid) - cpuBefore
  const wakeupsAfter = wakeupInterrupts()
  const match = /RESULT (\d+) (\d+) (\d+) (\d+) (\d+)/.exec(output)
  if (!match) throw new Error(`wrk gave no result:\n${output}`)
  const [requests, durationUs, errors, p50Us, p99Us] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ]
  const seconds = durationUs / 1e6
  return {
    requests,
    seconds,
    requestsPerSecond: requests / seconds,
    p50Ms: p50Us / 1000,
    p99Ms: p99Us / 1000,
    errors,
    cpuMsPerRequest: requests > 0 ? (cpu * 1000) / requests : 0,
    wakeupsPerRequest:
      wakeupsBefore === null || wakeupsAfter === null || requests === 0
        ? null
        : (wakeupsAfter - wakeupsBefore) / requests,
  }
}

/**
 * One figure from the windows it was measured in: requests and time added up, CPU time and wake-ups
 * per request over all of them, the median window's p50 and the worst window's p99.
 */
export function combined(windows: readonly LoadResult[]): LoadResult {
  if (windows.length === 0) throw new Error('no windows to combine')
  const sum = (of: (r: LoadResult) => number) => windows.reduce((total, r) => total + of(r), 0)
  const requests = sum((r) => r.requests)
  const seconds = sum((r) => r.seconds)
  const p50s = windows.map((r) => r.p50Ms).sort((a, b) => a - b)
  const perRequest = (of: (r: LoadResult) => number) =>
    requests > 0 ? sum((r) => of(r) * r.requests) / requests : 0
  return {
    requests,
    seconds,
    requestsPerSecond: requests / seconds,
    p50Ms: p50s[Math.floor((p50s.length - 1) / 2)] as number,
    p99Ms: Math.max(...windows.map((r) => r.p99Ms)),
    errors: sum((r) => r.errors),
    cpuMsPerRequest: perRequest((r) => r.cpuMsPerRequest),
    wakeupsPerRequest: windows.some((r) => r.wakeupsPerRequest === null)
      ? null
      : perRequest((r) => r.wakeupsPerRequest as number),
  }
}
