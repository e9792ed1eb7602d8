import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { Platform } from '../links/parsed-link.js'
import type { PlatformRefund } from '../platforms/order-feed.js'
import { createLogger } from '../shared/log.js'
import { findWaitingRefunds, insertRefunds, lockOrderBySubId, markRefundApplied, writeRefundedState } from './order-refund.repository.js'
import type { OrderRefundRow } from './order-refund.table.js'
import { refundEffect } from './refund-effect.js'
import type { CreditRequest } from './credit-request.js'

const log = createLogger('refunds')

export interface StoredRefunds {
  /** Refunds not seen before. */
  readonly recorded: number
  /** Refunds applied to their order now (new ones, and earlier ones whose order has arrived). */
  readonly applied: number
  /** Refunds whose order is not stored yet: they wait for it. */
  readonly waiting: number
  readonly credit: CreditRequest[]
}

/**
 * Records a page's refunds (a replay is recognised by its refund id) and
 * applies every refund of those sub-orders still waiting, each to its
 * stored order in a transaction of its own: the order's commission is
 * lowered or the order refunded, and a credit request makes the ledger
 * follow (rebates and referral shares reversed; a balance may go negative).
 */
export async function storeRefunds(db: Kysely<Database>, refunds: readonly PlatformRefund[]): Promise<StoredRefunds> {
  if (refunds.length === 0) return { recorded: 0, applied: 0, waiting: 0, credit: [] }
  const platform = refunds[0]?.platform ?? 'taobao'
  const recorded = await insertRefunds(
    db,
    refunds.map((r) => ({
      platform: r.platform,
      sub_order_id: r.subOrderId,
      order_id: r.orderId,
      refund_id: r.refundId,
      commission_refund_fen: r.commissionRefundFen,
      refunded_at: r.refundedAt,
      platform_updated_at: r.updatedAt,
    })),
  )
  const result = await applyWaitingRefunds(db, platform, [...new Set(refunds.map((r) => r.subOrderId))])
  return { recorded, ...result }
}

/** Applies the waiting refunds of these sub-orders to those of them that are stored. */
export async function applyWaitingRefunds(
  db: Kysely<Database>,
  platform: Platform,
  subOrderIds: readonly string[],
): Promise<{ applied: number; waiting: number; credit: CreditRequest[] }> {
  const waitingRows = await findWaitingRefunds(db, platform, subOrderIds)
  const bySubOrder = new Map<string, OrderRefundRow[]>()
  for (const row of waitingRows) bySubOrder.set(row.sub_order_id, [...(bySubOrder.get(row.sub_order_id) ?? []), row])
  let applied = 0
  let waiting = 0
  const credit: CreditRequest[] = []
  for (const [subOrderId, rows] of bySubOrder) {
    const outcome = await db.transaction().execute(async (trx) => {
      const order = await lockOrderBySubId(trx, platform, subOrderId)
      if (!order) return { applied: 0, waiting: rows.length }
      let state = {
        status: order.status,
        estimatedCommissionFen: Number(order.estimated_commission_fen),
        settledCommissionFen: order.settled_commission_fen === null ? null : Number(order.settled_commission_fen),
        platformUpdatedAt: new Date(order.platform_updated_at),
      }
      let count = 0
      for (const refund of rows) {
        if (refund.order_id !== order.order_id) {
          log.warn('refund names another order number than its sub-order; left unapplied', refundFields(refund, order.order_id))
          continue
        }
        if (!(await markRefundApplied(trx, refund.id, order.id))) continue
        const next = refundEffect(state, {
          commissionRefundFen: refund.commission_refund_fen === null ? null : Number(refund.commission_refund_fen),
          updatedAt: new Date(refund.platform_updated_at),
        })
        if (next) state = next
        count++
      }
      if (count === 0) return { applied: 0, waiting: 0 }
      await writeRefundedState(trx, order.id, state)
      credit.push({ orderRowId: order.id, version: state.platformUpdatedAt.getTime() })
      return { applied: count, waiting: 0 }
    })
    applied += outcome.applied
    waiting += outcome.waiting
  }
  if (waiting > 0) log.info('refunds wait for their orders to be synced', { platform, waiting })
  return { applied, waiting, credit }
}

function refundFields(refund: OrderRefundRow, storedOrderId: string): Record<string, unknown> {
  return {
    platform: refund.platform,
    subOrderId: refund.sub_order_id,
    refundOrderId: refund.order_id,
    storedOrderId,
    refundId: refund.refund_id,
  }
}
