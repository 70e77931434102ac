#!/usr/bin/env node
// The `leerplein` command. Each subcommand lives in src/cli/ and is listed in commands.ts.
import { runCli } from './cli/run.js'

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
})
