// Reads the fields of one record (a file's front matter, a line of JSON Lines) against what they
// must hold, so a broken export is refused with the file and line of each wrong value instead of
// failing later on a database constraint.
import type { Problems } from './problems.js'

export interface RawField {
  value: unknown
  line: number
}

export interface RawRecord {
  file: string
  line: number
  fields: Map<string, RawField>
}

/** `?` allows null or a missing key; `bool` is false when missing; a list of values is an enumeration. */
export type FieldType =
  | 'text'
  | 'text?'
  | 'time'
  | 'time?'
  | 'int'
  | 'int?'
  | 'bool'
  | 'object'
  | 'list'
  | readonly (string | null)[]

type ValueOf<T> = T extends 'text' | 'time'
  ? string
  : T extends 'text?' | 'time?'
    ? string | null
    : T extends 'int'
      ? number
      : T extends 'int?'
        ? number | null
        : T extends 'bool'
          ? boolean
          : T extends 'object'
            ? Record<string, unknown>
            : T extends 'list'
              ? unknown[]
              : T extends readonly (infer E)[]
                ? E
                : never

export type Spec = Record<string, FieldType>
export type Values<S extends Spec> = { [K in keyof S]: ValueOf<S[K]> }

export interface ReadRecord<T> {
  values: T
  file: string
  line: number
  lineOf(key: string): number
}

const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/

/** A JSON value as a record: every field on the record's own line. */
export function recordFromObject(file: string, line: number, value: unknown, problems: Problems) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.add(file, line, 'expected an object with named fields')
    return null
  }
  const fields = new Map<string, RawField>()
  for (const [key, v] of Object.entries(value)) fields.set(key, { value: v, line })
  return { file, line, fields }
}

function check(
  type: FieldType,
  value: unknown,
): { ok: true; value: unknown } | { ok: false; expected: string } {
  const missing = value === undefined || value === null
  if (Array.isArray(type)) {
    const found = type.find((allowed) => allowed === (missing ? null : value))
    if (found !== undefined) return { ok: true, value: found }
    return { ok: false, expected: `one of ${type.map((t) => t ?? '(empty)').join(', ')}` }
  }
  const optional = typeof type === 'string' && type.endsWith('?')
  if (missing && optional) return { ok: true, value: null }
  switch (type) {
    case 'text':
    case 'text?':
      return typeof value === 'string' ? { ok: true, value } : { ok: false, expected: 'text' }
    case 'time':
    case 'time?':
      return typeof value === 'string' && isoTime.test(value) && !Number.isNaN(Date.parse(value))
        ? { ok: true, value }
        : { ok: false, expected: 'a UTC time such as 2026-03-09T14:30:00.000Z' }
    case 'int':
    case 'int?':
      return Number.isSafeInteger(value) ? { ok: true, value } : { ok: false, expected: 'a whole number' }
    case 'bool':
      if (missing) return { ok: true, value: false }
      return typeof value === 'boolean' ? { ok: true, value } : { ok: false, expected: 'true or false' }
    case 'object':
      if (missing) return { ok: true, value: {} }
      return typeof value === 'object' && !Array.isArray(value)
        ? { ok: true, value }
        : { ok: false, expected: 'a map of named values' }
    case 'list':
      if (missing) return { ok: true, value: [] }
      return Array.isArray(value) ? { ok: true, value } : { ok: false, expected: 'a list' }
    default:
      return { ok: false, expected: String(type) }
  }
}

/** The record's values typed by `spec`, or null after adding a problem for each wrong or unknown field. */
export function readFields<S extends Spec>(
  raw: RawRecord,
  spec: S,
  problems: Problems,
): ReadRecord<Values<S>> | null {
  const before = problems.count
  const values: Record<string, unknown> = {}
  for (const [key, field] of raw.fields) {
    if (!(key in spec)) problems.add(raw.file, field.line, `unknown field "${key}"`)
  }
  for (const [key, type] of Object.entries(spec)) {
    const field = raw.fields.get(key)
    const result = check(type, field?.value)
    if (result.ok) values[key] = result.value
    else if (field === undefined) problems.add(raw.file, raw.line, `"${key}" is missing`)
    else problems.add(raw.file, field.line, `"${key}" must be ${result.expected}`)
  }
  if (problems.count > before) return null
  return {
    values: values as Values<S>,
    file: raw.file,
    line: raw.line,
    lineOf: (key) => raw.fields.get(key)?.line ?? raw.line,
  }
}
