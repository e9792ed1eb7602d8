import type { Platform } from '../links/parsed-link.js'

export interface PlatformErrorDetails {
  readonly code?: string | number | undefined
  readonly subCode?: string | undefined
  readonly requestId?: string | undefined
}

/** Base of every failure an adapter reports; carries the platform's own codes. */
export class PlatformError extends Error {
  readonly platform: Platform
  readonly code: string | number | undefined
  readonly subCode: string | undefined
  readonly requestId: string | undefined
  /** Whether the same call may succeed if tried again later. */
  readonly retryable: boolean = false

  constructor(platform: Platform, message: string, details: PlatformErrorDetails = {}) {
    super(message)
    this.name = this.constructor.name
    this.platform = platform
    this.code = details.code
    this.subCode = details.subCode
    this.requestId = details.requestId
  }
}

/** Wrong app key, bad signature, expired token: an operator must fix config. */
export class PlatformAuthError extends PlatformError {}

/** The platform throttled us (flow limit / 429). */
export class PlatformRateLimitedError extends PlatformError {
  override readonly retryable = true
}

/** Timeout, connection failure, 5xx or an `isp.*` error. */
export class PlatformUnavailableError extends PlatformError {
  override readonly retryable = true
}

/** The item exists but is not in the affiliate program (无佣金 / 不在推广中). */
export class ItemNotPromotableError extends PlatformError {}

/** The link or share code is unknown, malformed or expired (口令失效). */
export class LinkNotResolvableError extends PlatformError {}

/** The platform rejected our request's parameters; a bug on our side. */
export class PlatformRequestError extends PlatformError {}

/** The platform answered with something we cannot read. */
export class PlatformResponseError extends PlatformError {}

/**
 * Our account lacks a permission the API needs (JD 高级API 403, PDD 20031
 * 用户没有授权访问此接口, an IP whitelist, a risk-control block). Not
 * retryable and, like an auth error, stops an order sync until an operator
 * acts; an adapter may fall back to an API it does have.
 */
export class PlatformPermissionError extends PlatformAuthError {
  /** The API that refused, for the operator's log line. */
  readonly api: string | undefined

  constructor(platform: Platform, message: string, details: PlatformErrorDetails & { readonly api?: string | undefined } = {}) {
    super(platform, message, details)
    this.api = details.api
  }
}

/**
 * The shopper must first authorize our promotion slot on the platform
 * (PDD 授权备案) before any link for them earns; `authorizationUrl` is the
 * link that does it.
 */
export class AuthorizationRequiredError extends PlatformError {
  readonly authorizationUrl: string

  constructor(platform: Platform, message: string, authorizationUrl: string, details: PlatformErrorDetails = {}) {
    super(platform, message, details)
    this.authorizationUrl = authorizationUrl
  }
}

/**
 * The order API refused the window as too long (Taobao during 618 / 双11:
 * 20 minutes). The sync retries the same span in shorter windows;
 * `maxWindowMs` is the length the platform allows, when it is known.
 */
export class OrderWindowTooLongError extends PlatformRequestError {
  readonly maxWindowMs: number | undefined

  constructor(platform: Platform, message: string, maxWindowMs?: number, details: PlatformErrorDetails = {}) {
    super(platform, message, details)
    this.maxWindowMs = maxWindowMs
  }
}
