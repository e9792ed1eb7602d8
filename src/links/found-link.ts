import type { ParsedLink } from './parsed-link.js'

/** A link found by one of the scanners, with where it starts so scanners' results can be merged in order. */
export interface FoundLink {
  readonly index: number
  readonly link: ParsedLink
}
