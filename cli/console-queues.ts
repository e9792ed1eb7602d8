import { Queue } from 'bullmq'
import { listAccounts } from '../src/accounts/account.repository.js'
import { QUEUE, outboxQueueName } from '../src/queue/queue-names.js'
import { logQueueErrors } from '../src/queue/log-queue-errors.js'
import type { ConsoleQueues } from '../web/console/queues.routes.js'
import type { Infra } from './infra.js'

/**
 * The queues the console's board shows: the shared ones and the outbox of
 * every account known at start (this process's and each in bot_accounts),
 * as board-only Queue objects on one connection of their own. Without Redis
 * the console says so instead.
 */
export async function consoleQueues(infra: Infra): Promise<{ readonly queues: ConsoleQueues; close(): Promise<void> }> {
  if (infra.redis === 'none') return { queues: 'no-redis', close: async () => {} }
  const accounts = new Set([infra.config.queue.account, ...(await listAccounts(infra.database.db)).map((account) => account.name)])
  const outboxes = [...accounts].flatMap((account) => {
    try {
      return [outboxQueueName(account)]
    } catch {
      // An account name no outbox can have (written by hand): it has no queue to show.
      return []
    }
  })
  const connection = infra.redis.connect()
  const queues = [QUEUE.orderSync, QUEUE.orderCredit, QUEUE.groupPush, ...outboxes].map((name) => {
    const queue = new Queue(name, { connection, prefix: infra.config.queue.prefix })
    logQueueErrors(queue, `${name} queue (console)`)
    return queue
  })
  return { queues: { queues }, close: async () => void (await Promise.all(queues.map((queue) => queue.close()))) }
}
