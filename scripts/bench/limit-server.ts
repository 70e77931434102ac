// The upper bound for a page: the same bytes served from memory by a bare Fastify route. With a third
// argument, the route first spends that many microseconds of CPU, as a page's own work would: the
// benchmark uses it to show what a fixed amount of work per request costs on the machine it runs on.
import { readFileSync } from 'node:fs'
import Fastify from 'fastify'

const [file, port, work] = process.argv.slice(2)
if (!file || !port) throw new Error('usage: limit-server FILE PORT [WORK_MICROSECONDS]')
const body = readFileSync(file)
const workNanoseconds = BigInt(Math.round(Number(work ?? 0) * 1000))
const app = Fastify()
app.get('/*', (_request, reply) => {
  if (workNanoseconds > 0n) {
    const until = process.hrtime.bigint() + workNanoseconds
    while (process.hrtime.bigint() < until) {
      // busy on purpose: the work stands for a page's own
    }
  }
  reply.type('text/html; charset=utf-8').send(body)
})
await app.listen({ port: Number(port), host: '127.0.0.1' })
process.stdout.write('ready\n')
