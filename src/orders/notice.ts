/** A chat message to one user about their orders or earnings. */
export interface Notice {
  readonly contactId: string
  readonly text: string
  /** Once-only key: the same event is never queued twice. */
  readonly dedupeKey: string
}
