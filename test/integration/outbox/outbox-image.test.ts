import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ReplySender } from '../../../bots/reply-sender.js'
import type { LoadedPicture } from '../../../src/chat/chat-input.js'
import type { OutboxMessage } from '../../../src/queue/payloads.js'
import { setLogSink } from '../../../src/shared/log.js'
import { createHarness, type OutboxHarness } from './outbox-harness.js'

/** Stored pictures as the bot process would load them from the database, by id. */
const PICTURES: Record<string, LoadedPicture> = {
  '1': { name: 'a.png', mediaType: 'image/png', bytes: Buffer.from('a') },
  '2': { name: 'b.png', mediaType: 'image/png', bytes: Buffer.from('b') },
  '3': { name: 'c.png', mediaType: 'image/png', bytes: Buffer.from('c') },
}
const loadPicture = async (id: string): Promise<LoadedPicture | undefined> => PICTURES[id]

function pictureSender(options: { failingPicture?: string } = {}): ReplySender & { log: string[]; at: number[] } {
  const log: string[] = []
  const at: number[] = []
  return {
    log,
    at,
    send: async (to, text) => {
      log.push(`${to} ${text}`)
      at.push(performance.now())
    },
    sendPicture: async (to, picture) => {
      if (picture.name === options.failingPicture) throw new Error('WeChat refused the file')
      log.push(`${to} [图片 ${picture.name}]`)
      at.push(performance.now())
    },
  }
}

const copy = (to: string, text: string, pictureIds?: string[]): OutboxMessage => ({ conversationId: to, text, kind: 'push', ...(pictureIds ? { pictureIds } : {}) })
const following = (to: string, follows: string, pictureIds: string[]): OutboxMessage => ({ conversationId: to, kind: 'push', pictureIds, follows })

describe('outbox pictures', () => {
  let harness: OutboxHarness
  beforeEach(() => {
    setLogSink(() => undefined)
    harness = createHarness()
  })
  afterEach(async () => {
    await harness.cleanup()
  })

  function sender(imageFails: boolean): ReplySender & { log: string[] } {
    const log: string[] = []
    return {
      log,
      send: async (to, text) => void log.push(`text ${to} ${text}`),
      sendImage: async (to, url) => {
        if (imageFails) throw new Error('this puppet cannot send files')
        log.push(`image ${to} ${url}`)
      },
    }
  }

  it('sends a deal card’s picture just before its text', async () => {
    const s = sender(false)
    await harness.outbox.enqueue({ conversationId: 'g@chatroom', text: '【京东】好物', kind: 'push', imageUrl: 'https://img.example.invalid/1.jpg' })
    await harness.outbox.enqueue({ conversationId: 'u1', text: '只有文字', kind: 'push' })
    const consumer = await harness.start({ sender: s, minGapMs: 0, jitterMs: 0 })
    await consumer.whenIdle()
    expect(s.log).toEqual(['image g@chatroom https://img.example.invalid/1.jpg', 'text g@chatroom 【京东】好物', 'text u1 只有文字'])
  })

  it('a picture that cannot be sent never blocks the text', async () => {
    const s = sender(true)
    await harness.outbox.enqueue({ conversationId: 'g@chatroom', text: '【拼多多】好物', kind: 'push', imageUrl: 'https://img.example.invalid/2.jpg' })
    const consumer = await harness.start({ sender: s, minGapMs: 0, jitterMs: 0 })
    await consumer.whenIdle()
    expect(s.log).toEqual(['text g@chatroom 【拼多多】好物'])
  })

  it('sends stored pictures before the text, in order; one that fails or is gone never blocks the text', async () => {
    const s = pictureSender({ failingPicture: 'b.png' })
    await harness.outbox.enqueue(copy('g@chatroom', '线报一', ['1', '3']), 'c1')
    await harness.outbox.enqueue(copy('g@chatroom', '线报二', ['2', '99']), 'c2')
    const consumer = await harness.start({ sender: s, minGapMs: 0, jitterMs: 0, loadPicture })
    await consumer.whenIdle()
    expect(s.log).toEqual(['g@chatroom [图片 a.png]', 'g@chatroom [图片 c.png]', 'g@chatroom 线报一', 'g@chatroom 线报二'])
  })

  it('a following picture does not wait the room gap after its copy, and the next copy still does', async () => {
    const s = pictureSender()
    await harness.outbox.enqueue(copy('g@chatroom', '线报'), 'c1')
    await harness.outbox.enqueue(following('g@chatroom', 'c1', ['1']), 'c1_pic1')
    const consumer = await harness.start({ sender: s, minGapMs: 0, jitterMs: 0, minRoomGapMs: 1_500, loadPicture })
    await consumer.whenIdle()
    expect(s.log).toEqual(['g@chatroom 线报', 'g@chatroom [图片 a.png]'])
    expect((s.at[1] ?? 0) - (s.at[0] ?? 0)).toBeLessThan(500)
    await harness.outbox.enqueue(copy('g@chatroom', '下一条'), 'c2')
    await consumer.whenIdle()
    expect(s.log.at(-1)).toBe('g@chatroom 下一条')
    expect((s.at[2] ?? 0) - (s.at[0] ?? 0)).toBeGreaterThanOrEqual(1_500)
  })

  it('a following picture waits for a copy the room gap holds, and arrives after it', async () => {
    const s = pictureSender()
    await harness.outbox.enqueue(copy('g@chatroom', '第一条'), 'c1')
    await harness.outbox.enqueue(copy('g@chatroom', '第二条'), 'c2')
    await harness.outbox.enqueue(following('g@chatroom', 'c2', ['2']), 'c2_pic1')
    await harness.outbox.enqueue(copy('h@chatroom', '别的群'), 'c3')
    const consumer = await harness.start({ sender: s, minGapMs: 0, jitterMs: 0, minRoomGapMs: 800, loadPicture })
    await consumer.whenIdle()
    expect(s.log).toEqual(['g@chatroom 第一条', 'h@chatroom 别的群', 'g@chatroom 第二条', 'g@chatroom [图片 b.png]'])
  })

  it('following pictures do not count against the daily cap, and are dropped with a copy the cap dropped', async () => {
    const s = pictureSender()
    for (const n of [1, 2, 3]) {
      await harness.outbox.enqueue(copy(`g${n}@chatroom`, `线报${n}`), `c${n}`)
      await harness.outbox.enqueue(following(`g${n}@chatroom`, `c${n}`, [String(n)]), `c${n}_pic1`)
    }
    const consumer = await harness.start({ sender: s, minGapMs: 0, jitterMs: 0, dailyCap: 2, loadPicture })
    await consumer.whenIdle()
    expect(s.log).toEqual(['g1@chatroom 线报1', 'g1@chatroom [图片 a.png]', 'g2@chatroom 线报2', 'g2@chatroom [图片 b.png]'])
    const dropped = (await harness.rawQueue.getCompleted()).filter((job) => job.returnvalue !== null && job.returnvalue !== undefined).map((job) => job.id)
    expect(dropped.sort()).toEqual(['out_c3', 'out_c3_pic1'].sort())
  })

  it('a copy deferred to the end of quiet hours takes its following picture with it (both parked, neither sent)', async () => {
    const s = pictureSender()
    // 23:30 Beijing, inside 23:00–08:00.
    const lateNight = Date.parse('2026-12-06T23:30:00+08:00')
    await harness.outbox.enqueue(copy('g@chatroom', '夜里的线报'), 'c1')
    await harness.outbox.enqueue(following('g@chatroom', 'c1', ['1']), 'c1_pic1')
    const consumer = await harness.start({ sender: s, minGapMs: 0, jitterMs: 0, quietHours: { start: '23:00', end: '08:00' }, now: () => lateNight, loadPicture })
    await consumer.whenIdle()
    expect(s.log).toEqual([])
    expect(consumer.parked()).toBe(2)
    expect(await harness.rawQueue.getDelayedCount()).toBe(2)
  })
})
