import { sql, type Kysely } from 'kysely'

/**
 * An operator may assign an unattributed order to a user from the console:
 * a rung of its own ('operator'), so the record says a person decided it,
 * not the platform's id, a recent link or the buyer's own claim. The check
 * is widened without rescanning under an exclusive lock: added NOT VALID,
 * then validated (which only blocks writes that would break it).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema at this point in history, not today's
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table orders drop constraint orders_attribution_check`.execute(db)
  await sql`alter table orders add constraint orders_attribution_check
    check (attribution in ('platform_id', 'recent_promotion', 'claim', 'operator')) not valid`.execute(db)
  await sql`alter table orders validate constraint orders_attribution_check`.execute(db)
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table orders drop constraint orders_attribution_check`.execute(db)
  await sql`alter table orders add constraint orders_attribution_check
    check (attribution in ('platform_id', 'recent_promotion', 'claim'))`.execute(db)
}
