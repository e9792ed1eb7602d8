import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { OrderStatusSums } from '../reports/funnel.js'

/** One local day's orders in one status, with what the house gave their beneficiaries (rebates) and inviters (shares). */
export interface DayStatusSums extends OrderStatusSums {
  /** YYYY-MM-DD of the payment, local time. */
  readonly day: string
  readonly rebatesFen: number
  readonly sharesFen: number
}

/**
 * Every order paid in [from, to), whichever way it came (reply links, pushes,
 * claims, unattributed), summed per local day of payment and status from the
 * raw columns; the ledger's house postings on each order give its rebates and
 * shares. The rules that turn these into figures are the funnel's (`funnel.ts`).
 */
export async function orderSumsByDay(db: Kysely<Database>, span: { from: Date; to: Date; timeZone: string }): Promise<DayStatusSums[]> {
  const result = await sql<{
    day: string
    status: OrderStatusSums['status']
    orders: string
    paid: string
    estimated: string
    settled: string
    estimated_without_settled: string
    rebates: string
    shares: string
  }>`
    select to_char(o.paid_at at time zone ${span.timeZone}, 'YYYY-MM-DD') as day, o.status, count(*) as orders,
      sum(o.paid_fen) as paid,
      sum(o.estimated_commission_fen) as estimated,
      coalesce(sum(o.settled_commission_fen), 0) as settled,
      coalesce(sum(o.estimated_commission_fen) filter (where o.settled_commission_fen is null), 0) as estimated_without_settled,
      coalesce(sum(l.rebates), 0) as rebates,
      coalesce(sum(l.shares), 0) as shares
    from orders o
    left join lateral (
      select sum(-lp.amount_fen) filter (where split_part(lt.kind, ':', 1) not in ('l1', 'l2')) as rebates,
        sum(-lp.amount_fen) filter (where split_part(lt.kind, ':', 1) in ('l1', 'l2')) as shares
      from ledger_transactions lt
      join ledger_postings lp on lp.transaction_id = lt.id and lp.user_id is null
      where lt.order_row_id = o.id
    ) l on true
    where o.paid_at >= ${span.from} and o.paid_at < ${span.to}
    group by 1, 2`.execute(db)
  return result.rows.map((r) => ({
    day: r.day,
    status: r.status,
    orders: Number(r.orders),
    paidFen: Number(r.paid),
    estimatedFen: Number(r.estimated),
    settledFen: Number(r.settled),
    estimatedWithoutSettledFen: Number(r.estimated_without_settled),
    rebatesFen: Number(r.rebates),
    sharesFen: Number(r.shares),
  }))
}
