import { sql, type Kysely } from 'kysely'

/**
 * Postings are keyed by (transaction, account): a transaction never posts
 * twice to one account, and the key doubles as the index every join to the
 * transaction uses, so each posting writes one index entry fewer; house
 * postings (no user) leave the per-user index. The balance
 * check looks only at what the statement inserted: every statement's postings
 * must balance per transaction, which (by induction over statements) keeps
 * every transaction balanced without reading the ledger back.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema at this point in history, not today's
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table ledger_postings drop constraint ledger_postings_pkey`.execute(db)
  await sql`alter table ledger_postings drop column id`.execute(db)
  await sql`alter table ledger_postings add constraint ledger_postings_pkey primary key (transaction_id, account)`.execute(db)
  await sql`drop index ledger_postings_transaction`.execute(db)
  // Balances are read per user; house accounts (no user) never are, so they stay out of the index.
  await sql`drop index ledger_postings_user_account`.execute(db)
  await sql`create index ledger_postings_user_account on ledger_postings (user_id, account) where user_id is not null`.execute(db)
  await sql`
    create or replace function ledger_balanced() returns trigger language plpgsql as $$
    declare
      tid bigint;
    begin
      select transaction_id into tid from inserted group by transaction_id having sum(amount_fen) <> 0 limit 1;
      if found then
        raise exception 'ledger transaction % does not balance', tid;
      end if;
      return null;
    end $$`.execute(db)
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function ledger_balanced() returns trigger language plpgsql as $$
    declare
      tid bigint;
      total bigint;
    begin
      for tid in select distinct transaction_id from inserted loop
        select sum(amount_fen) into total from ledger_postings where transaction_id = tid;
        if total <> 0 then
          raise exception 'ledger transaction % does not balance', tid;
        end if;
      end loop;
      return null;
    end $$`.execute(db)
  await sql`alter table ledger_postings drop constraint ledger_postings_pkey`.execute(db)
  await sql`drop index ledger_postings_user_account`.execute(db)
  await sql`create index ledger_postings_user_account on ledger_postings (user_id, account)`.execute(db)
  await sql`create index ledger_postings_transaction on ledger_postings (transaction_id)`.execute(db)
  await sql`alter table ledger_postings add column id bigserial primary key`.execute(db)
}
