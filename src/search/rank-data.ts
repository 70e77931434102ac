// What ranking reads of each match: its date and title, kept in memory so that the index is asked
// for row ids alone. Reading them with each match (a join per row) was half of the text indexes'
// time, and the part that grew with the community: a common word brings 50 matches a type on a
// large one, a few on a small one. Candidates are the newest matches of each type, so different
// searches keep reading the same recent entries.
import type { Database } from '../db/database.js'
import { rankRows } from './fts.js'
import { fold } from './query.js'

export interface RankEntry {
  /** The entry's date (ISO) in milliseconds, for ordering. */
  time: number
  title: string
  /** The title as the index reads it (src/search/query.ts fold), folded once. */
  folded: string
}

/**
 * Misses are read in statements of these sizes (the first id repeated to fill one): a statement per
 * count of ids would fill the statement cache with near copies.
 */
const batchSizes = [8, 32, 128, 512] as const

export class RankData {
  readonly #entries = new Map<number, RankEntry>()
  /** The content version the kept entries are good for. */
  #version = -1
  /** Dropping the entries written since; lookups wait for it. */
  #catchingUp: Promise<void> | null = null

  constructor(
    readonly maxEntries: number,
    /** Past this many entries written since the kept version, all are dropped rather than each. */
    readonly maxForgotten = 5000,
  ) {}

  /**
   * The entries of these ids, in their order (none for an id no longer indexed), from memory or read
   * in one statement per batch of misses. `version` is the content version the request began with
   * (request.contentVersion). A newer one first drops the entries written since the kept version
   * (search_doc.version says which), so the rest stay across writes; lookups wait until it has. What
   * a request of an older version reads is used but not kept (see src/cache/versioned-cache.ts for
   * why). The version only grows: a database restored under a running server would need a restart,
   * as the restore command says.
   */
  async of(db: Database, ids: readonly number[], version: number): Promise<(RankEntry | undefined)[]> {
    if (version > this.#version) {
      const since = this.#version
      this.#version = version
      // After any catch-up still under way, so that the last one to finish is the newest.
      const before = this.#catchingUp
      const catchingUp = (before ? before.catch(() => {}) : Promise.resolve()).then(() =>
        this.#forgetWrittenSince(db, since),
      )
      this.#catchingUp = catchingUp
      try {
        await catchingUp
      } finally {
        if (this.#catchingUp === catchingUp) this.#catchingUp = null
      }
    } else if (this.#catchingUp) {
      await this.#catchingUp
    }
    // In the order of the ids: a map built per search cost as much as the lookups.
    const found = ids.map((id) => this.#entries.get(id))
    const missing = ids.filter((_, i) => found[i] === undefined)
    const read = new Map<number, RankEntry>()
    for (let i = 0; i < missing.length; ) {
      const size = batchSizes.find((s) => s >= missing.length - i) ?? (batchSizes.at(-1) as number)
      const batch = missing.slice(i, i + size)
      i += batch.length
      while (batch.length < size) batch.push(batch[0] as number)
      const rows = await rankRows(db, batch)
      // Rows read after a newer version was seen may be older than it: kept only under their own.
      const keep = version === this.#version && !this.#catchingUp
      for (const { id, date, title } of rows) {
        // Dates are stored as ISO strings; one that is not sorts as the oldest.
        const entry = { time: Date.parse(date) || 0, title, folded: fold(title) }
        read.set(id, entry)
        if (keep) this.#remember(id, entry)
      }
    }
    return read.size === 0 ? found : ids.map((id, i) => found[i] ?? read.get(id))
  }

  /** Drops the entries written after version `since`: all of them past maxForgotten, or on failure. */
  async #forgetWrittenSince(db: Database, since: number) {
    if (this.#entries.size === 0) return
    try {
      const written = await db
        .selectFrom('search_doc')
        .select('id')
        .where('version', '>', since)
        .limit(this.maxForgotten + 1)
        .execute()
      if (written.length > this.maxForgotten) this.#entries.clear()
      else for (const { id } of written) this.#entries.delete(id)
    } catch (error) {
      this.#entries.clear()
      throw error
    }
  }

  #remember(id: number, entry: RankEntry) {
    // The oldest kept goes first: entries are kept as searches first read them.
    if (this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next().value
      if (oldest !== undefined) this.#entries.delete(oldest)
    }
    this.#entries.set(id, entry)
  }
}
