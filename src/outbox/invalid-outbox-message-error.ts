import { z } from 'zod'

/** A message that fails `OutboxMessageSchema`: a bug in the caller, never retried. */
export class InvalidOutboxMessageError extends Error {
  readonly issues: readonly z.core.$ZodIssue[]

  constructor(error: z.ZodError) {
    super(`invalid outbox message: ${z.prettifyError(error)}`)
    this.name = 'InvalidOutboxMessageError'
    this.issues = error.issues
  }
}
