import { describe, expect, it } from 'vitest'
import { acceptsReport, nextStatus } from '../../../src/orders/order-status.js'
import type { OrderStatus } from '../../../src/platforms/order-feed.js'

const table: readonly [OrderStatus | undefined, OrderStatus, OrderStatus][] = [
  [undefined, 'paid', 'paid'],
  [undefined, 'settled', 'settled'],
  [undefined, 'invalid', 'invalid'],
  ['paid', 'paid', 'paid'],
  ['paid', 'received', 'received'],
  ['paid', 'settled', 'settled'],
  ['paid', 'invalid', 'invalid'],
  ['paid', 'refunded', 'refunded'],
  ['received', 'paid', 'received'],
  ['received', 'settled', 'settled'],
  ['received', 'refunded', 'refunded'],
  ['settled', 'paid', 'settled'],
  ['settled', 'received', 'settled'],
  ['settled', 'settled', 'settled'],
  ['settled', 'refunded', 'refunded'],
  ['settled', 'invalid', 'refunded'],
  ['refunded', 'settled', 'refunded'],
  ['refunded', 'paid', 'refunded'],
  ['invalid', 'paid', 'invalid'],
  ['invalid', 'settled', 'invalid'],
]

describe(nextStatus.name, () => {
  it.each(table)('%s + reported %s → %s', (current, reported, expected) => {
    expect(nextStatus(current, reported)).toBe(expected)
  })
})

describe(acceptsReport.name, () => {
  it.each(table)('%s + reported %s', (current, reported, expected) => {
    expect(acceptsReport(current, reported)).toBe(expected === reported)
  })
})
