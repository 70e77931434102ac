// A rendered page with holes where it depends on who reads it: the form token, the unread badge, the
// actions under one's own posts, a form's submission key. Every page is rendered into a plan and the
// plan is filled for the reader; because nothing reader-specific is baked into the plan, a busy page
// (a thread) is rendered once per content version and only filled per request.
import { randomBytes } from 'node:crypto'

/** What a plan's holes may ask about the person reading. */
export interface Reader {
  memberId: number | null
  unreadNotifications: number
  /** The form token for this response (made on first use). */
  csrfToken(): string
}

type Filling = string | PagePlan
interface Filled {
  chunks: Buffer[]
  bytes: number
  texts: Map<Hole, Buffer | PagePlan>
}
export type Hole = (reader: Reader) => Filling

// Holes are marked in the rendered text by a word made anew at each start and never shown, so no text
// a member writes can contain one. Its letters (base64url) pass HTML escaping unchanged.
const nonce = randomBytes(12).toString('base64url')
const markerPattern = new RegExp(`\\u0001${nonce}(\\d+)\\u0002`, 'g')

export class PagePlan {
  constructor(
    private readonly parts: readonly (Buffer | Hole)[],
    /** Bytes of fixed text, for sizing caches. */
    readonly fixedBytes: number,
  ) {}

  fill(reader: Reader): Buffer {
    const filled: Filled = { chunks: [], bytes: 0, texts: new Map() }
    this.#collect(reader, filled)
    // Buffer.concat costs about twice as much per part as copying with set().
    const page = Buffer.allocUnsafeSlow(filled.bytes)
    let offset = 0
    for (const chunk of filled.chunks) {
      page.set(chunk, offset)
      offset += chunk.length
    }
    return page
  }

  #collect(reader: Reader, filled: Filled) {
    for (const part of this.parts) {
      if (Buffer.isBuffer(part)) {
        filled.chunks.push(part)
        filled.bytes += part.length
        continue
      }
      // One hole can stand in many places (the form token in every form): it is asked once.
      let filling = filled.texts.get(part)
      if (filling === undefined) {
        const value = part(reader)
        filling = typeof value === 'string' ? Buffer.from(value) : value
        filled.texts.set(part, filling)
      }
      if (Buffer.isBuffer(filling)) {
        filled.chunks.push(filling)
        filled.bytes += filling.length
      } else filling.#collect(reader, filled)
    }
  }
}

/** Collects the holes of one page while it renders, then cuts the rendered text into a plan. */
export class PlanBuilder {
  readonly #holes: Hole[] = []

  /** A marker to put in the page where `fill` decides the text. */
  hole(fill: Hole): string {
    return `\u0001${nonce}${this.#holes.push(fill) - 1}\u0002`
  }

  /** One of two rendered variants, by whether the reader wrote the thing (a post) they belong to. */
  forAuthor(authorId: number | null, own: string, other: string): string {
    const ownPlan = this.build(own)
    const otherPlan = this.build(other)
    return this.hole((reader) => (authorId !== null && reader.memberId === authorId ? ownPlan : otherPlan))
  }

  build(html: string): PagePlan {
    const texts: string[] = []
    const holes: Hole[] = []
    let last = 0
    for (const match of html.matchAll(markerPattern)) {
      const hole = this.#holes[Number(match[1])]
      if (!hole) continue
      texts.push(html.slice(last, match.index))
      holes.push(hole)
      last = match.index + match[0].length
    }
    texts.push(html.slice(last))
    // The fixed text in one block of memory, the parts as views into it: filling then reads the page in
    // order instead of from small buffers scattered over the heap (twice as fast with many pages kept).
    const block = Buffer.from(texts.join(''))
    const parts: (Buffer | Hole)[] = []
    let offset = 0
    texts.forEach((text, index) => {
      const length = Buffer.byteLength(text)
      if (length > 0) parts.push(block.subarray(offset, offset + length))
      offset += length
      const hole = holes[index]
      if (hole) parts.push(hole)
    })
    return new PagePlan(parts, block.length)
  }
}
