import type { Kysely } from 'kysely'
import type { Config } from '../config.js'
import type { Database } from '../db/database.js'
import type { Platform } from '../links/parsed-link.js'
import type { AffiliatePlatform } from '../platforms/platform.js'
import { manualPayout, type PayoutAdapter } from '../withdrawals/payout.js'
import type { ChatDeps } from './chat.service.js'

/** The chat service's dependencies from configuration plus the few live parts. */
export function chatDeps(
  config: Config,
  live: {
    readonly db: Kysely<Database>
    readonly platforms: Readonly<Record<Platform, AffiliatePlatform>>
    readonly enqueueCredit?: ChatDeps['enqueueCredit']
    readonly notify?: ChatDeps['notify']
    readonly payout?: PayoutAdapter
  },
): ChatDeps {
  return {
    db: live.db,
    platforms: live.platforms,
    userShareBp: config.rates.userShareBp,
    referralL1Bp: config.rates.referralL1Bp,
    referralL2Bp: config.rates.referralL2Bp,
    claimWindowMs: config.orders.claimWindowMs,
    referrals: config.referrals,
    withdrawals: config.withdrawals,
    operators: config.operators,
    payout: live.payout ?? manualPayout,
    enqueueCredit: live.enqueueCredit ?? (async () => undefined),
    notify: live.notify ?? (async () => undefined),
  }
}
