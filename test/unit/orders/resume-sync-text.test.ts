import { describe, expect, it } from 'vitest'
import { routeText } from '../../../src/chat/route-text.js'
import { parseResumeTarget, resumeSyncText } from '../../../src/orders/resume-sync.text.js'

describe('恢复同步 (operators resume a stopped order sync)', () => {
  it.each([
    ['恢复同步', ''],
    ['恢复同步 京东', '京东'],
    ['/恢复同步：拼多多', '拼多多'],
  ])('%j routes to resume-sync with %j', (text, args) => {
    expect(routeText(text)).toEqual({ kind: 'command', name: 'resume-sync', args })
  })

  it.each([
    ['', 'all'],
    ['全部', 'all'],
    ['淘宝', 'taobao'],
    ['天猫', 'taobao'],
    ['JD', 'jd'],
    ['拼多多', 'pdd'],
    ['美团', undefined],
  ] as const)('target %j → %s', (args, target) => {
    expect(parseResumeTarget(args)).toBe(target)
  })

  it.each([
    [{ kind: 'resumed', platforms: ['jd', 'pdd'] } as const, '已恢复订单同步：京东、拼多多。下一次定时同步从停止处接着拉取订单。'],
    [{ kind: 'none-stopped', platform: 'taobao' } as const, '淘宝的订单同步没有停止，不需要恢复。'],
    [{ kind: 'none-stopped' } as const, '没有停止的订单同步，不需要恢复。'],
  ])('%j → %s', (outcome, text) => {
    expect(resumeSyncText(outcome)).toBe(text)
  })
})
