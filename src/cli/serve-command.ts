import { loadConfig } from '../config.js'
import { startServer } from '../server.js'
import type { Command } from './command.js'

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Start the web server (PORT, HOST, DATABASE_PATH and the other variables in README.md).',
  usage: '  (no options; configure with environment variables)',
  options: {},
  async run() {
    const config = loadConfig()
    await startServer(config)
    // The server keeps the process alive; its signal handlers decide the exit code.
    return 0
  },
}
