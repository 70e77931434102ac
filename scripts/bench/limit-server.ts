// The upper bound for a page: the same bytes served from memory by a bare Fastify route.
import { readFileSync } from 'node:fs'
import Fastify from 'fastify'

const [file, port] = process.argv.slice(2)
if (!file || !port) throw new Error('usage: limit-server FILE PORT')
const body = readFileSync(file)
const app = Fastify()
app.get('/*', (_request, reply) => {
  reply.type('text/html; charset=utf-8').send(body)
})
await app.listen({ port: Number(port), host: '127.0.0.1' })
process.stdout.write('ready\n')
