import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'

/** Records a manual payment once per key; returns the reference of the one recorded (this call's or an earlier one's). */
export async function recordManualPayout(
  db: Kysely<Database>,
  payout: { key: string; withdrawalId: string; amountFen: number; payeeContactId: string; approvedBy: string; reference: string },
): Promise<string> {
  await db
    .insertInto('manual_payouts')
    .values({
      payout_key: payout.key,
      withdrawal_id: payout.withdrawalId,
      amount_fen: payout.amountFen,
      payee_contact_id: payout.payeeContactId,
      approved_by: payout.approvedBy,
      reference: payout.reference,
    })
    .onConflict((oc) => oc.column('payout_key').doNothing())
    .execute()
  const row = await db.selectFrom('manual_payouts').select('reference').where('payout_key', '=', payout.key).executeTakeFirstOrThrow()
  return row.reference
}

export async function findManualPayout(db: Kysely<Database>, key: string): Promise<string | undefined> {
  return (await db.selectFrom('manual_payouts').select('reference').where('payout_key', '=', key).executeTakeFirst())?.reference
}
