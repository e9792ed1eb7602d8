import { randomUUID } from 'node:crypto'
import { Queue } from 'bullmq'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordConversation } from '../../../src/accounts/account.service.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { recordNotices } from '../../../src/orders/notice-outbox.repository.js'
import { handOverRouted, relayNotices } from '../../../src/orders/notice-relay.service.js'
import { createOutbox, type Outbox } from '../../../src/outbox/outbox.js'
import { outboxQueueName } from '../../../src/queue/queue-names.js'
import { createRedisConnection } from '../../../src/queue/redis-connection.js'
import { availableBackends, openPrivateDatabase } from '../../support/test-databases.js'

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

describe.each(availableBackends())('notices go out through the account that serves their contact, on %s', (backend) => {
  let handle: DatabaseHandle
  const connection = createRedisConnection(REDIS_URL)
  const prefix = `test-${randomUUID()}`
  const outboxes = new Map<string, Outbox>()
  const outboxFor = (account: string): Outbox => {
    if (!outboxes.has(account)) outboxes.set(account, createOutbox({ connection, prefix, account }))
    return outboxes.get(account) as Outbox
  }
  /** Conversation ids queued on an account's outbox. */
  const queuedFor = async (account: string): Promise<string[]> => {
    const queue = new Queue(outboxQueueName(account), { connection, prefix })
    const jobs = await queue.getJobs(['waiting', 'prioritized', 'delayed'])
    await queue.close()
    return jobs.map((job) => (job.data as { conversationId: string }).conversationId).sort()
  }
  beforeAll(async () => {
    handle = await openPrivateDatabase(backend)
  })
  afterAll(async () => {
    for (const [account, outbox] of outboxes) {
      const queue = new Queue(outboxQueueName(account), { connection, prefix })
      await queue.obliterate({ force: true })
      await queue.close()
      await outbox.close()
    }
    await connection.quit()
    await handle.close()
  })

  it('a contact known to account b hears from b, an unknown one from the default account, an operator about b’s trouble from a', async () => {
    await recordConversation(handle.db, 'b', 'wxid_known_to_b', false)
    await recordConversation(handle.db, 'b', 'wxid_operator', false)
    await recordConversation(handle.db, 'a', 'wxid_operator', false)
    // b saw the operator last: an ordinary notice to them goes through b, one about b's trouble through a.
    await handle.db.updateTable('account_contacts').set({ last_seen_at: new Date(Date.now() - 3_600_000) }).where('account', '=', 'a').execute()
    await handle.db.transaction().execute((trx) =>
      recordNotices(trx, [
        { contactId: 'wxid_known_to_b', text: '返利到账 ¥1.00', dedupeKey: `n1-${randomUUID()}` },
        { contactId: 'wxid_stranger', text: '返利到账 ¥2.00', dedupeKey: `n2-${randomUUID()}` },
        { contactId: 'wxid_operator', text: '提现成功', dedupeKey: `n3-${randomUUID()}` },
        { contactId: 'wxid_operator', text: '账号 b 暂停推送', dedupeKey: `account-trouble:b:rate-limited:2026120612:wxid_operator` },
      ]),
    )
    const moved = await relayNotices({
      db: handle.db,
      ...handOverRouted(outboxFor, 'a'),
      pending: async () => 0,
      highWater: 100,
      rehandAfterMs: 60_000,
    })
    expect(moved).toBe(4)
    expect(await queuedFor('b')).toEqual(['wxid_known_to_b', 'wxid_operator'])
    expect(await queuedFor('a')).toEqual(['wxid_operator', 'wxid_stranger'])
  })
})
