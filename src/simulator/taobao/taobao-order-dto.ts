import { pick } from '../sim-hash.js'
import type { SimOrder } from '../sim-orders.js'
import { percent, topTime, yuan } from './taobao-format.js'

/** tk_status codes: 12 付款, 14 确认收货, 3 结算, 13 失效. */
export type TkStatus = 3 | 12 | 13 | 14

/** The simulator's own account, as TOP reports it on every row (pub_id, site_id = PID 2nd segment, adzone_id = 3rd). */
export const SIM_PUB_ID = 120_034_567
export const SIM_SITE_ID = 3_456_789
export const SIM_ADZONE_ID = 109_876_543_210
/** A second 推广位 of the same account, on which TOP lists some sub-orders a second time. */
export const SIM_SECOND_ADZONE_ID = 109_876_543_211

/** TOP's empty value in order rows (a captured row: tk_deposit_time, tb_deposit_time, subsidy_type, flow_source). */
const EMPTY = '--'

/** What another promoter's 渠道 orders carry: a relation id none of our users was given. */
export const FOREIGN_RELATION_ID = 2_900_000_017

/** A refund after settlement leaves the row settled (Taobao claws back through the refund API, it does not rewrite it). */
export function tkStatusOf(order: SimOrder): TkStatus {
  switch (order.status) {
    case 'paid':
      return 12
    case 'received':
      return 14
    case 'settled':
      return 3
    case 'invalid':
      return 13
    case 'refunded':
      return order.refundedAfterSettlement ? 3 : 13
  }
}

/** The commission as the platform estimated it before any refund took it away. */
export function estimatedCommissionFen(order: SimOrder): number {
  if (!order.refundedAfterSettlement) return order.commissionFen
  return order.item.inProgram ? Math.floor((order.paidFen * order.item.commissionRateBp) / 10_000) : 0
}

/** The 渠道关系ID TOP reports for the row: TOP sends ids as numbers, "" when there is none. */
export function relationIdOf(order: SimOrder): number | string {
  if (order.otherPromoter) return FOREIGN_RELATION_ID
  return order.relationId === undefined ? '' : numberOrText(order.relationId)
}

/**
 * The captured row carried `item_id` as a JSON number (an old numeric id).
 * The simulator does so for rows it cannot attribute anyway (other promoters'
 * orders, items outside the program), so the encrypted id stays on ours.
 */
function itemIdOf(order: SimOrder): string | number {
  const numeric = Number(order.item.itemKey)
  return (order.otherPromoter || !order.item.inProgram) && Number.isSafeInteger(numeric) ? numeric : order.item.apiId
}

/** About 1 sub-order in 5 is listed twice, on two adzones, as in the captured page. */
export function listedTwice(order: SimOrder): boolean {
  return pick(`tb-twice:${order.subOrderId}`, 5) === 0
}

function numberOrText(id: string): number | string {
  const n = Number(id)
  return /^\d+$/.test(id) && Number.isSafeInteger(n) ? n : id
}

/** One listing of a sub-order; the second listing of a sub-order TOP lists twice is on another adzone (C2). */
export function publisherOrderListing(order: SimOrder, copy: number): Record<string, unknown> {
  const row = publisherOrderDto(order)
  return copy === 0 ? row : { ...row, adzone_id: SIM_SECOND_ADZONE_ID, adzone_name: '推广位2' }
}

/**
 * One `publisher_order_dto` row: money in 元 strings with two decimals, times
 * in GMT+8, numeric codes as numbers, per the field list of
 * `taobao.tbk.order.details.get` (bububa/opentaobao `PublisherOrderDto.go`).
 * TOP never echoes an external id. As in the captured tk_status 14 row
 * (a public TS bot, `testDingDanZhiFu`), 14 rows carry neither `modified_time`
 * nor `tk_earning_time`, and empty values are "--".
 */
export function publisherOrderDto(order: SimOrder): Record<string, unknown> {
  const status = tkStatusOf(order)
  const estimate = estimatedCommissionFen(order)
  const settled = status === 3
  const received = status === 14
  const rate = percent(order.item.commissionRateBp)
  const relationId = relationIdOf(order)
  return {
    trade_parent_id: order.orderId,
    trade_id: order.subOrderId,
    item_id: itemIdOf(order),
    item_title: order.item.title,
    item_img: order.item.imageUrl.replace(/^https:/, ''),
    item_num: order.quantity,
    item_price: yuan(order.item.priceFen),
    seller_shop_title: order.item.shopName,
    order_type: '淘宝',
    alipay_total_price: yuan(order.paidFen),
    pay_price: settled ? yuan(order.paidFen) : '0.00',
    pub_share_pre_fee: yuan(estimate),
    pub_share_fee: settled ? yuan(estimate) : '0.00',
    total_commission_rate: rate,
    tk_total_rate: rate,
    income_rate: rate,
    pub_share_rate: '100.00',
    tk_status: status,
    tk_create_time: topTime(order.createdAt),
    tk_paid_time: topTime(order.paidAt),
    tb_paid_time: topTime(order.paidAt),
    ...(received ? {} : { tk_earning_time: order.settledAt ? topTime(order.settledAt) : EMPTY, modified_time: topTime(order.updatedAt) }),
    tk_deposit_time: EMPTY,
    tb_deposit_time: EMPTY,
    deposit_price: '0.00',
    subsidy_type: EMPTY,
    flow_source: EMPTY,
    ...(relationId === '' ? {} : { relation_id: relationId }),
    tk_order_role: 2,
    adzone_id: SIM_ADZONE_ID,
    adzone_name: '推广位1',
    site_id: SIM_SITE_ID,
    pub_id: SIM_PUB_ID,
    refund_tag: order.refundedAfterSettlement ? 1 : 0,
  }
}
