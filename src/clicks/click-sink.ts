/** What a landing page knows about one view or button press, before classification and hashing. */
export interface ClickInput {
  readonly code: string
  readonly at: Date
  readonly action: 'view' | 'copy' | 'open'
  readonly userAgent: string
  /** The client's address as the web server sees it (after trustProxy); hashed, never stored. */
  readonly ip: string
}

/**
 * Where the web edge hands clicks: `record` never waits for the database
 * (writes are batched); `close` writes what is buffered, so a normal stop
 * loses none.
 */
export interface ClickSink {
  record(click: ClickInput): void
  /** Writes everything recorded so far. */
  flush(): Promise<void>
  close(): Promise<void>
}
