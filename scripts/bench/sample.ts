// What the benchmark asks for: picks from a list that are random but the same in every run.
import { seededRandom } from '../seeded-random.js'

/**
 * `count` items of `list` in a seeded random order, none twice before every item has been taken once:
 * 500 threads of 10,000 are 500 different threads, and 500 of a small community's 100 are each of
 * them five times.
 */
export function pickSome<T>(list: readonly T[], count: number, seed = 7): T[] {
  const random = seededRandom(seed)
  const out: T[] = []
  while (out.length < count && list.length > 0) {
    const round = [...list]
    // Fisher–Yates, as far as this round needs.
    const take = Math.min(round.length, count - out.length)
    for (let i = 0; i < take; i++) {
      const j = i + Math.floor(random() * (round.length - i))
      ;[round[i], round[j]] = [round[j] as T, round[i] as T]
    }
    out.push(...round.slice(0, take))
  }
  return out
}

/** `count` items spread evenly over the list (threads from all through the table, none twice). */
export function spreadOver<T>(list: readonly T[], count: number): T[] {
  const step = Math.max(1, Math.floor(list.length / count))
  return list.filter((_, index) => index % step === 0).slice(0, count)
}
