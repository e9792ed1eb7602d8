import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { reconcileBeneficiary, type PostedMovement } from '../ledger/ledger.service.js'
import { attributeOrder } from './attribution.service.js'
import type { OrderRow } from './order.table.js'
import { lockOrder, setAttribution } from './order.repository.js'

export interface CreditDeps {
  readonly db: Kysely<Database>
  /** The buyer's share of the commission, in basis points. */
  readonly userShareBp: number
  /** How long before payment a promotion of the same item still attributes the order. */
  readonly attributionWindowMs: number
}

export interface CreditResult {
  readonly order: OrderRow
  readonly movements: readonly PostedMovement[]
  /** Set when this run attributed the order (it was unattributed before). */
  readonly newlyAttributed: boolean
  /** Users to ask to claim an order that several of them were promoted. */
  readonly askToClaim: readonly string[]
}

/**
 * Credits one order: in one transaction that locks the order row, attribute
 * it if it has no user yet, then bring the buyer's ledger in line with the
 * order's state. Safe to run any number of times.
 */
export async function creditOrder(deps: CreditDeps, orderRowId: string): Promise<CreditResult | undefined> {
  return deps.db.transaction().execute(async (trx) => {
    let order = await lockOrder(trx, orderRowId)
    if (!order) return undefined
    let newlyAttributed = false
    let askToClaim: readonly string[] = []
    if (!order.user_id && order.attribution_note === null) {
      const decision = await attributeOrder(trx, order, deps.attributionWindowMs)
      if (decision.userId || decision.note) {
        order = await setAttribution(trx, order.id, decision)
        newlyAttributed = decision.userId !== null
        askToClaim = decision.candidates
      }
    }
    const movements: PostedMovement[] = []
    if (order.user_id) {
      const moved = await reconcileBeneficiary(trx, order, { userId: order.user_id, role: 'buyer', shareBp: deps.userShareBp })
      if (moved) movements.push(moved)
    }
    return { order, movements, newlyAttributed, askToClaim }
  })
}
