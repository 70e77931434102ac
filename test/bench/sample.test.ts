// The benchmark's picks and its sums: a figure is only as good as what the load asked for and how
// its windows were added up.
import { describe, expect, it } from 'vitest'
import { combined, type LoadResult } from '../../scripts/bench/load.js'
import { pickSome, spreadOver } from '../../scripts/bench/sample.js'

const numbers = (count: number) => Array.from({ length: count }, (_, i) => i)

describe('pickSome', () => {
  it('picks 500 different threads of 10,000, spread over the whole list', () => {
    const picks = pickSome(numbers(10_000), 500)
    expect(picks).toHaveLength(500)
    expect(new Set(picks).size).toBe(500)
    // A tenth of the list is neither all nor none of the picks.
    const inFirstTenth = picks.filter((n) => n < 1000).length
    expect(inFirstTenth).toBeGreaterThan(25)
    expect(inFirstTenth).toBeLessThan(75)
  })

  it('takes every item of a short list before any twice', () => {
    const picks = pickSome(numbers(100), 500)
    expect(picks).toHaveLength(500)
    for (let round = 0; round < 5; round++) {
      expect(new Set(picks.slice(round * 100, round * 100 + 100)).size).toBe(100)
    }
    // Each round in an order of its own.
    expect(picks.slice(0, 100)).not.toEqual(picks.slice(100, 200))
  })

  it('gives the same picks for the same seed and others for another', () => {
    const words = numbers(80).map((n) => `word${n}`)
    expect(pickSome(words, 40, 2)).toEqual(pickSome(words, 40, 2))
    expect(pickSome(words, 40, 2)).not.toEqual(pickSome(words, 40, 3))
    expect(new Set(pickSome(words, 40, 2)).size).toBe(40)
  })

  it('picks nothing from an empty list', () => {
    expect(pickSome([], 10)).toEqual([])
  })
})

describe('spreadOver', () => {
  it('takes items evenly from all through the list, none twice', () => {
    expect(spreadOver(numbers(10_000), 100)).toEqual(numbers(100).map((n) => n * 100))
    expect(spreadOver(numbers(5), 100)).toEqual(numbers(5))
  })
})

describe('combined', () => {
  const window = (requests: number, p50Ms: number, p99Ms: number, cpuMsPerRequest: number): LoadResult => ({
    requests,
    seconds: 2,
    requestsPerSecond: requests / 2,
    p50Ms,
    p99Ms,
    errors: 0,
    cpuMsPerRequest,
    wakeupsPerRequest: 0.5,
  })

  it('adds up requests and time, weighs CPU by requests, takes the median p50 and the worst p99', () => {
    const figure = combined([window(1000, 1, 5, 0.04), window(3000, 3, 4, 0.02), window(2000, 2, 9, 0.03)])
    expect(figure.requests).toBe(6000)
    expect(figure.seconds).toBe(6)
    expect(figure.requestsPerSecond).toBe(1000)
    expect(figure.p50Ms).toBe(2)
    expect(figure.p99Ms).toBe(9)
    expect(figure.cpuMsPerRequest).toBeCloseTo((1000 * 0.04 + 3000 * 0.02 + 2000 * 0.03) / 6000)
    expect(figure.wakeupsPerRequest).toBeCloseTo(0.5)
  })

  it('has no wake-up count when a window could not read one', () => {
    expect(
      combined([window(10, 1, 1, 0), { ...window(10, 1, 1, 0), wakeupsPerRequest: null }]).wakeupsPerRequest,
    ).toBe(null)
  })
})
