// The distance that tells a typo from another word (src/search/spelling.ts).
import { describe, expect, test } from 'vitest'
import { editDistance } from '../../src/search/spelling.js'

describe('editDistance', () => {
  test.each([
    ['stuurgroep', 'stuurgroep', 0],
    ['stuurgrope', 'stuurgroep', 1],
    ['stuirgroep', 'stuurgroep', 1],
    ['stuurgroepp', 'stuurgroep', 1],
    ['stuurgoep', 'stuurgroep', 1],
    ['sturgrope', 'stuurgroep', 2],
    ['deal', 'deel', 1],
    ['abc', 'xyz', 3],
  ])('%s to %s: %i', (a, b, distance) => {
    expect(editDistance(a, b, 5)).toBe(distance)
  })

  test('stops at the limit', () => {
    expect(editDistance('gemeente', 'provincie', 2)).toBe(3)
    expect(editDistance('a', 'abcdef', 2)).toBe(3)
  })
})
