import { describe, expect, it } from 'vitest'
import { afterSend, classifySendError, daysBetween, type SendErrorClass, type TroubleCause, warmupCap } from '../../../src/accounts/account-health.js'
import { loadConfig } from '../../../src/config.js'

describe(classifySendError.name, () => {
  it.each<[unknown, SendErrorClass]>([
    [new Error('发送消息过于频繁，可稍后再试'), 'rate-limited'],
    [new Error('send failed: 消息发送过于频繁'), 'rate-limited'],
    [new Error('操作过于频繁，可稍后再试'), 'rate-limited'],
    ['操作频繁', 'rate-limited'],
    [new Error('操作 过于 频繁'), 'rate-limited'],
    [new Error('当前账号异常，暂时无法发送'), 'account-risk'],
    [new Error('你的账号存在异常'), 'account-risk'],
    [new Error('该账号已被限制登录'), 'account-risk'],
    // A warning wins over a rate limit said in the same breath.
    [new Error('操作过于频繁，账号存在异常'), 'account-risk'],
    [new Error('puppet refused send #1'), 'other'],
    [new Error('ETIMEDOUT'), 'other'],
    [{ code: 1205, message: '发送消息过于频繁' }, 'rate-limited'],
    [undefined, 'other'],
  ])('%s → %s', (error, expected) => {
    expect(classifySendError(error)).toBe(expected)
  })
})

describe(afterSend.name, () => {
  const run = (outcomes: readonly (true | string)[], limit: number): (TroubleCause | undefined)[] => {
    let streak = { count: 0 }
    return outcomes.map((o) => {
      const result = afterSend(streak, o === true ? { ok: true } : { ok: false, error: new Error(o) }, limit)
      streak = result.streak
      return result.trouble
    })
  }

  it.each<[string, (true | string)[], number, (TroubleCause | undefined)[]]>([
    ['N other failures in a row are trouble at the Nth', ['x', 'x', 'x'], 3, [undefined, undefined, 'failures']],
    ['a success resets the count', ['x', 'x', true, 'x', 'x'], 3, [undefined, undefined, undefined, undefined, undefined]],
    ['a rate limit is trouble at once', ['发送消息过于频繁，可稍后再试'], 5, ['rate-limited']],
    ['an account warning is trouble at once', ['x', '账号异常'], 5, [undefined, 'account-risk']],
    ['a limit of 1 makes any failure trouble', ['x'], 1, ['failures']],
  ])('%s', (_name, outcomes, limit, expected) => {
    expect(run(outcomes, limit)).toEqual(expected)
  })
})

describe(warmupCap.name, () => {
  const options = { start: 50, growthPerDay: 50, max: 300 }
  it.each<[number, number]>([
    [0, 50],
    [0.9, 50],
    [1, 100],
    [4, 250],
    [5, 300],
    [40, 300],
    [-3, 50],
  ])('day %s → %s', (days, cap) => {
    expect(warmupCap(days, options)).toBe(cap)
  })

  it('grows without end when no daily cap is configured', () => {
    expect(warmupCap(10, { start: 20, growthPerDay: 10, max: undefined })).toBe(120)
  })

  it('counts whole days, never negative', () => {
    expect(daysBetween(0, 86_400_000 - 1)).toBe(0)
    expect(daysBetween(0, 86_400_000 * 3)).toBe(3)
    expect(daysBetween(1000, 0)).toBe(0)
  })
})

describe('account configuration', () => {
  it('defaults to 5 failures, warm-up from 50 growing 50 a day, a heartbeat every 5 s', () => {
    expect(loadConfig({}).accounts).toEqual({ failureLimit: 5, warmup: { start: 50, growthPerDay: 50 }, heartbeatMs: 5000 })
  })

  it('names every bad account variable in one error', () => {
    expect(() =>
      loadConfig({ ACCOUNT_FAILURE_LIMIT: '0', ACCOUNT_WARMUP_START: 'lots', ACCOUNT_WARMUP_GROWTH: '-1', ACCOUNT_HEARTBEAT_SECONDS: '0' }),
    ).toThrow(/ACCOUNT_FAILURE_LIMIT[\s\S]*ACCOUNT_WARMUP_START[\s\S]*ACCOUNT_WARMUP_GROWTH[\s\S]*ACCOUNT_HEARTBEAT_SECONDS/)
  })
})
