import type { ParsedLink } from '../links/parsed-link.js'
import type { Promotion } from '../platforms/platform.js'

/** Why a pasted link could not be turned into a promo link; each has a one-line reply. */
export type ConversionFailure =
  | 'not-promotable'
  | 'needs-authorization'
  | 'link-unresolvable'
  | 'platform-busy'
  | 'platform-unavailable'
  | 'platform-misconfigured'
  | 'internal'

export type ConversionOutcome =
  | {
      readonly ok: true
      readonly link: ParsedLink
      readonly promotion: Promotion
      readonly rebateFen: number
      /** The conversions row and whose it is (a hand-picked push links each group to it). */
      readonly conversionId?: string | undefined
      readonly userId?: string | undefined
      /** LANDING_PAGES=on, a reply: PUBLIC_BASE_URL/s/CODE, carried instead of the promo link and the 淘口令. */
      readonly landingUrl?: string | undefined
    }
  | {
      readonly ok: false
      readonly link: ParsedLink
      readonly failure: ConversionFailure
      /** needs-authorization: the link that authorizes this user on the platform (PDD 授权备案). */
      readonly authorizationUrl?: string | undefined
    }
