import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { reconcileBeneficiaries, type Beneficiary, type PostedMovement } from '../ledger/ledger.service.js'
import { pushedBefore } from '../conversions/conversion.repository.js'
import { inviterChains } from '../referrals/referral.repository.js'
import { attributeOrders } from './attribution.service.js'
import { noticesFor, type NotifyFn } from './order-notifier.service.js'
import type { OrderRow } from './order.table.js'
import { lockOrders, setAttributions } from './order.repository.js'

export interface CreditDeps {
  readonly db: Kysely<Database>
  /** The buyer's share of the commission, in basis points. */
  readonly userShareBp: number
  /** How long before payment a promotion of the same item still attributes the order. */
  readonly attributionWindowMs: number
  /** Shares of the commission for the buyer's inviter and the inviter's inviter (二级分销), in basis points. */
  readonly referralL1Bp?: number
  readonly referralL2Bp?: number
  /** The group owner's share on orders of items pushed to their groups (default: the buyer share). */
  readonly groupOwnerShareBp?: number
  /** Queues the buyers' notices; omitted where nobody is to be told (tests). */
  readonly notify?: NotifyFn | undefined
}

export interface CreditResult {
  readonly order: OrderRow
  readonly movements: readonly PostedMovement[]
  /** Users asked to claim an order that several of them were promoted. */
  readonly askToClaim: readonly string[]
}

/**
 * Credits a batch of orders in one transaction that locks their rows (in id
 * order, so concurrent batches cannot deadlock): attribute the ones without
 * a user yet, bring each buyer's ledger in line with the order's state, and
 * queue a notice per movement before committing. A retry after a failed
 * commit posts the same movements under the same keys, so its notices
 * dedupe; a replay of an unchanged order posts and says nothing.
 */
export async function creditOrders(deps: CreditDeps, orderRowIds: readonly string[]): Promise<CreditResult[]> {
  if (orderRowIds.length === 0) return []
  return deps.db.transaction().execute(async (trx) => {
    let orders = await lockOrders(trx, orderRowIds)
    const open = orders.filter((o) => !o.user_id && o.attribution_note === null)
    const decisions = await attributeOrders(trx, open, deps.attributionWindowMs)
    if (decisions.size > 0) {
      const updated = new Map((await setAttributions(trx, decisions)).map((o) => [o.id, o]))
      orders = orders.map((o) => updated.get(o.id) ?? o)
    }
    const chains = await inviterChains(trx, orders.flatMap((o) => (o.user_id ? [o.user_id] : [])))
    const groupOrders = await pushedBefore(
      trx,
      orders.flatMap((o) => (o.user_id ? [{ orderRowId: o.id, userId: o.user_id, platform: o.platform, itemId: o.item_id, paidAt: o.paid_at }] : [])),
    )
    const movements = await reconcileBeneficiaries(
      trx,
      orders.flatMap((order) =>
        beneficiariesOf(order, chains.get(order.user_id ?? ''), groupOrders.has(order.id), deps).map((beneficiary) => ({ order, beneficiary })),
      ),
    )
    const askToClaim = new Map([...decisions].flatMap(([id, d]) => (d.candidates.length > 0 ? [[id, d.candidates] as const] : [])))
    if (deps.notify) {
      const notices = await noticesFor(trx, orders, movements, askToClaim)
      if (notices.length > 0) await deps.notify(notices)
    }
    return orders.map((order) => ({
      order,
      movements: movements.filter((m) => m.orderRowId === order.id),
      askToClaim: askToClaim.get(order.id) ?? [],
    }))
  })
}

/**
 * The attributed user — as buyer, or as group owner when the item reached
 * the group through their push — and, when they were invited, their inviter
 * (level 1) and the inviter's inviter (level 2).
 */
function beneficiariesOf(
  order: OrderRow,
  chain: { l1: string | null; l2: string | null } | undefined,
  groupOrder: boolean,
  deps: CreditDeps,
): Beneficiary[] {
  if (!order.user_id) return []
  const list: Beneficiary[] = [
    groupOrder
      ? { userId: order.user_id, role: 'group_owner', shareBp: deps.groupOwnerShareBp ?? deps.userShareBp }
      : { userId: order.user_id, role: 'buyer', shareBp: deps.userShareBp },
  ]
  if (chain?.l1 && deps.referralL1Bp) list.push({ userId: chain.l1, role: 'l1', shareBp: deps.referralL1Bp })
  if (chain?.l2 && deps.referralL2Bp) list.push({ userId: chain.l2, role: 'l2', shareBp: deps.referralL2Bp })
  return list
}

/** Credits one order (see creditOrders). */
export async function creditOrder(deps: CreditDeps, orderRowId: string): Promise<CreditResult | undefined> {
  return (await creditOrders(deps, [orderRowId]))[0]
}
