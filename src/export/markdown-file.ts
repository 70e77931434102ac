// A markdown file with YAML front matter: the facts of an item between `---` lines, then its text
// exactly as stored. Any editor and most static-site tools read this; the text needs no escaping
// because it is everything after the front matter.
import { isMap, isScalar, LineCounter, parseDocument, stringify } from 'yaml'
import type { RawField, RawRecord } from './field-reader.js'
import type { Problems } from './problems.js'

export function frontMatterYaml(data: Record<string, unknown>): string {
  // No line folding: a long title stays on one line, and the output never depends on a width.
  return stringify(data, { lineWidth: 0 })
}

/** The body follows one blank line; the file ends with one newline more than the body has. */
export function writeMarkdownFile(data: Record<string, unknown>, body: string): string {
  return `---\n${frontMatterYaml(data)}---\n\n${body}\n`
}

export interface MarkdownFile {
  record: RawRecord
  body: string
  /** Line number of the body's first line in the file. */
  bodyLine: number
}

export function parseMarkdownFile(file: string, text: string, problems: Problems): MarkdownFile | null {
  const lines = text.split('\n')
  if (lines[0]?.replace(/\r$/, '') !== '---') {
    problems.add(file, 1, 'expected front matter: the file must start with a line "---"')
    return null
  }
  const close = lines.findIndex((line, index) => index > 0 && line.replace(/\r$/, '') === '---')
  if (close < 0) {
    problems.add(file, 1, 'the front matter has no closing line "---"')
    return null
  }
  const lineCounter = new LineCounter()
  const yaml = lines.slice(1, close).join('\n')
  const doc = parseDocument(yaml, { lineCounter, schema: 'core', uniqueKeys: true })
  // The front matter starts on the file's second line.
  const lineAt = (offset: number) => lineCounter.linePos(offset).line + 1
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      // The YAML parser counts lines from the front matter; the file's line is what a person opens.
      const message = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')
      problems.add(file, (error.linePos?.[0].line ?? 1) + 1, message || 'not valid YAML')
    }
    return null
  }
  const fields = new Map<string, RawField>()
  if (doc.contents !== null) {
    if (!isMap(doc.contents)) {
      problems.add(file, 2, 'the front matter must be a list of "name: value" lines')
      return null
    }
    const values = doc.toJS() as Record<string, unknown>
    for (const pair of doc.contents.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : ''
      const line = isScalar(pair.key) && pair.key.range ? lineAt(pair.key.range[0]) : 2
      fields.set(key, { value: values[key] ?? null, line })
    }
  }
  let rest = lines.slice(close + 1).join('\n')
  let bodyLine = close + 2
  if (rest.startsWith('\n')) {
    rest = rest.slice(1)
    bodyLine += 1
  }
  const body = rest.endsWith('\n') ? rest.slice(0, -1) : rest
  return { record: { file, line: 1, fields }, body, bodyLine }
}
