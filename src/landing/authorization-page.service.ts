import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { Platform } from '../links/parsed-link.js'
import { findAuthorizationLink } from './authorization-link.repository.js'
import { isShortCode } from './short-code.js'

export interface AuthorizationPageDeps {
  readonly db: Kysely<Database>
}

/** What an authorization page shows: whose platform, and the one place its button leads. */
export interface AuthorizationPage {
  readonly platform: Platform
  /** The platform's authorization URL stored for this code, when it is http(s); undefined otherwise (the page says to ask again). */
  readonly url: string | undefined
}

/** The page behind an authorization code; undefined for a malformed code (no query) or an unknown one. */
export async function authorizationPage({ db }: AuthorizationPageDeps, code: string): Promise<AuthorizationPage | undefined> {
  if (!isShortCode(code)) return undefined
  const link = await findAuthorizationLink(db, code)
  if (!link) return undefined
  const web = URL.canParse(link.url) && ['https:', 'http:'].includes(new URL(link.url).protocol)
  return { platform: link.platform, url: web ? link.url : undefined }
}
