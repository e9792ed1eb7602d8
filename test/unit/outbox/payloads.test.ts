import { describe, expect, it } from 'vitest'
import { CreditOrderJobSchema, OrderSyncJobSchema, OutboxMessageSchema } from '../../../src/queue/payloads.js'
import { outboxQueueName, QUEUE } from '../../../src/queue/queue-names.js'
import { InvalidQueueAccountError } from '../../../src/queue/invalid-queue-account-error.js'

describe('OrderSyncJobSchema', () => {
  it.each([
    [{ platform: 'taobao' }, true],
    [{ platform: 'jd' }, true],
    [{ platform: 'pdd' }, true],
    [{ platform: 'tmall' }, false],
    [{}, false],
    ['jd', false],
  ] as const)('%j → %s', (input, ok) => expect(OrderSyncJobSchema.safeParse(input).success).toBe(ok))
})

describe('CreditOrderJobSchema', () => {
  it.each([
    [{ orderRowIds: ['1'] }, true],
    [{ orderRowIds: ['9223372036854775807', '2'] }, true],
    [{ orderRowIds: [12] }, false],
    [{ orderRowIds: [] }, false],
    [{ orderRowIds: ['-1'] }, false],
    [{ orderRowIds: ['1e3'] }, false],
    [{ orderRowIds: [' 12'] }, false],
  ] as const)('%j → %s', (input, ok) => expect(CreditOrderJobSchema.safeParse(input).success).toBe(ok))
})

describe('OutboxMessageSchema', () => {
  const good = { conversationId: 'wxid_alice', text: '订单已收到', kind: 'notification' }
  it.each([
    ['a notification', good, true],
    ['a reply in a room', { ...good, conversationId: '123@chatroom', kind: 'reply' }, true],
    ['a push', { ...good, kind: 'push' }, true],
    ['text of 4000 chars', { ...good, text: 'x'.repeat(4000) }, true],
    ['conversation id of 128 chars', { ...good, conversationId: 'c'.repeat(128) }, true],
    ['empty text', { ...good, text: '' }, false],
    ['text of 4001 chars', { ...good, text: 'x'.repeat(4001) }, false],
    ['empty conversation id', { ...good, conversationId: '' }, false],
    ['conversation id of 129 chars', { ...good, conversationId: 'c'.repeat(129) }, false],
    ['unknown kind', { ...good, kind: 'broadcast' }, false],
    ['a push with stored pictures before its text', { ...good, kind: 'push', pictureIds: ['1', '22'] }, true],
    ['pictures following a copy, no text', { conversationId: 'g@chatroom', kind: 'push', pictureIds: ['7'], follows: 'relay_g@chatroom_jd-1_9' }, true],
    ['following pictures with text', { ...good, kind: 'push', pictureIds: ['7'], follows: 'k' }, false],
    ['following with no pictures', { conversationId: 'g@chatroom', kind: 'push', follows: 'k' }, false],
    ['no text and not following', { conversationId: 'g@chatroom', kind: 'push', pictureIds: ['7'] }, false],
    ['ten pictures', { ...good, kind: 'push', pictureIds: Array.from({ length: 10 }, (_, i) => String(i + 1)) }, false],
    ['a picture id that is not a row id', { ...good, kind: 'push', pictureIds: ['x1'] }, false],
    ['missing kind', { conversationId: 'wxid_alice', text: 'hi' }, false],
    ['not an object', 'hi', false],
  ] as const)('%s → %s', (_name, input, ok) => expect(OutboxMessageSchema.safeParse(input).success).toBe(ok))
})

describe(outboxQueueName.name, () => {
  it.each([
    ['main', 'outbox-main'],
    ['acct_2-b', 'outbox-acct_2-b'],
    ['a'.repeat(64), `outbox-${'a'.repeat(64)}`],
  ])('%s → %s', (account, name) => expect(outboxQueueName(account)).toBe(name))

  it.each([[''], ['a:b'], ['a b'], ['账号'], ['a'.repeat(65)], ['{main}']])('rejects %j', (account) => {
    expect(() => outboxQueueName(account)).toThrow(InvalidQueueAccountError)
  })

  it('names the shared queues', () => expect(QUEUE).toEqual({ orderSync: 'order-sync', orderCredit: 'order-credit', groupPush: 'group-push' }))
})
