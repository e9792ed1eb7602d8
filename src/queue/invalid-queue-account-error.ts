/** An account name that cannot be part of a queue name (Redis keys, dashboards, Cluster hash tags). */
export class InvalidQueueAccountError extends Error {
  readonly account: string

  constructor(account: string) {
    super(`invalid account for a queue name: ${JSON.stringify(account)} (expected [A-Za-z0-9_-]{1,64})`)
    this.name = 'InvalidQueueAccountError'
    this.account = account
  }
}
