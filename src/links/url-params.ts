/** Item and goods ids are long decimal numbers; anything else in an id slot is not an item. */
const NUMERIC_ID = /^[1-9][0-9]{4,19}$/

export function numericId(value: string | undefined): string | undefined {
  return value !== undefined && NUMERIC_ID.test(value) ? value : undefined
}

/**
 * The first numeric value of any of `names` (matched case-insensitively,
 * in the order given) in the URL's query. URLSearchParams has already
 * percent-decoded names and values.
 */
export function numericParam(url: URL, names: readonly string[]): string | undefined {
  for (const name of names) {
    for (const [key, value] of url.searchParams) {
      if (key.toLowerCase() === name) {
        const id = numericId(value)
        if (id !== undefined) return id
      }
    }
  }
  return undefined
}

export function paramValue(url: URL, name: string): string | undefined {
  for (const [key, value] of url.searchParams) {
    if (key.toLowerCase() === name && value !== '') return value
  }
  return undefined
}

/** A short link needs something after the host for the platform to resolve. */
export function hasPathOrQuery(url: URL): boolean {
  return url.pathname.length > 1 || url.search.length > 1
}

/** The URL as we hand it on: scheme and lower-cased host as parsed, path and query kept, fragment dropped. */
export function normalisedUrl(url: URL): string {
  return `${url.protocol}//${url.hostname}${url.pathname}${url.search}`
}
