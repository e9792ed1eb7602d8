import type { ParsedLink } from './parsed-link.js'

/** What one allow-listed host's URL means, or undefined when it names no product. */
export type UrlRule = (url: URL) => ParsedLink | undefined
