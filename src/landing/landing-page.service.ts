import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { Platform } from '../links/parsed-link.js'
import { isShortCode } from './short-code.js'
import { findLanding, shortLinkExists } from './short-link.repository.js'

export interface LandingPageDeps {
  readonly db: Kysely<Database>
}

/** What a landing page shows, as plain data (the view in web/ renders it). Money in fen. */
export interface LandingPage {
  readonly code: string
  readonly platform: Platform
  readonly title: string
  /** https only: the page's CSP loads no other picture, and nothing else may reach an <img>. */
  readonly imageUrl: string | undefined
  /** False when the platform gave no price facts (then the page says the item page has them). */
  readonly quoted: boolean
  readonly priceFen: number
  /** What the coupon takes off; 0 without one. */
  readonly couponFen: number
  readonly priceAfterCouponFen: number
  /** The link holder's estimated rebate: reply links only (a push link is the group's, not the visitor's). */
  readonly rebateFen: number | undefined
  readonly couponExpired: boolean
  readonly tpwd: string | undefined
  /** The promo URL stored for this code, when it is an http(s) URL: the only place the page ever sends anyone. */
  readonly promoUrl: string | undefined
}

/** The page behind a code, or undefined for a malformed code (no query) or an unknown one. */
export async function landingPage(deps: LandingPageDeps, code: string, now: Date): Promise<LandingPage | undefined> {
  if (!isShortCode(code)) return undefined
  const row = await findLanding(deps.db, code)
  if (!row) return undefined
  const priceFen = Number(row.priceFen)
  return {
    code: row.code,
    platform: row.platform,
    title: row.title,
    imageUrl: webUrl(row.imageUrl, ['https:']),
    quoted: priceFen > 0,
    priceFen,
    couponFen: Number(row.couponFen),
    priceAfterCouponFen: Number(row.priceAfterCouponFen),
    rebateFen: row.kind === 'reply' ? Number(row.rebateFen) : undefined,
    couponExpired: row.couponEndAt !== null && row.couponEndAt.getTime() < now.getTime(),
    tpwd: row.tpwd ?? undefined,
    promoUrl: webUrl(row.promoUrl, ['https:', 'http:']),
  }
}

/** Whether a button press names a real page (malformed codes answer without a query). */
export async function landingExists(deps: LandingPageDeps, code: string): Promise<boolean> {
  return isShortCode(code) && shortLinkExists(deps.db, code)
}

function webUrl(value: string | null, protocols: readonly string[]): string | undefined {
  if (!value || !URL.canParse(value)) return undefined
  return protocols.includes(new URL(value).protocol) ? value : undefined
}
