import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import type { Kysely } from 'kysely'
import type { Database } from '../src/db/database.js'
import { userAccount } from '../src/ledger/accounts.js'
import { appendTransactions, userBalances } from '../src/ledger/ledger.repository.js'
import { ensureUser } from '../src/users/user.service.js'
import { manualPayout } from '../src/withdrawals/manual-payout.js'
import { decideWithdrawal, requestWithdrawal } from '../src/withdrawals/withdrawal.service.js'
import type { BenchRow } from './bench-row.js'

const USERS = 50
const REQUESTS_PER_USER = 40
const FUNDS_FEN = 10_000

/**
 * 2,000 提现 requests fired at once (40 per user, amounts that together far
 * exceed each balance), then every granted one approved and rejected at the
 * same time. Anomalies: any user whose money does not add up to what they
 * were given, a negative available balance, a hold left behind, or a request
 * decided twice.
 */
export async function benchWithdrawals(db: Kysely<Database>): Promise<BenchRow[]> {
  const tag = randomUUID().slice(0, 8)
  const users = []
  for (let i = 0; i < USERS; i++) users.push(await ensureUser(db, { contactId: `bench-w-${tag}-${i}`, displayName: `w${i}` }))
  await appendTransactions(
    db,
    users.map((u) => ({
      idempotencyKey: `bench-fund-${tag}-${u.id}`,
      kind: 'bench:fund',
      orderRowId: null,
      userId: u.id,
      postings: [
        { account: userAccount(u.id, 'available'), userId: u.id, amountFen: FUNDS_FEN },
        { account: 'platform:jd:rebates', userId: null, amountFen: -FUNDS_FEN },
      ],
    })),
  )
  const deps = { db, minimumFen: 100, dailyLimit: REQUESTS_PER_USER }
  const started = performance.now()
  const outcomes = await Promise.all(
    users.flatMap((u) =>
      Array.from({ length: REQUESTS_PER_USER }, (_, i) =>
        requestWithdrawal(deps, { contactId: u.contact_id, displayName: u.display_name }, 100 + ((i * 97) % 900)),
      ),
    ),
  )
  const requestSeconds = (performance.now() - started) / 1000
  const granted = outcomes.flatMap((o) => (o.kind === 'requested' ? [o.id] : []))
  const decisions = await Promise.all(
    granted.flatMap((id, i) => [
      decideWithdrawal({ db, payout: manualPayout(db) }, 'bench-op', id, { approve: true }),
      decideWithdrawal({ db, payout: manualPayout(db) }, 'bench-op2', id, i % 2 ? { approve: false, reason: 'bench' } : { approve: false, reason: 'race' }),
    ]),
  )
  let anomalies = decisions.filter((d) => d.kind === 'paid' || d.kind === 'rejected').length === granted.length ? 0 : 1
  for (const u of users) {
    const b = await userBalances(db, u.id)
    if (b.availableFen < 0 || b.heldFen !== 0 || b.availableFen + b.withdrawnFen + b.pendingFen !== FUNDS_FEN) anomalies++
  }
  return [
    { name: 'concurrent 提现 requests (2,000 at once)', value: Math.round(outcomes.length / requestSeconds), unit: 'req/s', target: null, better: 'higher' },
    { name: 'withdrawal anomalies (over-withdrawal, lost hold, double decision)', value: anomalies, unit: 'count', target: 0, better: 'lower' },
  ]
}
