import { describe, expect, test } from 'vitest'
import { VersionedCache } from '../../src/cache/versioned-cache.js'

describe('a versioned cache', () => {
  test('serves a value for its version only, and evicts what was not asked for again', async () => {
    const cache = new VersionedCache<string>(2)
    let computed = 0
    const get = (key: string, version: number) =>
      cache.get(key, version, async () => {
        computed += 1
        return `${key}@${version}`
      })
    expect(await get('a', 1)).toBe('a@1')
    expect(await get('a', 1)).toBe('a@1')
    expect(computed).toBe(1)
    expect(cache.peek('a', 2)).toBeUndefined()
    expect(await get('a', 2)).toBe('a@2')
    expect(computed).toBe(2)

    await get('b', 2)
    cache.peek('a', 2) // a is in use
    await get('c', 2) // full: b, not asked for since, goes
    expect(cache.peek('a', 2)).toBe('a@2')
    expect(cache.peek('b', 2)).toBeUndefined()
    expect(cache.peek('c', 2)).toBe('c@2')
  })

  test('keeps the entry it stores even when every other one is in use', async () => {
    const cache = new VersionedCache<string>(3)
    for (const key of ['a', 'b', 'c']) await cache.get(key, 1, async () => key)
    for (const key of ['a', 'b', 'c']) cache.peek(key, 1)
    await cache.get('d', 1, async () => 'd')
    expect(cache.peek('d', 1)).toBe('d')
    expect(['a', 'b', 'c'].filter((key) => cache.peek(key, 1) !== undefined)).toHaveLength(2)
  })

  test('keeps within a byte budget: large values push out others, one too large is not kept', async () => {
    const cache = new VersionedCache<string>(10, { maxBytes: 10, bytesOf: (value) => value.length })
    const put = (key: string, value: string) => cache.get(key, 1, async () => value)
    await put('a', 'aaaa')
    await put('b', 'bbbb')
    expect(cache.bytes).toBe(8)
    cache.peek('a', 1) // a is in use, so b goes first
    await put('c', 'cccccc')
    expect(cache.peek('b', 1)).toBeUndefined()
    expect(cache.peek('a', 1)).toBe('aaaa')
    expect(cache.peek('c', 1)).toBe('cccccc')
    expect(cache.bytes).toBe(10)

    // Stored again under a new version: counted once.
    await cache.get('c', 2, async () => 'cc')
    expect(cache.bytes).toBe(6)

    expect(await put('huge', 'x'.repeat(11))).toBe('x'.repeat(11))
    expect(cache.peek('huge', 1)).toBeUndefined()
    expect(cache.bytes).toBe(6)
  })

  test('a cache made to keep nothing still answers (it keeps the last value)', async () => {
    const cache = new VersionedCache<string>(0)
    expect(await cache.get('a', 1, async () => 'a')).toBe('a')
    expect(await cache.get('b', 1, async () => 'b')).toBe('b')
  })
})
