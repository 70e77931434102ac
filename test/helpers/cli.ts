// Runs a `leerplein` command in this process, as the command line would, and collects what it writes.
import { PassThrough } from 'node:stream'
import { runCli } from '../../src/cli/run.js'

export interface CliOutcome {
  code: number
  stdout: string
  stderr: string
}

/** `env` is added to process.env for the duration of the command and taken away again after it. */
export async function runCliCaptured(args: string[], env: Record<string, string> = {}): Promise<CliOutcome> {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  const out: string[] = []
  const err: string[] = []
  stdout.on('data', (chunk) => out.push(String(chunk)))
  stderr.on('data', (chunk) => err.push(String(chunk)))
  const saved = { ...process.env }
  Object.assign(process.env, env)
  try {
    const code = await runCli(args, { stdout, stderr, stdin: new PassThrough() })
    return { code, stdout: out.join(''), stderr: err.join('') }
  } finally {
    process.env = saved
  }
}
