import { describe, expect, it } from 'vitest'
import { countedReplies } from '../../../bots/counted-sender.js'
import { metricsRegistry } from '../../../src/metrics/metrics.js'
import { parsePrometheusText } from '../../support/prometheus-text.js'

const value = async (name: string, account: string) =>
  parsePrometheusText(await metricsRegistry.metrics()).value(name, { account, kind: 'reply' })

describe('replies sent past the outbox', () => {
  it('count as sent replies, and a refused one as a failure (rethrown)', async () => {
    const account = `direct-${Math.random().toString(36).slice(2, 8)}`
    let refuse = false
    const sent: string[] = []
    const sender = countedReplies(account, {
      send: async (_to, text) => {
        if (refuse) throw new Error('puppet refused')
        sent.push(text)
      },
    })
    await sender.send('c1', '一')
    await sender.send('c1', '二')
    refuse = true
    await expect(sender.send('c1', '三')).rejects.toThrow('puppet refused')
    expect(sent).toEqual(['一', '二'])
    expect(await value('rebate_bot_messages_sent_total', account)).toBe(2)
    expect(await value('rebate_bot_message_send_failures_total', account)).toBe(1)
  })
})
