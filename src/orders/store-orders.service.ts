import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { count } from '../metrics/metrics.js'
import type { PlatformOrder } from '../platforms/order-feed.js'
import { platformIdOwners, rowKey } from './attribution.service.js'
import type { CreditRequest } from './credit-request.js'
import { judgeReport } from './merge-report.js'
import type { NewOrderRow, OrderRow } from './order.table.js'
import { findOrdersBySubIds, insertNewOrders, upsertOrders } from './order.repository.js'
import { applyWaitingRefunds } from './store-refunds.service.js'


/**
 * Stores a batch of reports of one platform; returns how many rows were
 * written and a credit request for every sub-order in the batch, changed or
 * not (a crash between storing and queueing must not leave a stored change
 * uncredited; crediting an unchanged row posts nothing).
 *
 * New sub-orders — nearly all of a sync — are inserted first, in one
 * statement, attributed on the way in when they carry a per-user id; only
 * the ones that turn out to exist are read back and merged through the
 * status machine. No transaction spans the batch: every row is written by
 * one statement, and a batch cut short is stored again by the next run.
 */
export async function storeOrders(db: Kysely<Database>, reports: readonly PlatformOrder[]): Promise<{ stored: number; credit: CreditRequest[] }> {
  if (reports.length === 0) return { stored: 0, credit: [] }
  const platform = reports[0]?.platform ?? 'jd'
  const fresh = merge(new Map(), reports)
  const owners = await platformIdOwners(db, [...fresh.values()])
  const now = new Date()
  const inserted = await insertNewOrders(
    db,
    [...fresh.values()].map((row) => {
      const owner = owners.get(rowKey(row))
      if (owner === undefined) return row
      return owner === 'foreign' ? { ...row, attribution_note: 'foreign' } : { ...row, user_id: owner, attribution: 'platform_id', attributed_at: now }
    }),
  )
  const known = [...fresh.keys()].filter((sub) => !inserted.has(sub))
  const existing = new Map((await findOrdersBySubIds(db, platform, known)).map((row) => [row.sub_order_id, row]))
  const changes = merge(existing, reports.filter((r) => existing.has(r.subOrderId)))
  const updated = await upsertOrders(db, [...changes.values()])
  const credit = [...fresh.keys()].flatMap((sub) => {
    const id = inserted.get(sub) ?? updated.get(sub) ?? existing.get(sub)?.id
    const row = inserted.has(sub) ? fresh.get(sub) : (changes.get(sub) ?? existing.get(sub))
    return id && row ? [{ orderRowId: id, version: new Date(row.platform_updated_at).getTime() }] : []
  })
  // A refund reported before its order line was stored (Taobao's refund feed is separate) applies now.
  const refunded = await applyWaitingRefunds(db, platform, [...inserted.keys()])
  count.ordersStored(platform, inserted.size + changes.size)
  return { stored: inserted.size + changes.size, credit: [...credit, ...refunded.credit] }
}

/** Folds reports, in order, over what is held: the rows the status machine accepts a change to (or a new row for). */
function merge(held: ReadonlyMap<string, OrderRow>, reports: readonly PlatformOrder[]): Map<string, NewOrderRow> {
  const writes = new Map<string, NewOrderRow>()
  for (const report of reports) {
    const current = writes.get(report.subOrderId) ?? held.get(report.subOrderId)
    const verdict = judgeReport(current && storedState(current), report)
    if (verdict === 'new' || verdict === 'changed') writes.set(report.subOrderId, toRow(report))
  }
  return writes
}

function storedState(row: OrderRow | NewOrderRow) {
  return {
    status: row.status,
    estimatedCommissionFen: Number(row.estimated_commission_fen),
    settledCommissionFen: row.settled_commission_fen === null || row.settled_commission_fen === undefined ? null : Number(row.settled_commission_fen),
    platformUpdatedAt: new Date(row.platform_updated_at),
  }
}

function toRow(o: PlatformOrder): NewOrderRow {
  return {
    platform: o.platform,
    sub_order_id: o.subOrderId,
    order_id: o.orderId,
    item_id: o.itemId,
    item_title: o.itemTitle.slice(0, 200),
    quantity: o.quantity,
    paid_fen: o.paidFen,
    status: o.status,
    estimated_commission_fen: o.estimatedCommissionFen,
    settled_commission_fen: o.settledCommissionFen,
    platform_attribution_id: o.attributionId,
    relation_id: o.relationId,
    paid_at: o.paidAt,
    received_at: o.receivedAt,
    settled_at: o.settledAt,
    platform_updated_at: o.updatedAt,
  }
}
