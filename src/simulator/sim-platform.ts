import type { Platform } from '../links/parsed-link.js'
import type { SimState } from './sim-state.js'

export interface SimResponse {
  readonly status: number
  readonly body: unknown
}

/** One platform's gateway inside the simulator. */
export interface SimPlatform {
  readonly platform: Platform
  /** The gateway path, e.g. `/router/rest`. */
  readonly path: string
  /** Answers one API call; params are the flat form fields as received (strings). */
  handle(params: Readonly<Record<string, string>>, state: SimState): SimResponse
  /** The platform's own error shape for a throttled or failing back end. */
  faultResponse(fault: 'rate-limit' | 'unavailable'): SimResponse
}
