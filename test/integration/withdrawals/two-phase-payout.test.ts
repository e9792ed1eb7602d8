import { fundForTest } from '../../support/order-factory.js'
import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import type { Database } from '../../../src/db/database.js'
import { userBalances } from '../../../src/ledger/ledger.repository.js'
import { ensureUser } from '../../../src/users/user.service.js'
import type { UserRow } from '../../../src/users/user.table.js'
import { manualPayout } from '../../../src/withdrawals/manual-payout.js'
import type { LookupResult, PayoutAdapter, PayoutRequest, PayResult } from '../../../src/withdrawals/payout.js'
import { decideWithdrawal, requestWithdrawal, settlePayingWithdrawals } from '../../../src/withdrawals/withdrawal.service.js'
import { availableBackends, openPrivateDatabase } from '../../support/test-databases.js'

/** A user with `fen` available, as settled rebates would leave them; contact ids starting `fail-commit-` cannot commit a notice. */
async function fundedUser(db: Kysely<Database>, fen: number, contactPrefix = 'wx-'): Promise<UserRow> {
  const user = await ensureUser(db, { contactId: `${contactPrefix}${randomUUID()}`, displayName: '小李' })
  await fundForTest(db, user, fen)
  return user
}

/**
 * The manual adapter with hooks: counts pay calls, can wait inside pay (a
 * slow provider), refuse, or "crash" after the payment was recorded in its
 * own store (the provider paid; our process died before phase B).
 */
function testAdapter(db: Kysely<Database>, behaviour: { crashAfterPay?: boolean; refuse?: string; delayMs?: number; lookup?: LookupResult['kind'] } = {}) {
  const manual = manualPayout(db)
  const calls: PayoutRequest[] = []
  const adapter: PayoutAdapter = {
    name: 'manual',
    pay: async (request): Promise<PayResult> => {
      calls.push(request)
      if (behaviour.delayMs) await new Promise((done) => setTimeout(done, behaviour.delayMs))
      if (behaviour.refuse) return { kind: 'refused', reason: behaviour.refuse }
      const paid = await manual.pay(request)
      if (behaviour.crashAfterPay) throw new Error('process died after the provider paid')
      return paid
    },
    lookup: async (key) => (behaviour.lookup === 'unknown' ? { kind: 'unknown' } : manual.lookup(key)),
  }
  return { adapter, calls }
}

const who = (u: UserRow) => ({ contactId: u.contact_id, displayName: u.display_name })

describe.each(availableBackends())('two-phase payouts on %s', (backend) => {
  let handle: DatabaseHandle
  let db: Kysely<Database>
  const rules = { minimumFen: 100, dailyLimit: 100 }

  beforeAll(async () => {
    handle = await openPrivateDatabase(backend)
    db = handle.db
    // A commit that fails after everything was written: notices for `fail-commit-` contacts are refused at commit.
    await sql`create function refuse_notice_at_commit() returns trigger language plpgsql as $$
      begin
        if new.contact_id like 'fail-commit-%' then raise exception 'commit refused by the test'; end if;
        return null;
      end $$`.execute(db)
    await sql`create constraint trigger refuse_notice_at_commit after insert on notice_outbox
      deferrable initially deferred for each row execute function refuse_notice_at_commit()`.execute(db)
  })
  afterAll(async () => {
    await handle.close()
  })

  async function requested(user: UserRow, fen: number): Promise<string> {
    const outcome = await requestWithdrawal({ db, ...rules }, who(user), fen)
    if (outcome.kind !== 'requested') throw new Error(`request refused: ${outcome.kind}`)
    return outcome.id
  }
  const row = (id: string) => db.selectFrom('withdrawals').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  const notices = (user: UserRow) => db.selectFrom('notice_outbox').select(['text', 'dedupe_key']).where('contact_id', '=', user.contact_id).orderBy('id').execute()
  const manualRecords = (id: string) => db.selectFrom('manual_payouts').selectAll().where('withdrawal_id', '=', id).execute()

  it('an approval pays under the withdrawal’s key and records paid, the ledger move and the user’s notice in one commit', async () => {
    const user = await fundedUser(db, 1000)
    const id = await requested(user, 600)
    const { adapter, calls } = testAdapter(db)
    expect(await decideWithdrawal({ db, payout: adapter }, 'op', id, { approve: true })).toMatchObject({ kind: 'paid', id, amountFen: 600 })
    expect(calls.map((c) => [c.key, c.amountFen, c.payee.contactId, c.approvedBy])).toEqual([[`withdrawal-${id}`, 600, user.contact_id, 'op']])
    expect(await row(id)).toMatchObject({ status: 'paid', payout_key: `withdrawal-${id}`, payout_adapter: 'manual', decided_by: 'op', payout_reference: `manual:op:${id}` })
    expect(await manualRecords(id)).toHaveLength(1)
    expect(await userBalances(db, user.id)).toEqual({ pendingFen: 0, availableFen: 400, heldFen: 0, withdrawnFen: 600 })
    expect(await notices(user)).toEqual([{ text: `提现成功：¥6.00（申请号 ${id}）已打款，请查收。`, dedupe_key: `withdrawal_${id}_paid` }])
  })

  it('a rejection releases the hold and records the notice in its transaction', async () => {
    const user = await fundedUser(db, 1000)
    const id = await requested(user, 300)
    expect(await decideWithdrawal({ db, payout: manualPayout(db) }, 'op', id, { approve: false, reason: '信息不符' })).toMatchObject({ kind: 'rejected' })
    expect(await userBalances(db, user.id)).toMatchObject({ availableFen: 1000, heldFen: 0 })
    expect(await notices(user)).toEqual([{ text: `提现未通过：¥3.00（申请号 ${id}），原因：信息不符。金额已退回可提现余额。`, dedupe_key: `withdrawal_${id}_rejected` }])
  })

  it('the provider paid, then the process died before recording it: recovery settles it as paid without paying again', async () => {
    const user = await fundedUser(db, 1000)
    const id = await requested(user, 500)
    const crashing = testAdapter(db, { crashAfterPay: true })
    expect(await decideWithdrawal({ db, payout: crashing.adapter }, 'op', id, { approve: true })).toMatchObject({ kind: 'paying', id })
    expect((await row(id)).status).toBe('paying')
    expect(await userBalances(db, user.id)).toMatchObject({ heldFen: 500, withdrawnFen: 0 })
    expect(await notices(user)).toEqual([])

    const restarted = testAdapter(db)
    expect(await settlePayingWithdrawals({ db, payout: restarted.adapter }, { graceMs: 0 })).toEqual({ settled: 1, stillPaying: 0 })
    expect(crashing.calls.length + restarted.calls.length).toBe(1)
    expect(await row(id)).toMatchObject({ status: 'paid', payout_reference: `manual:op:${id}` })
    expect(await userBalances(db, user.id)).toMatchObject({ heldFen: 0, withdrawnFen: 500, availableFen: 500 })
    expect((await notices(user)).map((n) => n.dedupe_key)).toEqual([`withdrawal_${id}_paid`])
    // Settled rows are not touched again.
    expect(await settlePayingWithdrawals({ db, payout: restarted.adapter }, { graceMs: 0 })).toEqual({ settled: 0, stillPaying: 0 })
    expect(await manualRecords(id)).toHaveLength(1)
  })

  it('after such a crash a second approval settles it as paid without a second pay', async () => {
    const user = await fundedUser(db, 1000)
    const id = await requested(user, 400)
    const crashing = testAdapter(db, { crashAfterPay: true })
    expect((await decideWithdrawal({ db, payout: crashing.adapter }, 'op', id, { approve: true })).kind).toBe('paying')
    const again = testAdapter(db)
    expect(await decideWithdrawal({ db, payout: again.adapter }, 'op', id, { approve: true })).toMatchObject({ kind: 'paid', id })
    expect(crashing.calls.length + again.calls.length).toBe(1)
    expect(await userBalances(db, user.id)).toMatchObject({ heldFen: 0, withdrawnFen: 400 })
    expect((await decideWithdrawal({ db, payout: again.adapter }, 'op', id, { approve: true }))).toMatchObject({ kind: 'already-decided', status: 'paid' })
  })

  it('two concurrent approvals of one request: one pay call', async () => {
    const user = await fundedUser(db, 1000)
    const id = await requested(user, 700)
    const slow = testAdapter(db, { delayMs: 300 })
    const outcomes = await Promise.all([
      decideWithdrawal({ db, payout: slow.adapter }, 'op', id, { approve: true }),
      decideWithdrawal({ db, payout: slow.adapter }, 'op2', id, { approve: true }),
    ])
    expect(slow.calls).toHaveLength(1)
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['paid', 'paying'])
    expect(await row(id)).toMatchObject({ status: 'paid' })
    expect(await userBalances(db, user.id)).toMatchObject({ heldFen: 0, withdrawnFen: 700, availableFen: 300 })
    expect(await notices(user)).toHaveLength(1)
  })

  it('a rejection racing an approval with a slow provider decides once', async () => {
    const user = await fundedUser(db, 1000)
    const id = await requested(user, 200)
    const slow = testAdapter(db, { delayMs: 200 })
    const [approval, rejection] = await Promise.all([
      decideWithdrawal({ db, payout: slow.adapter }, 'op', id, { approve: true }),
      decideWithdrawal({ db, payout: slow.adapter }, 'op2', id, { approve: false, reason: '重复' }),
    ])
    const balances = await userBalances(db, user.id)
    if (approval.kind === 'paid') {
      expect(rejection.kind).toBe('cannot-reject')
      expect(balances).toMatchObject({ heldFen: 0, withdrawnFen: 200, availableFen: 800 })
    } else {
      expect([approval.kind, rejection.kind]).toEqual(['already-decided', 'rejected'])
      expect(slow.calls).toHaveLength(0)
      expect(balances).toMatchObject({ heldFen: 0, withdrawnFen: 0, availableFen: 1000 })
    }
    expect(await notices(user)).toHaveLength(1)
  })

  it('a definite refusal by the provider fails the request, releases the hold and tells the user', async () => {
    const user = await fundedUser(db, 1000)
    const id = await requested(user, 800)
    const refusing = testAdapter(db, { refuse: '收款账户异常' })
    expect(await decideWithdrawal({ db, payout: refusing.adapter }, 'op', id, { approve: true })).toMatchObject({ kind: 'failed', reason: '收款账户异常' })
    expect(await row(id)).toMatchObject({ status: 'failed', reason: '收款账户异常' })
    expect(await userBalances(db, user.id)).toMatchObject({ heldFen: 0, withdrawnFen: 0, availableFen: 1000 })
    expect((await notices(user)).map((n) => n.dedupe_key)).toEqual([`withdrawal_${id}_failed`])
    expect(await decideWithdrawal({ db, payout: refusing.adapter }, 'op', id, { approve: true })).toMatchObject({ kind: 'already-decided', status: 'failed' })
    expect(refusing.calls).toHaveLength(1)
  })

  it('recovery pays a key the provider never received (same key), leaves unknown ones, and leaves young ones to their approval', async () => {
    const user = await fundedUser(db, 3000)
    const never = await requested(user, 100)
    const unknown = await requested(user, 200)
    const young = await requested(user, 300)
    const started = new Date(Date.now() - 10 * 60_000)
    for (const id of [never, unknown]) {
      await db.updateTable('withdrawals').set({ status: 'paying', payout_key: `withdrawal-${id}`, payout_adapter: 'manual', payout_started_at: started, decided_by: 'op' }).where('id', '=', id).execute()
    }
    await db.updateTable('withdrawals').set({ status: 'paying', payout_key: `withdrawal-${young}`, payout_adapter: 'manual', payout_started_at: new Date(), decided_by: 'op' }).where('id', '=', young).execute()

    const cannotTell = testAdapter(db, { lookup: 'unknown' })
    const report = await settlePayingWithdrawals({ db, payout: cannotTell.adapter }, { graceMs: 60_000 })
    expect(report.settled).toBe(0)
    expect(cannotTell.calls).toEqual([])

    const provider = testAdapter(db)
    await settlePayingWithdrawals({ db, payout: provider.adapter }, { graceMs: 60_000 })
    expect(provider.calls.map((c) => c.key).sort()).toEqual([`withdrawal-${never}`, `withdrawal-${unknown}`].sort())
    expect((await row(never)).status).toBe('paid')
    expect((await row(unknown)).status).toBe('paid')
    expect((await row(young)).status).toBe('paying')
  })

  it('a decision whose commit fails leaves neither the ledger move nor the notice; recovery settles the payment later, paid once', async () => {
    const user = await fundedUser(db, 1000, 'fail-commit-')
    const id = await requested(user, 600)
    const provider = testAdapter(db)
    await expect(decideWithdrawal({ db, payout: provider.adapter }, 'op', id, { approve: true })).rejects.toThrow(/commit refused/)
    expect(await row(id)).toMatchObject({ status: 'paying' })
    expect(await userBalances(db, user.id)).toMatchObject({ heldFen: 600, withdrawnFen: 0 })
    expect(await notices(user)).toEqual([])

    const rejectId = await requested(user, 100)
    await expect(decideWithdrawal({ db, payout: provider.adapter }, 'op', rejectId, { approve: false, reason: '测试' })).rejects.toThrow(/commit refused/)
    expect(await row(rejectId)).toMatchObject({ status: 'pending' })
    expect(await userBalances(db, user.id)).toMatchObject({ heldFen: 700, availableFen: 300 })

    await db.updateTable('users').set({ contact_id: `wx-${randomUUID()}` }).where('id', '=', user.id).execute()
    await settlePayingWithdrawals({ db, payout: provider.adapter }, { graceMs: 0 })
    expect(provider.calls.filter((c) => c.key === `withdrawal-${id}`)).toHaveLength(1)
    expect(await row(id)).toMatchObject({ status: 'paid' })
    expect(await userBalances(db, user.id)).toMatchObject({ heldFen: 100, withdrawnFen: 600 })
  })
})
