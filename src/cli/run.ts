import { parseArgs } from 'node:util'
import { ConfigError } from '../config.js'
import { type CliIo, type Command, UsageError } from './command.js'
import { commands } from './commands.js'

function toolHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length))
  return [
    'Usage: leerplein <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `leerplein <command> --help` for the options of a command.',
    'Configuration comes from environment variables; see README.md.',
    '',
  ].join('\n')
}

function commandHelp(command: Command): string {
  const args = command.positionals ? ` ${command.positionals}` : ''
  return `Usage: leerplein ${command.name} [options]${args}\n\n${command.summary}\n\n${command.usage}\n  --help       Show this help\n`
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(toolHelp())
    return name === undefined ? 2 : 0
  }
  const command = commands.find((c) => c.name === name)
  if (!command) {
    io.stderr.write(`leerplein: unknown command "${name}"; run "leerplein --help" for the list.\n`)
    return 2
  }
  let values: Record<string, string | boolean | undefined>
  let positionals: string[] = []
  try {
    const parsed = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: command.positionals !== undefined,
    })
    values = parsed.values as Record<string, string | boolean | undefined>
    positionals = parsed.positionals
  } catch (error) {
    io.stderr.write(
      `leerplein ${command.name}: ${firstLine(error)}; see "leerplein ${command.name} --help".\n`,
    )
    return 2
  }
  if (values.help) {
    io.stdout.write(commandHelp(command))
    return 0
  }
  try {
    return await command.run(values, io, positionals)
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UsageError) {
      io.stderr.write(`${error.message}\n`)
      return error instanceof UsageError ? 2 : 1
    }
    throw error
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return (message.split('\n')[0] ?? message).replace(/\. To specify.*$/, '').replace(/\.$/, '')
}
