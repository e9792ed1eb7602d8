import type { FastifyPluginAsync } from 'fastify'
import type { Config } from '../../src/config.js'
import type { ConsoleDbDeps } from '../../src/console/console-deps.js'
import type { PayoutAdapter } from '../../src/withdrawals/payout.js'
import { consoleAccountActionRoutes } from './account-action.routes.js'
import { consoleOrderAssignRoutes } from './order-assign.routes.js'
import { consoleWithdrawalRoutes } from './withdrawal.routes.js'

/**
 * Every console action's plugin, built from configuration the way the chat
 * builds its dependencies (`chatDeps`), so an assignment credits with the
 * same shares and windows as crediting and a claim, and approvals pay
 * through the same adapter as 通过 and the worker's payout recovery.
 * To be registered inside the console's guarded scope.
 */
export function consoleActionRoutes(config: Config, live: ConsoleDbDeps & { readonly payout: PayoutAdapter }): FastifyPluginAsync[] {
  const { db, payout } = live
  return [
    consoleWithdrawalRoutes({ db, payout, timeZone: config.timeZone }),
    consoleOrderAssignRoutes({
      db,
      userShareBp: config.rates.userShareBp,
      groupOwnerShareBp: config.rates.groupOwnerShareBp,
      referralL1Bp: config.rates.referralL1Bp,
      referralL2Bp: config.rates.referralL2Bp,
      attributionWindowMs: config.orders.attributionWindowMs,
      clockSkewMs: config.orders.clockSkewMs,
      claimWindowMs: config.orders.claimWindowMs,
      timeZone: config.timeZone,
    }),
    consoleAccountActionRoutes({ db }),
  ]
}
