import { readFileSync } from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { marked } from 'marked'
import { beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { addLife, cli, readFolder, tempDir } from './helpers.js'

describe('an export', () => {
  let dir: string
  let source: string

  beforeAll(async () => {
    dir = tempDir()
    source = path.join(dir, 'source.sqlite')
    expect((await cli(['demo'], source)).code).toBe(0)
  })

  it('holds wiki pages as plain markdown: front matter, then the page text as written', async () => {
    const out = path.join(dir, 'plain')
    expect((await cli(['export', out], source)).code).toBe(0)
    const db = new SQLite(source, { readonly: true })
    const pages = db.prepare('select slug, title, kind, body from page').all() as {
      slug: string
      title: string
      kind: string
      body: string
    }[]
    db.close()
    expect(pages.length).toBeGreaterThan(20)
    for (const page of pages) {
      const text = readFileSync(path.join(out, 'wiki/pages', `${page.slug}.md`), 'utf8')
      const match = /^---\n([\s\S]*?)\n---\n\n([\s\S]*)\n$/.exec(text)
      expect(match, page.slug).not.toBeNull()
      const facts = parse(match?.[1] ?? '') as Record<string, unknown>
      expect(facts).toMatchObject({ title: page.title, slug: page.slug, kind: page.kind })
      expect(match?.[2]).toBe(page.body)
      // Nothing but the page's own markdown below the front matter: no markup of the export's making.
      expect(match?.[2]).not.toMatch(/<!--|<div|\{"/)
      expect(marked.parse(match?.[2] ?? '')).toContain('<p>')
    }
    // Thread files read as a conversation: a heading per post with who wrote it and when.
    const thread = readFileSync(
      path.join(out, 'forum/threads/1-hoe-houden-jullie-dertig-partners-in-beweging-na-de-ondertekening.md'),
      'utf8',
    )
    expect(thread).toMatch(/^# Hoe houden jullie dertig partners in beweging na de ondertekening\?$/m)
    expect(thread).toMatch(/^### 2\. Joris Bakker · \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/m)
    // Session files are what `leerplein export-session` writes.
    const sessionFile = [...readFolder(out).keys()].find((f) => /^sessions\/.*\.md$/.test(f)) as string
    const slug = path.basename(sessionFile, '.md')
    const single = await cli(['export-session', slug], source)
    expect(readFileSync(path.join(out, sessionFile), 'utf8')).toBe(single.stdout)
  })

  it('never holds password hashes, login sessions, invitation or reset tokens', async () => {
    await addLife(source)
    const out = path.join(dir, 'private')
    expect((await cli(['export', out], source)).code).toBe(0)
    const db = new SQLite(source, { readonly: true })
    const values = (query: string) => (db.prepare(query).raw().all() as unknown[][]).flat().map(String)
    const secrets = [
      ...values('select password_hash from member where password_hash is not null'),
      ...values('select id, secret_hash from login_session'),
      ...values('select token_hash from invitation'),
      ...values('select token_hash from one_time_token'),
    ]
    db.close()
    expect(secrets.length).toBeGreaterThanOrEqual(9)
    const files = readFolder(out)
    for (const [name, text] of files) {
      for (const secret of secrets) expect(text.includes(secret), `${name} holds a secret`).toBe(false)
      expect(text, name).not.toMatch(/\$argon2|password_hash|secret_hash|token_hash|login_session/)
    }
  })
})
