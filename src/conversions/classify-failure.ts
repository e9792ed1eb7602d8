import {
  AuthorizationRequiredError,
  ItemNotPromotableError,
  LinkNotResolvableError,
  PlatformAuthError,
  PlatformRateLimitedError,
  PlatformRequestError,
  PlatformResponseError,
  PlatformUnavailableError,
} from '../platforms/platform-errors.js'
import type { ConversionFailure } from './conversion-outcome.js'

/** Maps an adapter error to what we tell the user. */
export function classifyFailure(error: unknown): ConversionFailure {
  if (error instanceof AuthorizationRequiredError) return 'needs-authorization'
  if (error instanceof ItemNotPromotableError) return 'not-promotable'
  if (error instanceof LinkNotResolvableError) return 'link-unresolvable'
  if (error instanceof PlatformRateLimitedError) return 'platform-busy'
  if (error instanceof PlatformUnavailableError || error instanceof PlatformResponseError) return 'platform-unavailable'
  if (error instanceof PlatformAuthError || error instanceof PlatformRequestError) return 'platform-misconfigured'
  return 'internal'
}
