import { yuan } from '../money/fen.js'
import type { Balances } from './ledger.repository.js'

/**
 * A negative available balance (a refund took back a rebate already
 * withdrawn) reads as what is owed, not as "¥-97.40".
 */
export function balanceText(b: Balances): string {
  const owed = b.availableFen < 0 ? -b.availableFen : 0
  return [
    `你的返利账户：`,
    `可提现：${yuan(Math.max(0, b.availableFen))}`,
    ...(owed > 0 ? [`待抵扣：${yuan(owed)}（已提现订单退款扣回的返利，会从之后的返利里自动抵扣）`] : []),
    `待结算：${yuan(b.pendingFen)}`,
    ...(b.heldFen !== 0 ? [`提现审核中：${yuan(b.heldFen)}`] : []),
    `已提现：${yuan(b.withdrawnFen)}`,
  ].join('\n')
}
