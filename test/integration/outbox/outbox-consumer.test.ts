import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startOutboxConsumer } from '../../../bots/outbox-consumer.js'
import { InvalidOutboxMessageError } from '../../../src/outbox/invalid-outbox-message-error.js'
import type { OutboxMessage } from '../../../src/queue/payloads.js'
import { setLogLevel, setLogSink } from '../../../src/shared/log.js'
import { createHarness, type OutboxHarness, recordingSender, seededRandom } from './outbox-harness.js'

const MIN_GAP = 80
const JITTER = 40
// Timers and Redis round trips on a busy CI box; generous, but still catches "no pacing" and "double gap".
const SLACK = 120

const msg = (text: string, kind: OutboxMessage['kind'] = 'notification', conversationId = 'wxid_alice'): OutboxMessage => ({
  conversationId,
  text,
  kind,
})

const gaps = (times: readonly number[]): number[] => times.slice(1).map((t, i) => t - (times[i] ?? t))

let harness: OutboxHarness
let logs: string[]

beforeEach(() => {
  harness = createHarness()
  logs = []
  setLogSink((line) => logs.push(line))
  setLogLevel('debug')
})

afterEach(async () => {
  await harness.cleanup()
  setLogLevel('info')
})

describe(startOutboxConsumer.name, () => {
  it('sends a burst in priority then FIFO order, paced by minGap + jitter', async () => {
    const burst = [msg('push 1', 'push'), msg('note 1'), msg('reply 1', 'reply'), msg('push 2', 'push'), msg('note 2'), msg('reply 2', 'reply')]
    for (const message of burst) expect(await harness.outbox.enqueue(message)).toBe(true)
    expect(await harness.outbox.pending()).toBe(6)

    const sender = recordingSender()
    // Seed 2 draws jitters of 11–35 ms, so "≥ MIN_GAP" holds with room for clock rounding.
    const consumer = await harness.start({ sender, minGapMs: MIN_GAP, jitterMs: JITTER, random: seededRandom(2) })
    await consumer.whenIdle()

    expect(sender.sent.map((s) => s.text)).toEqual(['reply 1', 'reply 2', 'note 1', 'note 2', 'push 1', 'push 2'])
    // The first send draws no jitter; each later one draws once, in order.
    const replay = seededRandom(2)
    const observed = gaps(sender.sent.map((s) => s.at))
    expect(observed).toHaveLength(5)
    for (const gap of observed) {
      const planned = MIN_GAP + replay() * JITTER
      expect(gap).toBeGreaterThanOrEqual(MIN_GAP)
      // Pacing reads Date.now() (whole ms) while the sender stamps performance.now().
      expect(gap).toBeGreaterThanOrEqual(planned - 1)
      expect(gap).toBeLessThanOrEqual(MIN_GAP + JITTER + SLACK)
    }
    expect(await harness.outbox.pending()).toBe(0)
  })

  it('sends replies enqueued after notifications first when both wait', async () => {
    for (const text of ['note 1', 'note 2', 'note 3']) await harness.outbox.enqueue(msg(text))
    await harness.outbox.enqueue(msg('reply 1', 'reply', 'wxid_bob'))
    await harness.outbox.enqueue(msg('reply 2', 'reply', 'room1@chatroom'))

    const sender = recordingSender()
    const consumer = await harness.start({ sender, minGapMs: 10, jitterMs: 0 })
    await consumer.whenIdle()

    expect(sender.sent.map((s) => [s.conversationId, s.text])).toEqual([
      ['wxid_bob', 'reply 1'],
      ['room1@chatroom', 'reply 2'],
      ['wxid_alice', 'note 1'],
      ['wxid_alice', 'note 2'],
      ['wxid_alice', 'note 3'],
    ])
  })

  it('sends a deduped event once, and refuses the key while its job is retained', async () => {
    expect(await harness.outbox.enqueue(msg('order 123 seen'), 'order-seen:jd:123')).toBe(true)
    expect(await harness.outbox.enqueue(msg('order 123 seen'), 'order-seen:jd:123')).toBe(false)
    expect(await harness.outbox.enqueue(msg('order 124 seen'), 'order-seen:jd:124')).toBe(true)
    expect(await harness.outbox.pending()).toBe(2)

    const sender = recordingSender()
    const consumer = await harness.start({ sender, minGapMs: 10, jitterMs: 0 })
    await consumer.whenIdle()
    expect(await harness.outbox.enqueue(msg('order 123 seen'), 'order-seen:jd:123')).toBe(false)
    await consumer.whenIdle()

    expect(sender.sent.map((s) => s.text)).toEqual(['order 123 seen', 'order 124 seen'])
  })

  it('fails an invalid payload without sending it and keeps going', async () => {
    const bad = await harness.rawQueue.add('reply', { conversationId: '', text: 'secret text', kind: 'reply' }, { priority: 1, attempts: 5 })
    await harness.outbox.enqueue(msg('after the bad one'))

    const sender = recordingSender()
    const consumer = await harness.start({ sender, minGapMs: 10, jitterMs: 0 })
    await consumer.whenIdle()

    expect(sender.calls.map((s) => s.text)).toEqual(['after the bad one'])
    const failed = await harness.rawQueue.getJob(bad.id ?? '')
    expect(await failed?.getState()).toBe('failed')
    expect(failed?.attemptsMade).toBe(1)
    expect(failed?.failedReason).toMatch(/invalid outbox message \(conversationId\)/)
    expect(logs.some((line) => line.includes('WARN') && line.includes('invalid outbox job'))).toBe(true)
    expect(logs.join('\n')).not.toContain('secret text')
  })

  it('retries a failing send with backoff, sends it once, and keeps the failures paced', async () => {
    await harness.outbox.enqueue(msg('rebate available', 'notification', 'wxid_carol'))

    const sender = recordingSender(2)
    const consumer = await harness.start({ sender, minGapMs: MIN_GAP, jitterMs: 0 })
    await consumer.whenIdle()

    expect(sender.calls).toHaveLength(3)
    expect(sender.sent.map((s) => s.text)).toEqual(['rebate available'])
    for (const gap of gaps(sender.calls.map((s) => s.at))) expect(gap).toBeGreaterThanOrEqual(MIN_GAP - 1)
    const warnings = logs.filter((line) => line.includes('WARN') && line.includes('outbox send failed'))
    expect(warnings).toHaveLength(2)
    expect(warnings.every((line) => line.includes('wxid_carol') && !line.includes('rebate available'))).toBe(true)
    expect(logs.some((line) => line.includes('DEBUG') && line.includes('outbox sent') && line.includes('wxid_carol'))).toBe(true)
  })

  it('whenIdle resolves only once every message is sent', async () => {
    const sender = recordingSender()
    const consumer = await harness.start({ sender, minGapMs: 30, jitterMs: 10 })
    await consumer.whenIdle()
    expect(sender.calls).toHaveLength(0)

    for (const text of ['a', 'b', 'c', 'd']) await harness.outbox.enqueue(msg(text))
    await consumer.whenIdle()
    expect(sender.sent.map((s) => s.text)).toEqual(['a', 'b', 'c', 'd'])
    expect(await harness.outbox.pending()).toBe(0)
  })

  it('uses the injected clock and sleep for pacing', async () => {
    let clock = 1_000
    const slept: number[] = []
    const sender = recordingSender()
    for (const text of ['one', 'two', 'three']) await harness.outbox.enqueue(msg(text))
    const consumer = await harness.start({
      sender,
      minGapMs: 5_000,
      jitterMs: 1_000,
      random: () => 0.5,
      now: () => clock,
      sleep: async (ms) => {
        slept.push(ms)
        clock += ms
      },
    })
    await consumer.whenIdle()
    expect(sender.sent.map((s) => s.text)).toEqual(['one', 'two', 'three'])
    expect(slept).toEqual([5_500, 5_500])
  })
})

describe('Outbox.enqueue', () => {
  it.each([
    ['empty text', { conversationId: 'wxid_alice', text: '', kind: 'reply' }],
    ['unknown kind', { conversationId: 'wxid_alice', text: 'hi', kind: 'broadcast' }],
    ['too long', { conversationId: 'wxid_alice', text: 'x'.repeat(4001), kind: 'push' }],
  ])('rejects %s with InvalidOutboxMessageError and adds nothing', async (_name, message) => {
    await expect(harness.outbox.enqueue(message as OutboxMessage)).rejects.toBeInstanceOf(InvalidOutboxMessageError)
    expect(await harness.outbox.pending()).toBe(0)
  })
})
