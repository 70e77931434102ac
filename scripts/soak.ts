// `npm run soak`: the kill loop of test/faults for longer, by hand (SOAK_KILLS=200 npm run soak).
// Prints the figures the issue asks for and exits 1 when anything was lost or is damaged.
import { runKillLoop } from '../test/faults/kill-loop.js'

function count(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1) {
    process.stderr.write(`${name} must be a whole number of 1 or more, not "${raw}"\n`)
    process.exit(2)
  }
  return value
}

const kills = count('SOAK_KILLS', 200)
const writers = count('SOAK_WRITERS', 3)
const maxLifeMs = count('SOAK_MAX_LIFE_MS', 2000)
const seed = process.env.SOAK_SEED ? count('SOAK_SEED', 1) : undefined
const keep = process.env.SOAK_KEEP === '1'

process.stdout.write(`Soak: ${kills} kills, ${writers} writers, servers live up to ${maxLifeMs} ms\n`)
const report = await runKillLoop({
  kills,
  writers,
  maxLifeMs,
  keep,
  ...(seed === undefined ? {} : { seed }),
  log: (line) => process.stdout.write(`  ${line}\n`),
}).catch((error: unknown) => {
  // A server that no longer starts after a kill is the worst outcome the soak can find.
  process.stderr.write(`Soak stopped: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})

const c = report.confirmed
const lines = [
  '',
  `seed                  ${report.seed}`,
  `duration              ${(report.durationMs / 1000).toFixed(1)} s`,
  `kills                 ${report.kills} (${report.killsDuringStartup} while starting)`,
  `writes attempted      ${report.attempts}`,
  `writes confirmed      ${c.total} (threads ${c.thread}, replies ${c.reply}, page edits ${c.edit}, new pages ${c.page}, break-outs ${c.breakout})`,
  `answers lost to kill  ${report.unanswered}`,
  `items lost            ${report.lost.length}`,
  `half-written items    ${report.halfWritten.length}`,
  `duplicates on resend  ${report.duplicates.length}`,
  `unexpected answers    ${report.unexpected.length}`,
  `integrity_check       ${report.integrity}`,
  `foreign_key_check     ${report.foreignKeyViolations} violations`,
  `search index check    ${report.searchIndexIntegrity}`,
  `server error lines    ${report.serverErrorLines.length}`,
  ...(keep ? [`database              ${report.databasePath}`] : []),
]
for (const [title, items] of [
  ['lost', report.lost],
  ['half-written', report.halfWritten],
  ['duplicates', report.duplicates],
  ['unexpected', report.unexpected],
  ['server errors', report.serverErrorLines],
] as const) {
  if (items.length > 0) lines.push('', `${title}:`, ...items.slice(0, 20).map((item) => `  ${item}`))
}
process.stdout.write(`${lines.join('\n')}\n`)

const healthy =
  report.lost.length === 0 &&
  report.halfWritten.length === 0 &&
  report.duplicates.length === 0 &&
  report.integrity === 'ok' &&
  report.foreignKeyViolations === 0 &&
  report.searchIndexIntegrity === 'ok'
process.exit(healthy ? 0 : 1)
