import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { userBalances } from '../../../src/ledger/ledger.repository.js'
import type { UserRow } from '../../../src/users/user.table.js'
import { manualPayout } from '../../../src/withdrawals/manual-payout.js'
import { decideWithdrawal, requestWithdrawal, type WithdrawalDeps } from '../../../src/withdrawals/withdrawal.service.js'
import { fundForTest, newUser } from '../../support/order-factory.js'
import { availableBackends, openPrivateDatabase } from '../../support/test-databases.js'


const who = (u: UserRow) => ({ contactId: u.contact_id, displayName: u.display_name })

describe.each(availableBackends())('withdrawals on %s', (backend) => {
  let handle: DatabaseHandle
  let deps: WithdrawalDeps
  beforeAll(async () => {
    handle = await openPrivateDatabase(backend)
    deps = { db: handle.db, minimumFen: 100, dailyLimit: 3 }
  })
  afterAll(async () => {
    await handle.close()
  })

  it('holds the amount at once and answers with a request number', async () => {
    const user = await newUser(handle.db)
    await fundForTest(handle.db, user, 1000)
    const outcome = await requestWithdrawal(deps, who(user), 600)
    expect(outcome).toMatchObject({ kind: 'requested', amountFen: 600, availableAfterFen: 400 })
    expect(await userBalances(handle.db, user.id)).toEqual({ pendingFen: 0, availableFen: 400, heldFen: 600, withdrawnFen: 0 })
  })

  it.each([
    ['more than available', 1001, 'insufficient'],
    ['below the minimum', 99, 'below-minimum'],
  ] as const)('%s is refused and changes nothing', async (_name, amount, kind) => {
    const user = await newUser(handle.db)
    await fundForTest(handle.db, user, 1000)
    expect((await requestWithdrawal(deps, who(user), amount)).kind).toBe(kind)
    expect(await userBalances(handle.db, user.id)).toEqual({ pendingFen: 0, availableFen: 1000, heldFen: 0, withdrawnFen: 0 })
    expect(await handle.db.selectFrom('withdrawals').selectAll().where('user_id', '=', user.id).execute()).toEqual([])
  })

  it('「提现」 alone takes the whole available balance; with nothing available it says so', async () => {
    const user = await newUser(handle.db)
    expect((await requestWithdrawal(deps, who(user), 'all')).kind).toBe('nothing-available')
    await fundForTest(handle.db, user, 777)
    expect(await requestWithdrawal(deps, who(user), 'all')).toMatchObject({ kind: 'requested', amountFen: 777 })
  })

  it('the daily count is enforced', async () => {
    const user = await newUser(handle.db)
    await fundForTest(handle.db, user, 10_000)
    for (let i = 0; i < 3; i++) expect((await requestWithdrawal(deps, who(user), 100)).kind).toBe('requested')
    expect((await requestWithdrawal(deps, who(user), 100)).kind).toBe('daily-limit')
  })

  it('200 concurrent requests from one user never take more than was available', async () => {
    const user = await newUser(handle.db)
    await fundForTest(handle.db, user, 10_000)
    const loose = { ...deps, dailyLimit: 1000 }
    const amounts = Array.from({ length: 200 }, (_, i) => 100 + ((i * 37) % 400))
    const outcomes = await Promise.all(amounts.map((a) => requestWithdrawal(loose, who(user), a)))
    const granted = outcomes.filter((o) => o.kind === 'requested').reduce((sum, o) => sum + (o.kind === 'requested' ? o.amountFen : 0), 0)
    const balances = await userBalances(handle.db, user.id)
    expect(granted).toBeGreaterThan(0)
    expect(granted).toBeLessThanOrEqual(10_000)
    expect(balances.heldFen).toBe(granted)
    expect(balances.availableFen).toBe(10_000 - granted)
    expect(balances.availableFen).toBeGreaterThanOrEqual(0)
    expect(outcomes.filter((o) => o.kind === 'insufficient').length + outcomes.filter((o) => o.kind === 'requested').length).toBe(200)
    const rows = await handle.db.selectFrom('withdrawals').select('amount_fen').where('user_id', '=', user.id).execute()
    expect(rows.reduce((sum, r) => sum + Number(r.amount_fen), 0)).toBe(granted)
  })

  it('approvals racing rejections decide each request exactly once', async () => {
    const user = await newUser(handle.db)
    await fundForTest(handle.db, user, 100_000)
    const loose = { ...deps, dailyLimit: 1000 }
    const ids: string[] = []
    for (let i = 0; i < 30; i++) {
      const o = await requestWithdrawal(loose, who(user), 1000)
      if (o.kind === 'requested') ids.push(o.id)
    }
    const decisions = await Promise.all(
      ids.flatMap((id) => [
        decideWithdrawal({ db: handle.db, payout: manualPayout(handle.db) }, 'op', id, { approve: true }),
        decideWithdrawal({ db: handle.db, payout: manualPayout(handle.db) }, 'op2', id, { approve: false, reason: '信息不符' }),
      ]),
    )
    const final = decisions.filter((d) => d.kind === 'paid' || d.kind === 'rejected')
    expect(final).toHaveLength(ids.length)
    // The loser of each pair: an approval after the rejection, or a rejection of a payment under way.
    expect(decisions.filter((d) => d.kind === 'already-decided' || d.kind === 'cannot-reject')).toHaveLength(ids.length)
    const paid = final.filter((d) => d.kind === 'paid').length
    expect(await userBalances(handle.db, user.id)).toEqual({
      pendingFen: 0,
      availableFen: 100_000 - paid * 1000,
      heldFen: 0,
      withdrawnFen: paid * 1000,
    })
    expect((await decideWithdrawal({ db: handle.db, payout: manualPayout(handle.db) }, 'op', '999999999', { approve: true })).kind).toBe('not-found')
  })
})
