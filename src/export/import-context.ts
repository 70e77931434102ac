// What every part of an import shares: the transaction, the folder, the ids given out so far, and
// the problems and conflicts found. After the first problem nothing more is written (the transaction
// will roll back anyway), but every file is still read, so one run names every problem.
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Database } from '../db/database.js'
import type { RawRecord } from './field-reader.js'
import { parseJsonLines } from './json-lines.js'
import type { MemberRefReader } from './member-refs.js'
import type { Problems } from './problems.js'

/** Entities whose ids other rows refer to. */
export type EntityKind = 'member' | 'page' | 'category' | 'thread' | 'post' | 'session' | 'breakout' | 'idea'

/**
 * Exported id → id in this database. Into an empty database they are the same; a merge gives new
 * ids. `null` marks an item left out because it conflicts, so whatever belongs to it is left out too.
 */
export class IdMap {
  private readonly maps = new Map<EntityKind, Map<number, number | null>>()

  set(kind: EntityKind, exported: number, id: number | null): void {
    let map = this.maps.get(kind)
    if (!map) {
      map = new Map()
      this.maps.set(kind, map)
    }
    map.set(exported, id)
  }

  /** The new id; null when the item was left out; undefined when the export does not have it. */
  get(kind: EntityKind, exported: number): number | null | undefined {
    return this.maps.get(kind)?.get(exported)
  }
}

export interface ImportContext {
  db: Database
  dir: string
  /** Into an empty database every id stays what it was, so links and anchors keep working. */
  keepIds: boolean
  problems: Problems
  conflicts: string[]
  ids: IdMap
  members: MemberRefReader
  counts: Record<string, number>
}

export function writing(ctx: ImportContext): boolean {
  return ctx.problems.count === 0
}

export function tally(ctx: ImportContext, kind: string, n = 1): void {
  ctx.counts[kind] = (ctx.counts[kind] ?? 0) + n
}

/** The id to insert with: the exported one into an empty database, otherwise SQLite's next one. */
export function idColumn(ctx: ImportContext, exported: number): { id?: number } {
  return ctx.keepIds ? { id: exported } : {}
}

export async function readText(ctx: ImportContext, file: string): Promise<string | null> {
  try {
    return await readFile(path.join(ctx.dir, file), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

/** The records of a JSON Lines file of the export; none when the file is missing. */
export async function readJsonLines(ctx: ImportContext, file: string): Promise<RawRecord[]> {
  const text = await readText(ctx, file)
  return text === null ? [] : parseJsonLines(file, text, ctx.problems)
}

/** Names in a folder of the export, sorted; none when the folder is missing. */
export async function listNames(ctx: ImportContext, folder: string): Promise<string[]> {
  try {
    return (await readdir(path.join(ctx.dir, folder))).sort()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}

/**
 * The id in this database of something a row points to: null when it was left out (so is the row),
 * the same id into an empty database when the export lacks it (as the database it came from did).
 */
export function pointsTo(ctx: ImportContext, kind: EntityKind | undefined, exported: number): number | null {
  const id = kind ? ctx.ids.get(kind, exported) : undefined
  if (id === undefined) return ctx.keepIds ? exported : null
  return id
}

/** The member a reference in a file names, as an id in this database (null for no one). */
export function memberId(ctx: ImportContext, ref: string | null, file: string, line: number): number | null {
  if (ref === null) return null
  const exported = ctx.members.exportedId(ref)
  if (exported === undefined) {
    ctx.problems.add(file, line, `no member "${ref}" in members.jsonl`)
    return null
  }
  return ctx.ids.get('member', exported) ?? null
}

/** Runs one insert; a database error becomes a problem of the file it came from. */
export async function store<T>(ctx: ImportContext, file: string, line: number, work: () => Promise<T>) {
  try {
    return await work()
  } catch (error) {
    ctx.problems.add(file, line, `cannot be stored: ${(error as Error).message}`)
    return undefined
  }
}
