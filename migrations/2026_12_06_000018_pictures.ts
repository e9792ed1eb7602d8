import { sql, type Kysely } from 'kysely'

/**
 * Pictures that travel with a relayed or pushed deal copy (issue 14). Only
 * pictures that may go along are kept (from a relay source, or an owner's
 * direct chat), and only for a few days: long enough to outlive an outbox
 * delay such as quiet hours. A post is one copy some sender's message became
 * (relayed to groups or 推送): who sent it, when, the outbox dedupe key it was
 * queued with per target, and whether pictures went before it, so a picture
 * after it knows whether to follow it and where to go.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema at this point in history, not today's
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('picture_posts')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('conversation_id', 'text', (col) => col.notNull())
    .addColumn('talker_id', 'text', (col) => col.notNull())
    .addColumn('posted_at', 'timestamptz', (col) => col.notNull())
    .addColumn('pictures_before', 'integer', (col) => col.notNull().defaultTo(0).check(sql`pictures_before >= 0`))
    .addColumn('pictures_after', 'integer', (col) => col.notNull().defaultTo(0).check(sql`pictures_after >= 0`))
    .addColumn('targets', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute()
  await db.schema.createIndex('picture_posts_sender').on('picture_posts').columns(['conversation_id', 'talker_id', 'posted_at']).execute()
  await db.schema
    .createTable('pictures')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('conversation_id', 'text', (col) => col.notNull())
    .addColumn('talker_id', 'text', (col) => col.notNull())
    .addColumn('received_at', 'timestamptz', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('media_type', 'text', (col) => col.notNull())
    .addColumn('bytes', 'bytea', (col) => col.notNull())
    .addColumn('size', 'integer', (col) => col.notNull().check(sql`size >= 0`))
    .addColumn('post_id', 'bigint', (col) => col.references('picture_posts.id').onDelete('set null'))
    .addColumn('placement', 'text', (col) => col.check(sql`placement in ('before', 'after')`))
    .execute()
  await db.schema.createIndex('pictures_sender').on('pictures').columns(['conversation_id', 'talker_id', 'received_at']).execute()
  await db.schema.createIndex('pictures_received').on('pictures').column('received_at').execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('pictures').execute()
  await db.schema.dropTable('picture_posts').execute()
}
