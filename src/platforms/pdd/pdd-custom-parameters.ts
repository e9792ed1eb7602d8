import { PlatformRequestError } from '../platform-errors.js'

/** PDD rejects longer `custom_parameters`. */
export const PDD_CUSTOM_PARAMETERS_MAX_BYTES = 64

/**
 * `custom_parameters` carrying our attribution id as `uid`; PDD echoes it on
 * every order, which is how an order finds its user.
 */
export function pddCustomParameters(attributionId: string): string {
  const text = JSON.stringify({ uid: attributionId })
  if (attributionId === '' || Buffer.byteLength(text, 'utf8') > PDD_CUSTOM_PARAMETERS_MAX_BYTES) {
    throw new PlatformRequestError(
      'pdd',
      `attribution id must be non-empty and fit custom_parameters (≤ ${PDD_CUSTOM_PARAMETERS_MAX_BYTES} bytes): ${text}`,
    )
  }
  return text
}
