import { describe, expect, it } from 'vitest'
import { normalizeOrderNumber } from '../../../src/orders/order-number.js'

describe(normalizeOrderNumber.name, () => {
  it.each([
    ['1234567890123456789', '1234567890123456789'],
    [' 1234 5678 9012 ', '123456789012'],
    ['２３４５６７８９０１２３', '234567890123'],
    ['231123-123456789012345', '231123-123456789012345'],
    ['231123－123456789012345', '231123-123456789012345'],
    ['123', undefined],
    ['abc', undefined],
    ['12345678901234567890123', undefined],
    ["1'; drop table orders; --", undefined],
    ['-5', undefined],
    ['', undefined],
  ] as const)('%j → %s', (text, expected) => {
    expect(normalizeOrderNumber(text)).toBe(expected)
  })
})
