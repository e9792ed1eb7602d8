import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { outboxSender } from '../../../bots/outbox-sender.js'
import { createOutbox } from '../../../src/outbox/outbox.js'
import { createRedisConnection } from '../../../src/queue/redis-connection.js'
import { setLogSink } from '../../../src/shared/log.js'
import { ACCOUNT, createHarness, recordingSender } from './outbox-harness.js'

const logs: string[] = []
setLogSink((line) => logs.push(line))

describe('replies when the outbox (Redis) is down', () => {
  const down = createRedisConnection('redis://127.0.0.1:1')
  down.on('error', () => undefined)
  const outbox = createOutbox({ connection: down, prefix: `test-${randomUUID()}`, account: ACCOUNT })
  afterAll(async () => {
    down.disconnect()
  })

  it('go straight out at once, paced, and the outage is logged once', async () => {
    const direct = recordingSender()
    const sender = outboxSender(outbox, { direct, minGapMs: 60, jitterMs: 0 })
    const before = logs.length
    const started = performance.now()
    await Promise.all([sender.send('wxid_a', '余额：¥1.00'), sender.send('wxid_b', '余额：¥2.00'), sender.send('wxid_c', '余额：¥3.00')])
    expect(direct.sent.map((s) => s.text)).toEqual(['余额：¥1.00', '余额：¥2.00', '余额：¥3.00'])
    // Nothing waited for Redis: three sends two 60 ms gaps apart.
    expect(performance.now() - started).toBeLessThan(2000)
    const [first, second, third] = direct.sent
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(59)
    expect((third?.at ?? 0) - (second?.at ?? 0)).toBeGreaterThanOrEqual(59)
    expect(logs.slice(before).filter((l) => l.includes('unreachable'))).toHaveLength(1)
  })
})

describe('replies when the outbox is up', () => {
  const harness = createHarness()
  afterAll(() => harness.cleanup())

  it('go through the outbox, not directly', async () => {
    const direct = recordingSender()
    await outboxSender(harness.outbox, { direct }).send('wxid_d', '订单：…')
    expect(direct.sent).toEqual([])
    expect(await harness.outbox.pending()).toBe(1)
  })
})
