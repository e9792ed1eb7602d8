/** One payment as the provider receives it. */
export interface PayoutRequest {
  /** The idempotency key: the provider pays one key at most once, however often it is asked. */
  readonly key: string
  readonly withdrawalId: string
  readonly amountFen: number
  readonly payee: { readonly userId: string; readonly contactId: string; readonly displayName: string }
  readonly approvedBy: string
}

/** A definite answer. A call that cannot say (timeout, crash, network) throws: the payment's fate is then asked with `lookup`. */
export type PayResult = { readonly kind: 'paid'; readonly reference: string } | { readonly kind: 'refused'; readonly reason: string }

/** What the provider knows of a key: paid, never paid, or it cannot say now. */
export type LookupResult = { readonly kind: 'paid'; readonly reference: string } | { readonly kind: 'not-paid' } | { readonly kind: 'unknown' }

/**
 * Pays an approved withdrawal out. The ledger only records what an adapter
 * reports, so a payment provider can replace the manual adapter without any
 * change to the money code. Never called inside a database transaction.
 */
export interface PayoutAdapter {
  readonly name: string
  pay(request: PayoutRequest): Promise<PayResult>
  lookup(key: string): Promise<LookupResult>
}
