import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/database.js'
import { reconcileBeneficiaries, transactionKind, type Beneficiary, type PostedMovement } from '../ledger/ledger.service.js'
import { count } from '../metrics/metrics.js'
import { attributeOrders } from './attribution.service.js'
import { addCreditContext, lockForCredit, type OrderCreditContext } from './credit-context.repository.js'
import { recordNotices } from './notice-outbox.repository.js'
import { noticesFor } from './order-notifier.service.js'
import type { CreditOrderRow } from './order.table.js'
import { setAttributions } from './order.repository.js'

export interface CreditDeps {
  readonly db: Kysely<Database>
  /** The buyer's share of the commission, in basis points. */
  readonly userShareBp: number
  /** How long before payment a promotion of the same item still attributes the order. */
  readonly attributionWindowMs: number
  /** How far our clock may run ahead of the platform's when comparing link and payment times (default 30 s). */
  readonly clockSkewMs?: number
  /** Shares of the commission for the buyer's inviter and the inviter's inviter (二级分销), in basis points. */
  readonly referralL1Bp?: number
  readonly referralL2Bp?: number
  /** The group owner's share on orders of items pushed to their groups (default: the buyer share). */
  readonly groupOwnerShareBp?: number
}

/** What crediting needs besides a database: the rules, for a caller that brings its own transaction. */
export type CreditRules = Omit<CreditDeps, 'db'>

export interface CreditResult {
  readonly order: CreditOrderRow
  readonly movements: readonly PostedMovement[]
  /** Users asked to claim an order that several of them were promoted. */
  readonly askToClaim: readonly string[]
}

/**
 * Credits a batch of orders in one transaction that locks their rows (in id
 * order, so concurrent batches cannot deadlock): attribute the ones without
 * a user yet, bring each buyer's ledger in line with the order's state, and
 * record a notice per movement (the notice outbox, relayed to the chat
 * later): a notice exists exactly when its movement committed. A replay of
 * an unchanged order posts and says nothing.
 */
export async function creditOrders(deps: CreditDeps, orderRowIds: readonly string[]): Promise<CreditResult[]> {
  if (orderRowIds.length === 0) return []
  const results = await deps.db.transaction().execute((trx) => creditOrdersIn(trx, deps, orderRowIds))
  // Counted once committed: a batch rolled back (and retried) counts once.
  count.ledgerMovements(results.flatMap((r) => r.movements.map(transactionKind)))
  return results
}

/**
 * The body of `creditOrders` on the caller's transaction, for a use-case
 * whose own change entitles someone (a claim): its movements and notices
 * then commit, or vanish, with that change. Rows the caller has locked
 * already stay locked; the rest are locked here, in id order.
 */
export async function creditOrdersIn(trx: Transaction<Database>, rules: CreditRules, orderRowIds: readonly string[]): Promise<CreditResult[]> {
  if (orderRowIds.length === 0) return []
  const locked = await lockForCredit(trx, orderRowIds, rules.clockSkewMs)
  const { context } = locked
  let orders = locked.orders
  const open = orders.filter((o) => !o.user_id && o.attribution_note === null)
  const decisions = await attributeOrders(trx, open, rules.attributionWindowMs, rules.clockSkewMs)
  if (decisions.size > 0) {
    const updated = await setAttributions(trx, decisions)
    await addCreditContext(trx, updated, context, rules.clockSkewMs)
    const byId = new Map(updated.map((o) => [o.id, o]))
    orders = orders.map((o) => byId.get(o.id) ?? o)
  }
  const movements = await reconcileBeneficiaries(
    trx,
    orders.flatMap((order) => beneficiariesOf(order, context.byOrder.get(order.id), rules).map((beneficiary) => ({ order, beneficiary }))),
  )
  const askToClaim = new Map([...decisions].flatMap(([id, d]) => (d.candidates.length > 0 ? [[id, d.candidates] as const] : [])))
  await recordNotices(trx, await noticesFor(trx, orders, movements, askToClaim, context.contacts))
  const byOrder = new Map<string, PostedMovement[]>()
  for (const m of movements) byOrder.set(m.orderRowId, [...(byOrder.get(m.orderRowId) ?? []), m])
  return orders.map((order) => ({ order, movements: byOrder.get(order.id) ?? [], askToClaim: askToClaim.get(order.id) ?? [] }))
}

/**
 * The attributed user — as buyer, or as group owner when the item reached
 * the group through their push — and, when they were invited, their inviter
 * (level 1) and the inviter's inviter (level 2).
 */
function beneficiariesOf(order: CreditOrderRow, context: OrderCreditContext | undefined, deps: CreditRules): Beneficiary[] {
  if (!order.user_id) return []
  const list: Beneficiary[] = [
    context?.pushed
      ? { userId: order.user_id, role: 'group_owner', shareBp: deps.groupOwnerShareBp ?? deps.userShareBp }
      : { userId: order.user_id, role: 'buyer', shareBp: deps.userShareBp },
  ]
  if (context?.l1 && deps.referralL1Bp) list.push({ userId: context.l1, role: 'l1', shareBp: deps.referralL1Bp })
  if (context?.l2 && deps.referralL2Bp) list.push({ userId: context.l2, role: 'l2', shareBp: deps.referralL2Bp })
  return list
}

/** Credits one order (see creditOrders). */
export async function creditOrder(deps: CreditDeps, orderRowId: string): Promise<CreditResult | undefined> {
  return (await creditOrders(deps, [orderRowId]))[0]
}
