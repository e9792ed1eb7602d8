/**
 * Where chat links to landing pages point (PUBLIC_BASE_URL). Read for each
 * message, not once: in one process with WEB_PORT=0 the web role learns its
 * address only after the chat is wired.
 */
export interface LandingLinks {
  /** Without a trailing slash. */
  baseUrl(): string
}

/** The process's landing links; the web role replaces the base with its bound address when PUBLIC_BASE_URL was not set. */
export class PublicBaseUrl implements LandingLinks {
  #url: string

  constructor(url: string) {
    this.#url = url.replace(/\/+$/, '')
  }

  baseUrl(): string {
    return this.#url
  }

  useBoundAddress(url: string): void {
    this.#url = url.replace(/\/+$/, '')
  }
}
