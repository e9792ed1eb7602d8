import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { metricsRegistry } from '../../../src/metrics/metrics.js'
import { createHarness, recordingSender, type OutboxHarness } from '../outbox/outbox-harness.js'
import { startBotFixture, type BotFixture } from '../../support/bot-fixture.js'
import { parsePrometheusText, type Scrape } from '../../support/prometheus-text.js'

const scrape = async (): Promise<Scrape> => parsePrometheusText(await metricsRegistry.metrics())

describe('chat message metrics', () => {
  let f: BotFixture
  beforeAll(async () => {
    f = await startBotFixture({ BOT_ACCOUNT: 'metrics-bot' })
  })
  afterAll(async () => {
    await f.close()
  })

  it('counts each received message by account and chat (direct or group)', async () => {
    const before = await scrape()
    const member = f.bot.contact('指标成员')
    await f.bot.say(member, '帮助')
    await f.bot.say(member, '随便聊聊', f.bot.room('指标群', f.bot.contact('指标群主'), [member]))
    const after = await scrape()
    const delta = (chat: string) =>
      after.value('rebate_bot_messages_received_total', { account: 'metrics-bot', chat }) -
      before.value('rebate_bot_messages_received_total', { account: 'metrics-bot', chat })
    expect(delta('direct')).toBe(1)
    expect(delta('group')).toBe(1)
  })
})

describe('outbox send metrics', () => {
  let harness: OutboxHarness
  beforeAll(() => {
    harness = createHarness(10)
  })
  afterAll(async () => {
    await harness.cleanup()
  })

  it('counts sends by kind, failed attempts, and pushes the policy dropped', async () => {
    const labels = (kind: string) => ({ account: 'test-account', kind })
    const before = await scrape()
    // The first send attempt fails and is retried: one failure, then the reply goes out.
    const sender = recordingSender(1)
    const consumer = await harness.start({ sender, minGapMs: 0, jitterMs: 0, dailyCap: 0 })
    await harness.outbox.enqueue({ conversationId: 'c1', text: '回复', kind: 'reply' })
    await harness.outbox.enqueue({ conversationId: 'c2', text: '通知', kind: 'notification' })
    await harness.outbox.enqueue({ conversationId: 'room@chatroom', text: '推送', kind: 'push' })
    await consumer.whenIdle()
    expect(sender.sent.map((s) => s.text).sort()).toEqual(['回复', '通知'].sort())
    const after = await scrape()
    const delta = (name: string, l: Record<string, string>) => after.value(name, l) - before.value(name, l)
    expect(delta('rebate_bot_messages_sent_total', labels('reply')) + delta('rebate_bot_messages_sent_total', labels('notification'))).toBe(2)
    expect(delta('rebate_bot_messages_sent_total', labels('reply'))).toBe(1)
    expect(delta('rebate_bot_messages_sent_total', labels('push'))).toBe(0)
    expect(delta('rebate_bot_message_send_failures_total', labels('reply')) + delta('rebate_bot_message_send_failures_total', labels('notification'))).toBe(1)
    expect(delta('rebate_bot_messages_dropped_total', { account: 'test-account', reason: 'daily-cap' })).toBe(1)
  })
})
