// A bounded in-memory cache whose entries are valid for one content version (see content-version.ts).
// Callers pass the version read when the request began, before any of the data: a write in between
// then stores fresher data under an older version (recomputed next time), never older data under a
// newer one.
// The version is the content version, or for reads that must follow every write, the database's change
// stamp (OpenedDatabase.changeStamp).
export class VersionedCache<T, V extends number | string = number> {
  readonly #entries = new Map<string, { version: V; value: T; used: boolean }>()

  constructor(readonly maxEntries: number) {}

  /** The kept value, if it is of this version; never computes. */
  peek(key: string, version: V): T | undefined {
    const hit = this.#entries.get(key)
    if (!hit || hit.version !== version) return undefined
    // Marked rather than moved to the end: a hit is the busy path (several per page view).
    hit.used = true
    return hit.value
  }

  /**
   * The kept value, or the computed one, kept. A hit is returned as it is, not as a promise: the
   * per-request reads (settings, session, unread count) hit nearly always, and a promise per hit was
   * measurable on a busy page.
   */
  get(key: string, version: V, compute: () => Promise<T>): T | Promise<T> {
    const hit = this.#entries.get(key)
    if (hit && hit.version === version) {
      hit.used = true
      return hit.value
    }
    return this.#store(key, version, compute)
  }

  async #store(key: string, version: V, compute: () => Promise<T>): Promise<T> {
    const value = await compute()
    this.#entries.delete(key)
    // Room first, so that the entry being stored is never the one that goes.
    if (this.#entries.size >= this.maxEntries) this.#evictOne()
    this.#entries.set(key, { version, value, used: false })
    return value
  }

  /**
   * The oldest entry not used since it was last looked at goes ("second chance"): used ones move to
   * the end with their mark cleared, so what readers keep asking for stays.
   */
  #evictOne() {
    for (const [key, entry] of this.#entries) {
      this.#entries.delete(key)
      if (!entry.used) return
      entry.used = false
      this.#entries.set(key, entry)
    }
  }
}
