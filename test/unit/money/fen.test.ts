import { describe, expect, it } from 'vitest'
import { applyRateBp, formatYuan, yuanToFen } from '../../../src/money/fen.js'

describe(formatYuan.name, () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [100, '1.00'],
    [12345, '123.45'],
    [-250, '-2.50'],
  ])('%i fen → %s', (fen, text) => expect(formatYuan(fen)).toBe(text))
})

describe(yuanToFen.name, () => {
  it.each([
    ['12.34', 1234],
    ['12.3', 1230],
    ['12', 1200],
    [' 0.05 ', 5],
    ['0.005', 1],
    ['0.004', 0],
    ['1.999', 200],
    ['-3.10', -310],
    [19.9, 1990],
    [0.1 + 0.2, 30],
    ['abc', null],
    ['1e3', null],
    ['', null],
    ['1.2.3', null],
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
  ] as const)('%s → %s', (input, fen) => expect(yuanToFen(input)).toBe(fen))
})

describe(applyRateBp.name, () => {
  it.each([
    [10_000, 1550, 1550],
    [999, 6000, 599],
    [1, 6000, 0],
    [0, 10_000, 0],
    [-250, 5000, -125],
    [-1, 5000, -1],
    [Number.MAX_SAFE_INTEGER, 10_000, Number.MAX_SAFE_INTEGER],
    // A plain amount × rate passes 2^53 here and rounds up to …760.
    [4_503_599_627_370_497, 9999, 4_503_149_267_407_759],
  ])('%i fen at %i bp → %i', (amount, rate, out) => expect(applyRateBp(amount, rate)).toBe(out))
})
