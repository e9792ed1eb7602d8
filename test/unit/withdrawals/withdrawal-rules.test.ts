import { describe, expect, it } from 'vitest'
import { beijingDayStart, parseYuanAmount, withdrawalRefusal } from '../../../src/withdrawals/withdrawal-rules.js'

describe(parseYuanAmount.name, () => {
  it.each([
    ['10', 1000],
    ['12.5', 1250],
    ['12.50', 1250],
    ['¥3', 300],
    ['￥0.01', 1],
    ['8元', 800],
    [' 100 ', 10_000],
    ['1000000', 100_000_000],
    ['-5', undefined],
    ['1e9', undefined],
    ['0.001', undefined],
    ['abc', undefined],
    ['0', undefined],
    ['0.00', undefined],
    ['1000000.01', undefined],
    ['10000000', undefined],
    ['1,000', undefined],
    ['', undefined],
    ['12.', undefined],
    ['.5', undefined],
    ['NaN', undefined],
    ['Infinity', undefined],
  ] as const)('%j → %s', (text, fen) => expect(parseYuanAmount(text)).toBe(fen))
})

describe(withdrawalRefusal.name, () => {
  const ok = { amountFen: 500, availableFen: 1000, minimumFen: 100, requestsToday: 0, dailyLimit: 3 }
  it.each([
    ['within everything', ok, undefined],
    ['exactly the available balance', { ...ok, amountFen: 1000 }, undefined],
    ['more than available', { ...ok, amountFen: 1001 }, 'insufficient'],
    ['negative available (after a refund)', { ...ok, availableFen: -50 }, 'insufficient'],
    ['below the minimum', { ...ok, amountFen: 99 }, 'below-minimum'],
    ['daily count used up', { ...ok, requestsToday: 3 }, 'daily-limit'],
  ] as const)('%s', (_name, facts, expected) => expect(withdrawalRefusal(facts)).toBe(expected))
})

describe(beijingDayStart.name, () => {
  it.each([
    ['2026-11-23T03:00:00Z', '2026-11-22T16:00:00.000Z'],
    ['2026-11-23T15:59:59Z', '2026-11-22T16:00:00.000Z'],
    ['2026-11-23T16:00:00Z', '2026-11-23T16:00:00.000Z'],
  ])('%s → %s', (now, start) => expect(beijingDayStart(new Date(now)).toISOString()).toBe(start))
})
