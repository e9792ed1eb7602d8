import type { AccountState } from '../../src/accounts/account-health.js'
import { PLATFORM_NAMES } from '../../src/conversions/promotion.text.js'
import type { AttributionMethod, AttributionNote } from '../../src/orders/order.table.js'
import type { OrderStatus } from '../../src/platforms/order-feed.js'
import type { WithdrawalStatus } from '../../src/withdrawals/withdrawal.table.js'

/** The console's Chinese names of stored codes; one place, so pages and filters agree. */

export { PLATFORM_NAMES }

export const ORDER_STATUS_NAMES: Readonly<Record<OrderStatus, string>> = {
  paid: '已付款',
  received: '已收货',
  settled: '已结算',
  invalid: '无效',
  refunded: '已退款',
}

/** The attribution ladder's rungs, best first. */
export const RUNG_NAMES: Readonly<Record<AttributionMethod, string>> = {
  platform_id: '平台用户ID',
  recent_promotion: '近期推广',
  claim: '用户认领',
  operator: '运营指派',
}

export const ATTRIBUTION_NOTE_NAMES: Readonly<Record<AttributionNote, string>> = {
  ambiguous: '多人领过链接，待认领',
  foreign: '其他推广者的订单',
}

export const WITHDRAWAL_STATUS_NAMES: Readonly<Record<WithdrawalStatus, string>> = {
  pending: '待审核',
  paying: '打款中',
  paid: '已打款',
  rejected: '未通过',
  failed: '打款失败',
}

export const ACCOUNT_STATE_NAMES: Readonly<Record<AccountState, string>> = {
  'logged-in': '在线',
  'logged-out': '已掉线',
  limited: '受限',
}
