import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { Platform } from '../links/parsed-link.js'

/** What a short link points at, whoever it is for. */
export interface ShortLinkTarget {
  readonly platform: Platform
  readonly itemId: string
  readonly conversionId: string
  readonly imageUrl: string | null
  readonly couponEndAt: Date | null
}

/**
 * The code of a reply link: one per user × item. A second conversion of the
 * same item moves the row to the newest conversion and keeps the code (the
 * link in an older message shows today's quote). `code` is used only when
 * the row is new.
 */
export async function upsertReplyShortLink(
  db: Kysely<Database>,
  link: ShortLinkTarget & { readonly code: string; readonly userId: string },
): Promise<string> {
  const row = await db
    .insertInto('short_links')
    .values({ ...values(link), kind: 'reply', user_id: link.userId, room_id: null, slot: null })
    .onConflict((oc) =>
      oc
        .columns(['user_id', 'platform', 'item_id'])
        // The literal makes PostgreSQL match the partial unique index (a parameter would not).
        .where('kind', '=', sql.lit('reply'))
        .doUpdateSet(updated),
    )
    .returning('code')
    .executeTakeFirstOrThrow()
  return row.code
}

/** The code of a push link: one per group × slot × item (the push's own conversion). */
export async function upsertPushShortLink(
  db: Kysely<Database>,
  link: ShortLinkTarget & { readonly code: string; readonly ownerId: string; readonly roomId: string; readonly slot: string },
): Promise<string> {
  const row = await db
    .insertInto('short_links')
    .values({ ...values(link), kind: 'push', user_id: link.ownerId, room_id: link.roomId, slot: link.slot })
    .onConflict((oc) =>
      oc
        .columns(['room_id', 'slot', 'platform', 'item_id'])
        .where('kind', '=', sql.lit('push'))
        .doUpdateSet(updated),
    )
    .returning('code')
    .executeTakeFirstOrThrow()
  return row.code
}

/** Rows per statement: 9 parameters a row stays under PostgreSQL's 65,535. */
const LINKS_PER_UPSERT = 5_000

/**
 * upsertPushShortLink for many links (a copy fanned out to many groups) in
 * as few statements as fit; the links must be distinct by group × slot × item.
 */
export async function upsertPushShortLinks(
  db: Kysely<Database>,
  links: readonly (ShortLinkTarget & { readonly code: string; readonly ownerId: string; readonly roomId: string; readonly slot: string })[],
): Promise<{ room_id: string; slot: string; code: string }[]> {
  const rows: { room_id: string; slot: string; code: string }[] = []
  for (let i = 0; i < links.length; i += LINKS_PER_UPSERT) {
    const part = links.slice(i, i + LINKS_PER_UPSERT)
    const upserted = await db
      .insertInto('short_links')
      .values(part.map((link) => ({ ...values(link), kind: 'push' as const, user_id: link.ownerId, room_id: link.roomId, slot: link.slot })))
      .onConflict((oc) =>
        oc
          .columns(['room_id', 'slot', 'platform', 'item_id'])
          .where('kind', '=', sql.lit('push'))
          .doUpdateSet(updated),
      )
      .returning(['room_id', 'slot', 'code'])
      .execute()
    for (const row of upserted) if (row.room_id !== null && row.slot !== null) rows.push({ room_id: row.room_id, slot: row.slot, code: row.code })
  }
  return rows
}

function values(link: ShortLinkTarget & { readonly code: string }) {
  return {
    code: link.code,
    platform: link.platform,
    item_id: link.itemId,
    conversion_id: link.conversionId,
    image_url: link.imageUrl,
    coupon_end_at: link.couponEndAt,
  }
}

const updated = {
  conversion_id: sql<string>`excluded.conversion_id`,
  image_url: sql<string | null>`excluded.image_url`,
  coupon_end_at: sql<Date | null>`excluded.coupon_end_at`,
  updated_at: sql<Date>`now()`,
}

/** A short link with the conversion it shows, as the landing page needs it. */
export interface LandingRow {
  readonly code: string
  readonly kind: 'reply' | 'push'
  readonly platform: Platform
  readonly imageUrl: string | null
  readonly couponEndAt: Date | null
  readonly title: string
  readonly promoUrl: string
  readonly tpwd: string | null
  readonly priceFen: string
  readonly couponFen: string
  readonly priceAfterCouponFen: string
  readonly rebateFen: string
}

/*
 * The landing page's one query, written out as SQL: it runs on every page
 * view of a push's burst, where assembling it with the query builder each
 * time showed up in the web role's CPU profile (--cpu-prof).
 */
export async function findLanding(db: Kysely<Database>, code: string): Promise<LandingRow | undefined> {
  const { rows } = await sql<LandingRow>`
    select s.code, s.kind, s.platform, s.image_url as "imageUrl", s.coupon_end_at as "couponEndAt",
      c.title, c.promo_url as "promoUrl", c.tpwd, c.price_fen as "priceFen", c.coupon_fen as "couponFen",
      c.price_after_coupon_fen as "priceAfterCouponFen", c.rebate_fen as "rebateFen"
    from short_links s join conversions c on c.id = s.conversion_id
    where s.code = ${code}`.execute(db)
  return rows[0]
}

export async function shortLinkExists(db: Kysely<Database>, code: string): Promise<boolean> {
  return (await db.selectFrom('short_links').select('code').where('code', '=', code).executeTakeFirst()) !== undefined
}
