import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OutboxMessage } from '../../../src/queue/payloads.js'
import { createHarness, type OutboxHarness, recordingSender } from './outbox-harness.js'

/** What the account monitor plugs into the outbox: a cap that depends on the day, and each failed send. */
describe('the outbox consumer’s account hooks', () => {
  let harness: OutboxHarness
  beforeEach(() => {
    harness = createHarness(10)
  })
  afterEach(async () => {
    await harness.cleanup()
  })

  it('asks a daily cap given as a function with the policy clock, and drops pushes past it', async () => {
    const asked: number[] = []
    for (const text of ['push 1', 'push 2', 'push 3']) await harness.outbox.enqueue({ conversationId: 'r@chatroom', text, kind: 'push' })
    const sender = recordingSender()
    const consumer = await harness.start({
      sender,
      minGapMs: 0,
      jitterMs: 0,
      now: () => 1_000_000,
      dailyCap: (nowMs) => {
        asked.push(nowMs)
        return 2
      },
    })
    await consumer.whenIdle()
    expect(sender.sent.map((s) => s.text)).toEqual(['push 1', 'push 2'])
    expect(asked).toEqual([1_000_000, 1_000_000, 1_000_000])
  })

  it('counts only pushes against the cap: replies and notifications sent before do not use it up', async () => {
    for (const text of ['note 1', 'note 2', 'note 3']) await harness.outbox.enqueue({ conversationId: 'wxid_a', text, kind: 'notification' })
    await harness.outbox.enqueue({ conversationId: 'wxid_b', text: 'reply 1', kind: 'reply' })
    const sender = recordingSender()
    const consumer = await harness.start({ sender, minGapMs: 0, jitterMs: 0, dailyCap: 2 })
    await consumer.whenIdle()
    for (const text of ['push 1', 'push 2', 'push 3']) await harness.outbox.enqueue({ conversationId: 'r@chatroom', text, kind: 'push' })
    await consumer.whenIdle()
    expect(sender.sent.map((s) => s.text).filter((t) => t.startsWith('push'))).toEqual(['push 1', 'push 2'])
    expect(sender.sent).toHaveLength(6)
  })

  it('takes the day’s push count from pushesToday when given (kept across restarts by the account monitor)', async () => {
    let keptCount = 4
    for (const text of ['push 1', 'push 2']) await harness.outbox.enqueue({ conversationId: 'r@chatroom', text, kind: 'push' })
    const sender = recordingSender()
    const consumer = await harness.start({
      sender,
      minGapMs: 0,
      jitterMs: 0,
      dailyCap: 5,
      pushesToday: () => keptCount,
      onSent: async (message) => {
        if (message.kind === 'push') keptCount += 1
      },
    })
    await consumer.whenIdle()
    expect(sender.sent.map((s) => s.text)).toEqual(['push 1'])
  })

  it('tells onSendFailed of each failed attempt, and a failing hook does not stop the retry', async () => {
    const failed: [OutboxMessage['kind'], string][] = []
    await harness.outbox.enqueue({ conversationId: 'wxid_a', text: 'hello', kind: 'reply' })
    const sender = recordingSender(2)
    const consumer = await harness.start({
      sender,
      minGapMs: 0,
      jitterMs: 0,
      onSendFailed: (message, error) => {
        failed.push([message.kind, (error as Error).message])
        throw new Error('monitor broke')
      },
    })
    await consumer.whenIdle()
    expect(sender.sent.map((s) => s.text)).toEqual(['hello'])
    expect(failed).toEqual([
      ['reply', 'puppet refused send #1'],
      ['reply', 'puppet refused send #2'],
    ])
  })

  it('holds a push while pushesAllowed says no (a failing check holds too); replies and notifications never ask', async () => {
    let allowed: boolean | 'throw' = 'throw'
    let asks = 0
    await harness.outbox.enqueue({ conversationId: 'r@chatroom', text: 'push', kind: 'push' })
    await harness.outbox.enqueue({ conversationId: 'wxid_a', text: 'note', kind: 'notification' })
    const sender = recordingSender()
    const consumer = await harness.start({
      sender,
      minGapMs: 0,
      jitterMs: 0,
      pausedRetryMs: 100,
      pushesAllowed: () => {
        asks++
        if (allowed === 'throw') throw new Error('database down')
        return allowed
      },
    })
    await consumer.whenIdle()
    expect(sender.sent.map((s) => s.text)).toEqual(['note'])
    expect(asks).toBe(1)
    allowed = true
    const deadline = Date.now() + 5000
    while (sender.sent.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(sender.sent.map((s) => s.text)).toEqual(['note', 'push'])
  })
})
