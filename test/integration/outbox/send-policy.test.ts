import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startOutboxConsumer } from '../../../bots/outbox-consumer.js'
import type { OutboxMessage } from '../../../src/queue/payloads.js'
import { setLogLevel, setLogSink } from '../../../src/shared/log.js'
import { createHarness, type OutboxHarness, recordingSender } from './outbox-harness.js'

const ROOM_GAP = 1000
// Timers, Redis round trips and BullMQ's delayed-job promotion on a busy CI box.
const SLACK = 800

const bj = (text: string): number => Date.parse(`${text.replace(' ', 'T')}+08:00`)
const msg = (text: string, kind: OutboxMessage['kind'], conversationId: string): OutboxMessage => ({ conversationId, text, kind })
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

async function eventually(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await pause(10)
  }
}

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

const droppedTexts = async (reason: string): Promise<string[]> => {
  const completed = await harness.rawQueue.getCompleted()
  return completed
    .filter((job) => JSON.stringify(job.returnvalue) === JSON.stringify({ dropped: reason }))
    .map((job) => (job.data as OutboxMessage).text ?? '')
    .sort()
}

describe(`${startOutboxConsumer.name} send policy`, () => {
  it('keeps the room gap while another room goes first, and keeps each room in order', async () => {
    const group = 'deals-1@chatroom'
    for (const message of [
      msg('A1', 'push', group),
      msg('A2', 'push', group),
      msg('A3', 'push', group),
      msg('B1', 'push', 'deals-2@chatroom'),
    ]) {
      await harness.outbox.enqueue(message)
    }

    const sender = recordingSender()
    const consumer = await harness.start({ sender, minGapMs: 20, jitterMs: 0, minRoomGapMs: ROOM_GAP })
    await consumer.whenIdle()

    expect(sender.sent.map((s) => s.text)).toEqual(['A1', 'B1', 'A2', 'A3'])
    const at = Object.fromEntries(sender.sent.map((s) => [s.text, s.at]))
    const [a1 = 0, b1 = 0, a2 = 0, a3 = 0] = [at.A1, at.B1, at.A2, at.A3]
    // B1 did not wait behind A2's room gap: it went after one account gap.
    expect(b1 - a1).toBeGreaterThanOrEqual(19)
    expect(b1 - a1).toBeLessThan(ROOM_GAP)
    for (const gap of [a2 - a1, a3 - a2]) {
      // The policy reads Date.now() (whole ms) while the sender stamps performance.now().
      expect(gap).toBeGreaterThanOrEqual(ROOM_GAP - 1)
      expect(gap).toBeLessThanOrEqual(ROOM_GAP + SLACK)
    }
    expect(logs.some((line) => line.includes('outbox message delayed') && line.includes('room-gap'))).toBe(true)
    expect(await harness.outbox.pending()).toBe(0)
  })

  it('drops pushes past the daily cap but still sends notifications and replies, and resets on the next Beijing day', async () => {
    let clock = bj('2025-03-01 23:58')
    for (const text of ['push 1', 'push 2', 'push 3']) await harness.outbox.enqueue(msg(text, 'push', 'deals@chatroom'))

    const sender = recordingSender()
    const consumer = await harness.start({ sender, minGapMs: 10, jitterMs: 0, dailyCap: 2, now: () => clock })
    await consumer.whenIdle()
    expect(sender.sent.map((s) => s.text)).toEqual(['push 1', 'push 2'])

    await harness.outbox.enqueue(msg('note 1', 'notification', 'wxid_alice'))
    await harness.outbox.enqueue(msg('reply 1', 'reply', 'wxid_bob'))
    await consumer.whenIdle()
    await harness.outbox.enqueue(msg('push 4', 'push', 'deals@chatroom'))
    await consumer.whenIdle()
    // The idle consumer may take the notification before the reply is queued; order is not the point here.
    expect(sender.sent.map((s) => s.text).slice(0, 2)).toEqual(['push 1', 'push 2'])
    expect(sender.sent.map((s) => s.text).slice(2).sort()).toEqual(['note 1', 'reply 1'])
    expect(await droppedTexts('daily-cap')).toEqual(['push 3', 'push 4'])
    const drops = logs.filter((line) => line.includes('INFO') && line.includes('outbox push dropped'))
    expect(drops).toHaveLength(2)
    expect(drops.every((line) => line.includes('daily-cap') && line.includes('deals@chatroom') && !line.includes('push 3'))).toBe(true)

    clock = bj('2025-03-02 00:00')
    await harness.outbox.enqueue(msg('push 5', 'push', 'deals@chatroom'))
    await consumer.whenIdle()
    expect(sender.sent).toHaveLength(5)
    expect(sender.sent[4]?.text).toBe('push 5')
  })

  it('defers a push due in quiet hours to their end, without holding back replies and notifications', async () => {
    let clock = bj('2025-03-01 23:30')
    await harness.outbox.enqueue(msg('late deal', 'push', 'deals@chatroom'))
    await harness.outbox.enqueue(msg('order seen', 'notification', 'wxid_alice'))
    await harness.outbox.enqueue(msg('your link', 'reply', 'wxid_bob'))

    const sender = recordingSender()
    const consumer = await harness.start({
      sender,
      minGapMs: 10,
      jitterMs: 0,
      quietHours: { start: '22:00', end: '08:00' },
      quietMode: 'defer',
      now: () => clock,
    })
    await eventually(async () => sender.sent.length === 2 && (await harness.rawQueue.getDelayed()).length === 1)
    expect(sender.sent.map((s) => s.text)).toEqual(['your link', 'order seen'])

    const [deferred] = await harness.rawQueue.getDelayed()
    expect((deferred?.data as OutboxMessage | undefined)?.text).toBe('late deal')
    // 23:30 → 08:00 is 8.5 h, handed to BullMQ as a duration on the real clock.
    expect(deferred?.delay).toBe(8.5 * 3_600_000)
    expect(deferred?.attemptsMade).toBe(0)
    expect(await harness.outbox.pending()).toBe(1)

    clock = bj('2025-03-02 08:00')
    await deferred?.promote()
    await consumer.whenIdle()
    expect(sender.sent.map((s) => s.text)).toEqual(['your link', 'order seen', 'late deal'])
  })

  it('drops a push due in quiet hours in drop mode, and sends pushes again after them', async () => {
    let clock = bj('2025-03-02 03:00')
    await harness.outbox.enqueue(msg('night deal', 'push', 'deals@chatroom'))
    await harness.outbox.enqueue(msg('rebate credited', 'notification', 'wxid_alice'))

    const sender = recordingSender()
    const consumer = await harness.start({
      sender,
      minGapMs: 10,
      jitterMs: 0,
      quietHours: { start: '22:00', end: '08:00' },
      quietMode: 'drop',
      now: () => clock,
    })
    await consumer.whenIdle()
    expect(sender.sent.map((s) => s.text)).toEqual(['rebate credited'])
    expect(await droppedTexts('quiet-hours')).toEqual(['night deal'])
    expect(logs.some((line) => line.includes('outbox push dropped') && line.includes('quiet-hours'))).toBe(true)

    clock = bj('2025-03-02 09:00')
    await harness.outbox.enqueue(msg('morning deal', 'push', 'deals@chatroom'))
    await consumer.whenIdle()
    expect(sender.sent.map((s) => s.text)).toEqual(['rebate credited', 'morning deal'])
  })

  it('refuses malformed quiet hours at start', async () => {
    await expect(
      harness.start({ sender: recordingSender(), minGapMs: 10, jitterMs: 0, quietHours: { start: '22:00', end: '8:00' } }),
    ).rejects.toBeInstanceOf(RangeError)
  })
})
