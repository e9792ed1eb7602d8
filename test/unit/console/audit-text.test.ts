import { describe, expect, it } from 'vitest'
import { auditActionLabel, auditChangeLines, auditTargetLabel, auditTime } from '../../../src/audit/audit.text.js'

describe('audit page texts', () => {
  it.each([
    ['field by field, unchanged fields left out', { status: 'pending', amountFen: 1000 }, { status: 'paid', amountFen: 1000 }, ['status: pending → paid']],
    ['a field that appears', { status: 'pending' }, { status: 'rejected', reason: '重复' }, ['status: pending → rejected', 'reason: — → 重复']],
    ['nothing before', null, { userAgent: 'UA', ip: '1.2.3.4' }, ['userAgent: UA', 'ip: 1.2.3.4']],
    ['nested values as JSON', { paused: { by: 'a' } }, { paused: null }, ['paused: {"by":"a"} → —']],
    ['nothing recorded', null, null, []],
    ['non-objects whole', 'a', 'b', ['a → b']],
    ['an array whole', [1], [2], ['[1] → [2]']],
  ] as const)('%s', (_name, before, after, lines) => {
    expect(auditChangeLines(before, after)).toEqual(lines)
  })

  it('labels known actions and targets in Chinese and shows unknown ones as recorded', () => {
    expect(auditActionLabel('approve-withdrawal')).toBe('通过提现')
    expect(auditActionLabel('login')).toBe('登录后台')
    expect(auditActionLabel('something-new')).toBe('something-new')
    expect(auditTargetLabel('withdrawal', '12')).toBe('提现 12')
    expect(auditTargetLabel('thing', 'x')).toBe('thing x')
  })

  it('writes times as wall-clock time in the configured zone', () => {
    const at = new Date('2026-12-06T16:05:09Z')
    expect(auditTime(at, 'Asia/Shanghai')).toBe('2026-12-07 00:05:09')
    expect(auditTime(at, 'UTC')).toBe('2026-12-06 16:05:09')
  })
})
