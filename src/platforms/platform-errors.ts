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
