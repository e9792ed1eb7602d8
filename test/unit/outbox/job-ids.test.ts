import { describe, expect, it } from 'vitest'
import { jobId } from '../../../src/queue/job-ids.js'

const HASHED = /^(?<readable>[A-Za-z][A-Za-z0-9_.-]*)\.[0-9a-f]{10}$/

describe(jobId.name, () => {
  it.each([
    [['credit-order', 42], 'credit-order_42'],
    [['out', 'order-seen', 'jd', '12345'], 'out_order-seen_jd_12345'],
    [['sync', 'taobao', 1.5], 'sync_taobao_1.5'],
  ] as const)('%j stays readable: %s', (parts, expected) => expect(jobId(...parts)).toBe(expected))

  it.each([
    [['out', 'a:b'], 'out_a-b'],
    [[42], 'j42'],
    [['0'], 'j0'],
    [['-7'], 'j-7'],
    [['out', '订单 123'], 'out_---123'],
    [['out', '🎉'], 'out_--'],
    [['', 'x'], 'j_x'],
  ] as const)('%j is made safe: %s + hash', (parts, readable) => {
    const id = jobId(...parts)
    expect(id).toMatch(HASHED)
    expect(HASHED.exec(id)?.groups?.readable).toBe(readable)
  })

  it.each([
    [['out', 'a:b'], ['out', 'a-b']],
    [['out', '店铺'], ['out', '商品']],
    [[42], ['j42']],
    [['a b'], ['a/b']],
  ] as const)('%j and %j do not collide', (left, right) => expect(jobId(...left)).not.toBe(jobId(...right)))

  it('is deterministic', () => expect(jobId('out', '订单:1')).toBe(jobId('out', '订单:1')))

  it.each([[['x', 'a:b:c']], [[1234]], [['全部']], [['a', 'b', 'c']]] as const)('%j passes BullMQ rules (no ":", not an integer)', (parts) => {
    const id = jobId(...parts)
    expect(id).not.toContain(':')
    expect(`${parseInt(id, 10)}`).not.toBe(id)
    expect(id).toMatch(/^[A-Za-z][A-Za-z0-9_.-]*$/)
  })
})
