import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../../src/config.js'

describe(loadConfig.name, () => {
  it('runs on embedded defaults with an empty environment', () => {
    const config = loadConfig({})
    expect(config.databaseUrl).toBeUndefined()
    expect(config.dataDir).toBe('./data')
    expect(config.rates).toEqual({ userShareBp: 6000, referralL1Bp: 1000, referralL2Bp: 500, groupOwnerShareBp: 6000 })
    expect(config.taobao.simulated && config.jd.simulated && config.pdd.simulated).toBe(true)
    expect(Object.isFrozen(config.rates)).toBe(true)
  })

  it('uses a platform for real once its keys are set', () => {
    const config = loadConfig({ JD_APP_KEY: 'k', JD_APP_SECRET: 's' })
    expect(config.jd.simulated).toBe(false)
    expect(config.taobao.simulated).toBe(true)
  })

  it('names every bad variable in one error', () => {
    let message = ''
    try {
      loadConfig({
        DATABASE_URL: 'mysql://x',
        REBATE_USER_SHARE_PERCENT: '150',
        PLATFORM_TIMEOUT_MS: 'soon',
        TAOBAO_APP_KEY: 'only-the-key',
        PDD_PID: 'abc',
        SIMULATOR: 'maybe',
      })
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      message = (error as Error).message
    }
    for (const name of ['DATABASE_URL', 'REBATE_USER_SHARE_PERCENT', 'PLATFORM_TIMEOUT_MS', 'TAOBAO_APP_SECRET', 'TAOBAO_ADZONE_ID', 'PDD_PID', 'SIMULATOR']) {
      expect(message).toContain(name)
    }
  })

  it('refuses shares that add up to more than the commission', () => {
    expect(() => loadConfig({ REBATE_USER_SHARE_PERCENT: '90', REFERRAL_L1_PERCENT: '10', REFERRAL_L2_PERCENT: '5' })).toThrow(
      /more than the commission/,
    )
  })

  it('accepts fractional percentages as basis points', () => {
    expect(loadConfig({ REBATE_USER_SHARE_PERCENT: '55.5' }).rates.userShareBp).toBe(5550)
  })
})

describe('NOTICE_REHAND_SECONDS', () => {
  it('defaults to a minute and is read in seconds', () => {
    expect(loadConfig({}).notices.rehandAfterMs).toBe(60_000)
    expect(loadConfig({ NOTICE_REHAND_SECONDS: '5' }).notices.rehandAfterMs).toBe(5000)
  })

  it('refuses 0 (every relay pass would hand the same notices over again) and non-numbers', () => {
    expect(() => loadConfig({ NOTICE_REHAND_SECONDS: '0' })).toThrow(/NOTICE_REHAND_SECONDS/)
    expect(() => loadConfig({ NOTICE_REHAND_SECONDS: 'soon' })).toThrow(/NOTICE_REHAND_SECONDS/)
  })
})

describe('OUTBOX_MIN_GAP_MS / OUTBOX_JITTER_MS', () => {
  it.each([
    // [environment, a WeChat account's pace, the terminal chat's pace]
    [{}, { minGapMs: 1500, jitterMs: 1500 }, { minGapMs: 300, jitterMs: 0 }],
    [{ OUTBOX_MIN_GAP_MS: ' ', OUTBOX_JITTER_MS: '' }, { minGapMs: 1500, jitterMs: 1500 }, { minGapMs: 300, jitterMs: 0 }],
    [{ OUTBOX_MIN_GAP_MS: '0', OUTBOX_JITTER_MS: '0' }, { minGapMs: 0, jitterMs: 0 }, { minGapMs: 0, jitterMs: 0 }],
    [{ OUTBOX_MIN_GAP_MS: '2000' }, { minGapMs: 2000, jitterMs: 1500 }, { minGapMs: 2000, jitterMs: 0 }],
  ])('%j: the account paces %j, the terminal %j', (env, account, terminal) => {
    const config = loadConfig(env)
    expect({ minGapMs: config.outbox.minGapMs, jitterMs: config.outbox.jitterMs }).toEqual(account)
    expect(config.terminal.outbox).toEqual(terminal)
  })

  it('refuses what is not a whole number of milliseconds up to ten minutes', () => {
    for (const value of ['soon', '-1', '1.5', '600001']) expect(() => loadConfig({ OUTBOX_JITTER_MS: value })).toThrow(/OUTBOX_JITTER_MS: must be a whole number from 0 to 600000/)
  })
})
