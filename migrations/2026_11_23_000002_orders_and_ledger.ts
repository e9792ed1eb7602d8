import { sql, type Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema at this point in history, not today's
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('orders')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('platform', 'text', (col) => col.notNull().check(sql`platform in ('taobao', 'jd', 'pdd')`))
    .addColumn('sub_order_id', 'text', (col) => col.notNull())
    .addColumn('order_id', 'text', (col) => col.notNull())
    .addColumn('item_id', 'text', (col) => col.notNull())
    .addColumn('item_title', 'text', (col) => col.notNull())
    .addColumn('quantity', 'integer', (col) => col.notNull())
    .addColumn('paid_fen', 'bigint', (col) => col.notNull().check(sql`paid_fen >= 0`))
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('paid', 'received', 'settled', 'invalid', 'refunded')`),
    )
    .addColumn('estimated_commission_fen', 'bigint', (col) => col.notNull().check(sql`estimated_commission_fen >= 0`))
    .addColumn('settled_commission_fen', 'bigint', (col) => col.check(sql`settled_commission_fen >= 0`))
    .addColumn('platform_attribution_id', 'text')
    .addColumn('relation_id', 'text')
    .addColumn('paid_at', 'timestamptz', (col) => col.notNull())
    .addColumn('received_at', 'timestamptz')
    .addColumn('settled_at', 'timestamptz')
    .addColumn('platform_updated_at', 'timestamptz', (col) => col.notNull())
    .addColumn('user_id', 'bigint', (col) => col.references('users.id'))
    .addColumn('attribution', 'text', (col) => col.check(sql`attribution in ('platform_id', 'recent_promotion', 'claim')`))
    .addColumn('attribution_note', 'text', (col) => col.check(sql`attribution_note in ('ambiguous', 'foreign')`))
    .addColumn('attributed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('orders_platform_sub_order_key', ['platform', 'sub_order_id'])
    .addCheckConstraint('orders_attribution_has_user', sql`(attribution is null) = (user_id is null)`)
    .execute()
  await db.schema.createIndex('orders_order_id').on('orders').column('order_id').execute()
  await db.schema.createIndex('orders_user_recent').on('orders').columns(['user_id', 'paid_at']).execute()

  await db.schema
    .createTable('order_sync_cursors')
    .addColumn('platform', 'text', (col) => col.primaryKey())
    .addColumn('synced_until', 'timestamptz', (col) => col.notNull())
    .addColumn('stopped_reason', 'text')
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('ledger_transactions')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('idempotency_key', 'text', (col) => col.notNull().unique())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('order_row_id', 'bigint', (col) => col.references('orders.id'))
    .addColumn('user_id', 'bigint', (col) => col.references('users.id'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('ledger_transactions_order').on('ledger_transactions').columns(['order_row_id', 'user_id']).execute()

  await db.schema
    .createTable('ledger_postings')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('transaction_id', 'bigint', (col) => col.notNull().references('ledger_transactions.id'))
    .addColumn('account', 'text', (col) => col.notNull())
    .addColumn('user_id', 'bigint', (col) => col.references('users.id'))
    .addColumn('amount_fen', 'bigint', (col) => col.notNull().check(sql`amount_fen <> 0`))
    .execute()
  await db.schema.createIndex('ledger_postings_transaction').on('ledger_postings').column('transaction_id').execute()
  await db.schema.createIndex('ledger_postings_user_account').on('ledger_postings').columns(['user_id', 'account']).execute()

  // The ledger is append-only and double-entry: the database itself refuses
  // edits, deletes and a transaction whose postings do not sum to zero.
  await sql`
    create function ledger_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'the ledger is append-only (% on %)', tg_op, tg_table_name;
    end $$`.execute(db)
  for (const table of ['ledger_transactions', 'ledger_postings']) {
    await sql`create trigger ${sql.id(`${table}_append_only`)} before update or delete on ${sql.table(table)}
      for each row execute function ledger_append_only()`.execute(db)
  }
  // Checked per statement, over every transaction the statement touched: the
  // postings of one ledger transaction are written in one statement.
  await sql`
    create function ledger_balanced() returns trigger language plpgsql as $$
    declare
      tid bigint;
      total bigint;
    begin
      -- One indexed lookup per touched transaction: cost follows the statement, not the ledger's size.
      for tid in select distinct transaction_id from inserted loop
        select sum(amount_fen) into total from ledger_postings where transaction_id = tid;
        if total <> 0 then
          raise exception 'ledger transaction % does not balance', tid;
        end if;
      end loop;
      return null;
    end $$`.execute(db)
  await sql`create trigger ledger_postings_balanced after insert on ledger_postings
    referencing new table as inserted for each statement execute function ledger_balanced()`.execute(db)
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ledger_postings').execute()
  await db.schema.dropTable('ledger_transactions').execute()
  await sql`drop function ledger_balanced()`.execute(db)
  await sql`drop function ledger_append_only()`.execute(db)
  await db.schema.dropTable('order_sync_cursors').execute()
  await db.schema.dropTable('orders').execute()
}
