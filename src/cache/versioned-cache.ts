// A bounded in-memory cache whose entries are valid for one content version (see content-version.ts).
// Callers pass the version read when the request began, before any of the data: a write in between
// then stores fresher data under an older version (recomputed next time), never older data under a
// newer one.
// The version is the content version, or for reads that must follow every write, the database's change
// stamp (OpenedDatabase.changeStamp).
export class VersionedCache<T, V extends number | string = number> {
  readonly #entries = new Map<string, { version: V; value: T }>()

  constructor(readonly maxEntries: number) {}

  /** The kept value, if it is of this version; never computes. */
  peek(key: string, version: V): T | undefined {
    const hit = this.#entries.get(key)
    if (!hit || hit.version !== version) return undefined
    // Most recently used last, so the oldest is evicted first.
    this.#entries.delete(key)
    this.#entries.set(key, hit)
    return hit.value
  }

  async get(key: string, version: V, compute: () => Promise<T>): Promise<T> {
    const hit = this.#entries.get(key)
    if (hit && hit.version === version) return this.peek(key, version) as T
    const value = await compute()
    this.#entries.delete(key)
    this.#entries.set(key, { version, value })
    if (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value
      if (oldest !== undefined) this.#entries.delete(oldest)
    }
    return value
  }
}
