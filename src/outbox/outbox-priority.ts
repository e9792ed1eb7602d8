import type { OutboxKind } from '../queue/payloads.js'

/**
 * BullMQ priority per kind (lower = sooner): someone waiting for an answer
 * beats a notification about their order, which beats a deal push nobody asked for.
 */
export const OUTBOX_PRIORITY: Readonly<Record<OutboxKind, number>> = {
  reply: 1,
  notification: 2,
  push: 3,
}
