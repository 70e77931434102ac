// The real server as a child process, and a small HTTP client for it. node:http with a fresh connection
// per request on purpose: a pooled keep-alive socket to a killed server would fail the first request
// on the next one, which the fault tests would then misread as a kill.
import { type ChildProcess, spawn } from 'node:child_process'
import http from 'node:http'
import path from 'node:path'
import { projectRoot } from '../../src/paths.js'

export interface ServerProcess {
  child: ChildProcess
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<string>
  /** Resolves with the base URL once the server listens; rejects when it dies first. */
  listening: Promise<string>
  /** Log lines at level error or worse, as written. */
  errorLines: string[]
  /** Everything written to stderr, for a failure message. */
  stderr: () => string
}

/**
 * Starts `leerplein serve` from the TypeScript sources through tsx, as the CLI tests do: no build
 * step that could be stale, and the process killed is the server itself, not a wrapper.
 */
export function startServer(databasePath: string, env: Record<string, string> = {}): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src/cli.ts'), 'serve'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      // Info is the lowest level that prints the listening line the port is read from.
      LOG_LEVEL: 'info',
      DATABASE_PATH: databasePath,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const errorLines: string[] = []
  let stderr = ''
  let pending = ''
  let resolveListening: (url: string) => void = () => {}
  let rejectListening: (error: Error) => void = () => {}
  const listening = new Promise<string>((resolve, reject) => {
    resolveListening = resolve
    rejectListening = reject
  })
  // A kill before the listening line is normal in the loop; nobody may be waiting then.
  listening.catch(() => {})
  child.stdout?.setEncoding('utf8')
  child.stdout?.on('data', (chunk: string) => {
    pending += chunk
    const lines = pending.split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) {
      const match = /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/.exec(line)
      if (match?.[1]) resolveListening(match[1])
      const level = /"level":(\d+)/.exec(line)
      if (level && Number(level[1]) >= 50) errorLines.push(line)
    }
  })
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk
  })
  const exited = new Promise<string>((resolve) => {
    child.on('exit', (code, signal) => {
      rejectListening(new Error(`server exited (${signal ?? code}) before listening: ${stderr.slice(-2000)}`))
      resolve(signal ?? String(code))
    })
  })
  return { child, exited, listening, errorLines, stderr: () => stderr }
}

export interface Response {
  status: number
  location: string
  body: string
}

/** A browser's cookie jar and form handling, enough for the forms the fault tests fill in. */
export class Browser {
  readonly cookies = new Map<string, string>()

  constructor(cookies: Record<string, string> = {}) {
    for (const [name, value] of Object.entries(cookies)) this.cookies.set(name, value)
  }

  request(base: string, method: 'GET' | 'POST', target: string, form?: Record<string, string>) {
    const url = new URL(target, base)
    const payload = form ? new URLSearchParams(form).toString() : undefined
    const headers: Record<string, string> = {
      cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
    }
    if (payload !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      headers['content-length'] = String(Buffer.byteLength(payload))
      headers.origin = url.origin
    }
    return new Promise<Response>((resolve, reject) => {
      const req = http.request(url, { method, headers, agent: false, timeout: 20_000 }, (res) => {
        this.remember(res.headers['set-cookie'] ?? [])
        res.setEncoding('utf8')
        let body = ''
        res.on('data', (chunk: string) => {
          body += chunk
        })
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, location: String(res.headers.location ?? ''), body }),
        )
        res.on('error', reject)
      })
      req.on('timeout', () => req.destroy(new Error('request timed out')))
      req.on('error', reject)
      req.end(payload)
    })
  }

  get(base: string, target: string) {
    return this.request(base, 'GET', target)
  }

  private remember(setCookies: string[]) {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';')
      const at = pair.indexOf('=')
      if (at < 1) continue
      const name = pair.slice(0, at).trim()
      const value = pair.slice(at + 1).trim()
      const expired = attributes.some((a) => {
        const [key = '', v = ''] = a.trim().split('=')
        const lower = key.toLowerCase()
        return (lower === 'max-age' && Number(v) <= 0) || (lower === 'expires' && Date.parse(v) < Date.now())
      })
      if (expired || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }
}

export function hiddenValue(html: string, name: string): string {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? ''
}
