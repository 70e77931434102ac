// Static files under /static/ with the content hash in the name (style.3f9a1c2b7d.css), so they can be
// cached for a year and a new release is still picked up at once.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import fp from 'fastify-plugin'
import { staticDir } from '../paths.js'
import { notFound } from './http-error.js'

type Manifest = Map<string, string>

function buildManifest(dir: string): Manifest {
  const manifest: Manifest = new Map()
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const relative = path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')
    const hash = createHash('sha256')
      .update(readFileSync(path.join(dir, relative)))
      .digest('hex')
      .slice(0, 10)
    manifest.set(relative, hash)
  }
  return manifest
}

function fingerprinted(file: string, hash: string): string {
  const ext = path.posix.extname(file)
  return `${file.slice(0, file.length - ext.length)}.${hash}${ext}`
}

export default fp(
  async (app) => {
    let manifest = buildManifest(staticDir)
    const current = () => {
      // While developing, pick up edited files without a restart.
      if (app.config.development) manifest = buildManifest(staticDir)
      return manifest
    }
    app.decorate('assetUrl', (file: string) => {
      const hash = current().get(file)
      if (!hash) throw new Error(`unknown static file ${file}`)
      return `/static/${fingerprinted(file, hash)}`
    })

    await app.register(fastifyStatic, { root: staticDir, serve: false })
    app.get('/static/*', { config: { access: 'always', bare: true } }, async (request, reply) => {
      const requested = (request.params as { '*': string })['*']
      const match = /^(.*)\.([0-9a-f]{10})(\.[a-z0-9]+)$/.exec(requested)
      const file = match ? `${match[1]}${match[3]}` : requested
      const hash = current().get(file)
      if (hash !== undefined && hash === match?.[2]) {
        return reply.sendFile(file, { immutable: true, maxAge: '365d', cacheControl: true })
      }
      // Unfingerprinted or outdated names still work, but must be revalidated.
      if (hash !== undefined) return reply.sendFile(file, { maxAge: 0, cacheControl: true })
      throw notFound()
    })
  },
  { name: 'assets' },
)

declare module 'fastify' {
  interface FastifyInstance {
    /** The cache-busting URL of a file in static/, e.g. assetUrl('style.css'). */
    assetUrl(file: string): string
  }
}
