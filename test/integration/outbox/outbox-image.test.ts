import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ReplySender } from '../../../bots/reply-sender.js'
import { setLogSink } from '../../../src/shared/log.js'
import { createHarness, type OutboxHarness } from './outbox-harness.js'

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
})
