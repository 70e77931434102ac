// Tables without text of their own (members, votes, links, the audit log) as JSON Lines: one object
// per line, keys in a fixed order, so files diff line by line and stream into any tool.
import { type RawRecord, recordFromObject } from './field-reader.js'
import type { Problems } from './problems.js'

export function toJsonLines(rows: object[]): string {
  return rows.map((row) => `${JSON.stringify(row)}\n`).join('')
}

export function parseJsonLines(file: string, text: string, problems: Problems): RawRecord[] {
  const records: RawRecord[] = []
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch (error) {
      problems.add(file, index + 1, `not valid JSON: ${(error as Error).message}`)
      continue
    }
    const record = recordFromObject(file, index + 1, value, problems)
    if (record) records.push(record)
  }
  return records
}
