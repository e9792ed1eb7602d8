import type { Kysely } from 'kysely'
import type { Config } from '../config.js'
import type { Database } from '../db/database.js'
import type { Platform } from '../links/parsed-link.js'
import type { AffiliatePlatform } from '../platforms/platform.js'
import type { ConversionDeps } from '../conversions/conversion.service.js'
import type { QueuePush, QueuePushes } from '../deals/owner-commands.service.js'
import type { PictureDeps, QueuePictures } from '../pictures/picture.service.js'
import { PublicBaseUrl, type LandingLinks } from '../landing/landing-links.js'
import { manualPayout } from '../withdrawals/manual-payout.js'
import type { PayoutAdapter } from '../withdrawals/payout.js'

export interface ChatDeps extends ConversionDeps, PictureDeps {
  /** How long before payment a claimant must have been given a link for the item. */
  readonly claimWindowMs: number
  readonly clockSkewMs?: number
  /** Crediting a claimed order (in the claim's transaction) attributes nothing by promotion, but takes the same rules. */
  readonly attributionWindowMs: number
  readonly referralL1Bp: number
  readonly referralL2Bp: number
  readonly referrals: { readonly onlyBeforeFirstOrder: boolean }
  readonly withdrawals: { readonly minimumFen: number; readonly dailyLimit: number }
  /** Contact ids allowed to run operator commands. */
  readonly operators: readonly string[]
  readonly payout: PayoutAdapter
  readonly timeZone: string
  /** Validates a cron expression (node-cron's validator, injected by the composition root). */
  readonly validateCron: (expression: string) => boolean
  /** Queues a deal card for a group as a push (paced, capped, quiet hours). */
  readonly push: QueuePush
  /** Queues a copy's messages to many groups at once (推送 <copy>, relay). */
  readonly pushMany: QueuePushes
  /** RELAY_DEDUPE_HOURS: the same item is relayed to a group at most once in this window. */
  readonly relayDedupeWindowMs: number
  /** Where shoppers reach the web role (绑定淘宝 links); `landing` is the same object when LANDING_PAGES=on. */
  readonly publicUrl: LandingLinks
}

/**
 * The chat service's dependencies from configuration plus the live parts;
 * each live part is required, so nothing is silently a no-op (the manual
 * payout is the real default adapter, not a stand-in).
 */
export function chatDeps(
  config: Config,
  live: {
    readonly db: Kysely<Database>
    readonly platforms: Readonly<Record<Platform, AffiliatePlatform>>
    readonly push: QueuePush
    /** The batch form; without it each message is one `push` (tests and benches that push nothing or little). */
    readonly pushMany?: QueuePushes
    /** Queues pictures that follow a copy already queued (see src/pictures/). */
    readonly queuePictures: QueuePictures
    readonly payout?: PayoutAdapter
    readonly validateCron: (expression: string) => boolean
    /** The process's public base URL (the web role may move it to its bound address); default PUBLIC_BASE_URL. */
    readonly publicUrl?: LandingLinks
  },
): ChatDeps {
  const publicUrl = live.publicUrl ?? new PublicBaseUrl(config.web.publicBaseUrl)
  return {
    db: live.db,
    platforms: live.platforms,
    userShareBp: config.rates.userShareBp,
    groupOwnerShareBp: config.rates.groupOwnerShareBp,
    referralL1Bp: config.rates.referralL1Bp,
    referralL2Bp: config.rates.referralL2Bp,
    claimWindowMs: config.orders.claimWindowMs,
    attributionWindowMs: config.orders.attributionWindowMs,
    clockSkewMs: config.orders.clockSkewMs,
    referrals: config.referrals,
    withdrawals: config.withdrawals,
    operators: config.operators,
    timeZone: config.timeZone,
    validateCron: live.validateCron,
    payout: live.payout ?? manualPayout(live.db),
    push: live.push,
    pushMany:
      live.pushMany ??
      (async (pushes) => {
        for (const p of pushes) await live.push(p.roomId, p.text, p.dedupeKey, p.imageUrl, p.pushSlot, p.pictureIds)
      }),
    relayDedupeWindowMs: config.relay.dedupeWindowMs,
    pictureWindowMs: config.relay.pictureWindowMs,
    queuePictures: live.queuePictures,
    publicUrl,
    landing: config.web.landingPages ? publicUrl : undefined,
  }
}
