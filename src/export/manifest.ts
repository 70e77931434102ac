// manifest.json: what the folder is, which schema wrote it and how much of each kind it holds.
import { sql } from 'kysely'
import type { Database } from '../db/database.js'
import { exportFormat, exportFormatVersion } from './layout.js'

/** Tables whose ids an export keeps; their counters come along so an import never hands an id out twice. */
export const countedTables = [
  'audit_log',
  'breakout',
  'category',
  'flag',
  'idea',
  'link',
  'member',
  'notification',
  'page',
  'post',
  'revision',
  'theme_session',
  'thread',
] as const

export interface Manifest {
  format: string
  format_version: number
  schema_version: string
  site_name: string
  exported_at: string
  counts: Record<string, number>
  id_counters: Record<string, number>
}

/** The latest migration applied to the database. */
export async function schemaVersion(db: Database): Promise<string> {
  const { rows } = await sql<{
    name: string
  }>`select name from kysely_migration order by name desc limit 1`.execute(db)
  return rows[0]?.name ?? ''
}

export async function idCounters(db: Database): Promise<Record<string, number>> {
  const { rows } = await sql<{ name: string; seq: number }>`select name, seq from sqlite_sequence`.execute(db)
  const counters: Record<string, number> = {}
  for (const table of countedTables) {
    const row = rows.find((r) => r.name === table)
    if (row) counters[table] = Number(row.seq)
  }
  return counters
}

export function manifestJson(facts: Omit<Manifest, 'format' | 'format_version'>): string {
  const manifest: Manifest = {
    format: exportFormat,
    format_version: exportFormatVersion,
    schema_version: facts.schema_version,
    site_name: facts.site_name,
    exported_at: facts.exported_at,
    counts: Object.fromEntries(Object.entries(facts.counts).sort(([a], [b]) => (a < b ? -1 : 1))),
    id_counters: facts.id_counters,
  }
  return `${JSON.stringify(manifest, null, 2)}\n`
}
