import type { Platform } from '../links/parsed-link.js'
import type { SimState } from './sim-state.js'

export interface SimResponse {
  readonly status: number
  readonly body: unknown
  /** The body as JSON text, sent as it is: for integers a double cannot hold (PDD group_id). */
  readonly text?: string
}

/** Where the request came in, for links that must lead back to this simulator. */
export interface SimRequest {
  /** e.g. `http://127.0.0.1:4100` */
  readonly origin: string
}

/** A web page the simulator serves on GET (e.g. the page a shopper opens to authorize). */
export interface SimPage {
  readonly status: number
  readonly html: string
  /** Sent as the Location header: a redirect (status 302), like an OAuth page sending the browser back to the app. */
  readonly location?: string
}

/** One platform's gateway inside the simulator. */
export interface SimPlatform {
  readonly platform: Platform
  /** The gateway path, e.g. `/router/rest`. */
  readonly path: string
  /** Answers one API call; params are the flat form fields as received (strings). */
  handle(params: Readonly<Record<string, string>>, state: SimState, request?: SimRequest): SimResponse
  /** A page of this platform at the URL (a GET outside the gateway path), or undefined when it has none there. */
  page?(url: URL, state: SimState): SimPage | undefined
  /** The platform's own error shape for a throttled or failing back end. */
  faultResponse(fault: 'rate-limit' | 'unavailable'): SimResponse
}
