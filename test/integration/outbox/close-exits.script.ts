/*
 * Run as a child process by close-exits.test.ts: the whole outbox lifecycle,
 * then nothing. If close() left a timer, socket or blocking call behind, this
 * process would not exit on its own.
 */
import { Queue } from 'bullmq'
import { startOutboxConsumer } from '../../../bots/outbox-consumer.js'
import { createOutbox } from '../../../src/outbox/outbox.js'
import { outboxQueueName } from '../../../src/queue/queue-names.js'
import { createRedisConnection } from '../../../src/queue/redis-connection.js'

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const prefix = process.env.OUTBOX_TEST_PREFIX ?? 'test-close-exits'
const account = 'close-exits'
const sent: string[] = []

const connection = createRedisConnection(url)
const outbox = createOutbox({ connection, prefix, account })
await outbox.enqueue({ conversationId: 'wxid_alice', text: 'first', kind: 'notification' })
await outbox.enqueue({ conversationId: 'wxid_alice', text: 'second', kind: 'reply' })
const consumer = await startOutboxConsumer({
  connection,
  prefix,
  account,
  sender: { send: async (_conversationId, text) => void sent.push(text) },
  minGapMs: 20,
  jitterMs: 10,
})
await consumer.whenIdle()
await consumer.close()
await outbox.close()
const queue = new Queue(outboxQueueName(account), { connection, prefix })
await queue.obliterate({ force: true })
await queue.close()
await connection.quit()
process.stdout.write(JSON.stringify(sent) + '\n')
