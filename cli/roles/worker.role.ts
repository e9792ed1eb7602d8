import type { Worker } from 'bullmq'
import { startNoticeRelay, type NoticeRelayLoop } from '../../jobs/notice-relay.loop.js'
import { startCreditWorker } from '../../jobs/processors/credit-order.processor.js'
import { startGroupPushWorker } from '../../jobs/processors/group-push.processor.js'
import { startOrderSyncWorker } from '../../jobs/processors/order-sync.processor.js'
import { handOverRouted } from '../../src/orders/notice-relay.service.js'
import { pushOutboxMessage } from '../../src/outbox/push-outbox-message.js'
import { createLogger } from '../../src/shared/log.js'
import { TimeoutError, within } from '../../src/shared/within.js'
import { manualPayout } from '../../src/withdrawals/manual-payout.js'
import type { PayoutAdapter } from '../../src/withdrawals/payout.js'
import { settlePayingWithdrawals } from '../../src/withdrawals/withdrawal.service.js'
import type { Infra, QueueInfra } from '../infra.js'

const log = createLogger('worker')
/** Notices queued on the chat outbox ahead of the sender (minutes of sending at real pacing); the rest wait in the database. */
const NOTICES_AHEAD = 100
const NOTICE_RELAY_INTERVAL_MS = 500
/** Payments younger than this may still be waiting for their provider in the approving process: recovery leaves them. */
const PAYOUT_GRACE_MS = 2 * 60_000
const PAYOUT_RECOVERY_INTERVAL_MS = 60_000

export interface WorkerRole {
  /** The notice relay (the terminal's idle() waits for its passes). */
  readonly relay: NoticeRelayLoop
  /** Stops taking jobs, lets those in flight finish within `timeoutMs` (else leaves them to be retried), stops the loops. */
  close(timeoutMs: number): Promise<void>
}

/**
 * The worker role: order sync, crediting and group-push processors, the
 * notice relay, payout recovery. It logs in to nothing and ticks nothing.
 */
export async function startWorkerRole(infra: Infra, redis: QueueInfra, options: { readonly payout?: PayoutAdapter } = {}): Promise<WorkerRole> {
  const { config, database } = infra
  const prefix = config.queue.prefix
  // Approvals cut short between paying and recording the result: at start-up, then every minute.
  const payout = options.payout ?? manualPayout(database.db)
  const settlePayouts = (): Promise<void> =>
    settlePayingWithdrawals({ db: database.db, payout }, { graceMs: PAYOUT_GRACE_MS }).then(
      (report) => void (report.settled + report.stillPaying > 0 && log.info('settled interrupted payouts', { ...report })),
      (error: unknown) => log.error('payout recovery failed', { error }),
    )
  await settlePayouts()
  const payoutRecovery = setInterval(() => void settlePayouts(), PAYOUT_RECOVERY_INTERVAL_MS)
  payoutRecovery.unref()
  const relay = startNoticeRelay({
    db: database.db,
    // Each notice through the account its contact talks to.
    ...handOverRouted(redis.outboxFor, config.queue.account),
    pending: () => redis.pendingEverywhere(),
    highWater: NOTICES_AHEAD,
    rehandAfterMs: config.notices.rehandAfterMs,
    intervalMs: NOTICE_RELAY_INTERVAL_MS,
  })
  const creditWorker = startCreditWorker({
    connection: redis.connect(),
    prefix,
    credit: {
      db: database.db,
      userShareBp: config.rates.userShareBp,
      referralL1Bp: config.rates.referralL1Bp,
      referralL2Bp: config.rates.referralL2Bp,
      groupOwnerShareBp: config.rates.groupOwnerShareBp,
      attributionWindowMs: config.orders.attributionWindowMs,
      clockSkewMs: config.orders.clockSkewMs,
    },
  })
  // Crediting has just committed notices: hand them over now rather than at the next tick.
  creditWorker.on('completed', () => relay.kick())
  const workers: Worker[] = [
    creditWorker,
    startOrderSyncWorker({
      connection: redis.connect(),
      prefix,
      db: database.db,
      feeds: infra.platforms,
      queues: redis.queues,
      overlapMs: config.orders.overlapMs,
      initialLookbackMs: config.orders.initialLookbackMs,
    }),
    startGroupPushWorker({
      connection: redis.connect(),
      prefix,
      push: {
        db: database.db,
        platforms: infra.platforms,
        userShareBp: config.rates.userShareBp,
        groupOwnerShareBp: config.rates.groupOwnerShareBp,
        ...config.pushes,
        landing: infra.landing,
        // A group's pushes go through the account that owns the group, never a second one.
        send: (roomId, text, dedupeKey, imageUrl, pushSlot) =>
          redis.sendRouted(pushOutboxMessage({ roomId, text, imageUrl, pushSlot }), dedupeKey),
        tellOwner: (contactId, text, dedupeKey) => redis.sendRouted({ conversationId: contactId, text, kind: 'notification' }, dedupeKey),
      },
    }),
  ]
  log.info('worker role started: order sync, crediting, group pushes, notice relay')
  return {
    relay,
    close: async (timeoutMs) => {
      clearInterval(payoutRecovery)
      await Promise.all(
        workers.map((worker) =>
          within(worker.close(), timeoutMs, `worker ${worker.name}`).catch(async (error: unknown) => {
            if (!(error instanceof TimeoutError)) throw error
            // BullMQ hands a job whose worker went away to another worker once its lock expires: nothing is lost.
            log.warn('a job was still running at the shutdown deadline; it will be retried', { queue: worker.name })
            await worker.close(true)
          }),
        ),
      )
      await relay.stop()
    },
  }
}
