// A bounded in-memory cache whose entries are valid for one content version (see content-version.ts).
// Callers pass the version read when the request began, before any of the data: a write in between
// then stores fresher data under an older version (recomputed next time), never older data under a
// newer one.
// The version is the content version, or for reads that must follow every write, the database's change
// stamp (OpenedDatabase.changeStamp).

/**
 * `use` applied to a value that may still be coming (what `get` returns): at once for a value in hand,
 * after it for a promise. Callers on the busy path answer without a promise when the value was kept.
 */
export function whenReady<T, R>(value: T | Promise<T>, use: (value: T) => R): R | Promise<Awaited<R>> {
  return value instanceof Promise ? (value.then(use) as Promise<Awaited<R>>) : use(value)
}
export class VersionedCache<T, V extends number | string = number> {
  readonly #entries = new Map<string, { version: V; value: T; used: boolean; bytes: number }>()
  #bytes = 0

  constructor(
    readonly maxEntries: number,
    /**
     * For values whose size varies by orders of magnitude (a rendered page: 30 KB for a short
     * thread, megabytes for a long one), a bound on the bytes kept as well: a count alone would let
     * a few hundred long pages take the server's memory.
     */
    readonly budget?: { maxBytes: number; bytesOf: (value: T) => number },
  ) {}

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
    this.#remove(key)
    const bytes = this.budget?.bytesOf(value) ?? 0
    // A value larger than the whole budget is served but not kept.
    if (this.budget && bytes > this.budget.maxBytes) return value
    // Room first, so that the entry being stored is never the one that goes.
    while (
      this.#entries.size > 0 &&
      (this.#entries.size >= this.maxEntries || (this.budget && this.#bytes + bytes > this.budget.maxBytes))
    ) {
      this.#evictOne()
    }
    this.#entries.set(key, { version, value, used: false, bytes })
    this.#bytes += bytes
    return value
  }

  /** The bytes the kept values take, as the budget counts them. */
  get bytes(): number {
    return this.#bytes
  }

  #remove(key: string) {
    const entry = this.#entries.get(key)
    if (!entry) return
    this.#entries.delete(key)
    this.#bytes -= entry.bytes
  }

  /**
   * The oldest entry not used since it was last looked at goes ("second chance"): used ones move to
   * the end with their mark cleared, so what readers keep asking for stays.
   */
  #evictOne() {
    for (const [key, entry] of this.#entries) {
      this.#entries.delete(key)
      if (!entry.used) {
        this.#bytes -= entry.bytes
        return
      }
      entry.used = false
      this.#entries.set(key, entry)
    }
  }
}
