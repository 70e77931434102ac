import type { ParseArgsConfig } from 'node:util'

export interface CliIo {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  stdin: NodeJS.ReadableStream & { isTTY?: boolean }
}

export type CliOptions = NonNullable<ParseArgsConfig['options']>

export interface Command<O extends CliOptions = CliOptions> {
  name: string
  summary: string
  /** Lines after the usage line in `--help`, one per option. */
  usage: string
  options: O
  /** Resolves to the process exit code. */
  run(values: Record<string, string | boolean | undefined>, io: CliIo): Promise<number>
}

/** A failure the person can fix; printed as one line without a stack trace. */
export class UsageError extends Error {}
