import { describe, expect, it } from 'vitest'
import { parseMarkdownFile, writeMarkdownFile } from '../../src/export/markdown-file.js'
import { MemberRefReader, MemberRefWriter, parseMemberRef } from '../../src/export/member-refs.js'
import { Problems } from '../../src/export/problems.js'
import { readSessionFiles, type SessionRow, writeSessionFiles } from '../../src/export/session-files.js'
import {
  type PostRow,
  readThreadFile,
  type ThreadRow,
  writeThreadFile,
} from '../../src/export/thread-file.js'

const awkwardTexts = [
  '',
  'one line',
  'ends with a newline\n',
  '\n\nstarts and ends blank\n\n',
  'windows\r\nline endings\r\n',
  '---\nlooks like front matter\n---',
  '<!-- post {"number":1} -->\n\\<!-- post escaped once\n\\\\<!-- post twice',
  '### 2. Someone · 2026-01-01 10:00 UTC\n\nlooks like a heading',
]

describe('export files', () => {
  it('keep any text exactly below the front matter', () => {
    for (const body of awkwardTexts) {
      const problems = new Problems()
      const parsed = parseMarkdownFile('x.md', writeMarkdownFile({ title: 'T' }, body), problems)
      expect(problems.list).toEqual([])
      expect(parsed?.body).toBe(body)
    }
  })

  it('keep every post of a thread exactly, whatever its text looks like', () => {
    const members = new MemberRefWriter([{ id: 1, email: 'a@b.nl', display_name: 'A <B>' }])
    const thread = {
      id: 7,
      title: 'Titel',
      kind: 'question',
      author_id: 1,
      category_id: 1,
      created_at: '2026-01-01T10:00:00.000Z',
      last_activity_at: '2026-01-02T10:00:00.000Z',
      reply_count: 3,
      pinned: 0,
      locked: 1,
      hidden: 0,
      accepted_post_id: 12,
    } as ThreadRow
    const posts = awkwardTexts.map(
      (body, index) =>
        ({
          id: 10 + index,
          thread_id: 7,
          number: index + 1,
          author_id: index % 2 ? 1 : null,
          body,
          body_html: '',
          revision: 1,
          hidden: 0,
          deleted_at: null,
          edited_at: null,
          submission_key: null,
          created_at: '2026-01-01T10:00:00.000Z',
        }) as PostRow,
    )
    const problems = new Problems()
    const text = writeThreadFile(thread, posts, 'vragen', members, new Set())
    const file = parseMarkdownFile('t.md', text, problems)
    const parsed = file ? readThreadFile(file, problems) : null
    expect(problems.list).toEqual([])
    expect(parsed?.posts.map((p) => p.body)).toEqual(awkwardTexts)
    expect(parsed?.facts.values).toMatchObject({ accepted_answer: 3, locked: true, pinned: false })
    expect(parsed?.posts[1]?.facts.values.author).toBe('A <B> <a@b.nl>')
  })

  it('name members by address, or by id once the address is erased', () => {
    const writer = new MemberRefWriter([
      { id: 1, email: 'sanne@example.nl', display_name: 'Sanne' },
      { id: 2, email: null, display_name: null },
    ])
    expect(writer.ref(1)).toBe('Sanne <sanne@example.nl>')
    expect(writer.ref(2)).toBe('<member-2>')
    const reader = new MemberRefReader()
    reader.add({ id: 1, email: 'sanne@example.nl', display_name: 'Sanne' })
    reader.add({ id: 2, email: null, display_name: null })
    expect(reader.exportedId('Iemand anders <SANNE@example.nl>')).toBe(1)
    expect(reader.exportedId('<member-2>')).toBe(2)
    expect(reader.exportedId('<member-3>')).toBeUndefined()
    expect(parseMemberRef('no brackets')).toBeNull()
  })

  it('keep exact session values only while the markdown is unchanged', () => {
    const session = {
      id: 1,
      slug: '2026-03-09-sessie',
      title: 'Sessie',
      series: 'Reeks',
      number: 1,
      starts_at: '2026-03-09T14:30:30.000Z',
      ends_at: '2026-03-09T16:00:00.000Z',
      format: 'online',
      location: '',
      status: 'published',
      summary: ' met spaties ',
      report: 'Verslag',
      report_html: '',
      revision: 1,
      published_at: null,
      published_by: null,
      created_by: null,
      created_at: '2026-03-01T10:00:00.000Z',
      updated_at: '2026-03-01T10:00:00.000Z',
    } as SessionRow
    const written = writeSessionFiles(
      {
        session,
        tags: { moderator: [], speaker: [], participant: [], theme: [] },
        breakouts: [],
        ideas: [],
        votes: new Map(),
        sessionSlug: () => null,
      },
      new MemberRefWriter([]),
    )
    const files = { markdown: 's.md', facts: 's.json' }
    const problems = new Problems()
    const same = readSessionFiles(files, written.markdown, written.facts, problems)
    expect(same?.content).toMatchObject({ starts_at: session.starts_at, summary: session.summary })
    const edited = readSessionFiles(
      files,
      written.markdown.replace('Sessie', 'Andere sessie'),
      written.facts,
      problems,
    )
    expect(edited?.content).toMatchObject({
      title: 'Andere sessie',
      starts_at: '2026-03-09T14:30:00.000Z',
      summary: 'met spaties',
    })
    expect(problems.list).toEqual([])
  })
})
