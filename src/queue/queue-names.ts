import { InvalidQueueAccountError } from './invalid-queue-account-error.js'

/** Queues shared by every worker; bots/ and jobs/ meet only through these names. */
export const QUEUE = {
  orderSync: 'order-sync',
  orderCredit: 'order-credit',
  groupPush: 'group-push',
} as const

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE]

const ACCOUNT = /^[A-Za-z0-9_-]{1,64}$/

/**
 * The outbox queue of one WeChat account: one bot process per account consumes
 * it, so pacing holds per account.
 * @throws InvalidQueueAccountError when `account` is not `[A-Za-z0-9_-]{1,64}`.
 */
export function outboxQueueName(account: string): string {
  if (!ACCOUNT.test(account)) throw new InvalidQueueAccountError(account)
  return `outbox-${account}`
}
