import { setFlagsFromString } from 'node:v8'
import { loadConfig } from '../config.js'
import { startServer } from '../server.js'
import type { Command } from './command.js'

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Start the web server (PORT, HOST, DATABASE_PATH and the other variables in README.md).',
  usage: '  (no options; configure with environment variables)',
  options: {},
  async run() {
    // V8 lets the old generation grow to up to four times what survived the last full collection
    // before it collects again. Searches promote much short-lived data (ten at a time, each a few
    // milliseconds), so the heap grew by 150 MB of garbage under the benchmark's searches; at 1.5 times
    // the server's peak memory stays near 240 MB at no cost measured in speed (README, Performance).
    // The factor is read at each collection, so setting it here, before any load, takes effect.
    setFlagsFromString('--heap-growing-percent=50')
    const config = loadConfig()
    await startServer(config)
    // The server keeps the process alive; its signal handlers decide the exit code.
    return 0
  },
}
