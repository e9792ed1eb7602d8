import { z } from 'zod'

/*
 * Job payloads carry ids, never rows or objects: a processor re-reads current
 * state, so a retried or late job cannot act on a stale copy.
 */

export const OrderSyncJobSchema = z.object({
  platform: z.enum(['taobao', 'jd', 'pdd']),
})
export type OrderSyncJob = z.infer<typeof OrderSyncJobSchema>

export const CreditOrderJobSchema = z.object({
  /** int8 primary keys, kept as strings as pg returns them; one page of orders per job. */
  orderRowIds: z.array(z.string().regex(/^[0-9]{1,19}$/)).min(1).max(500),
})
export type CreditOrderJob = z.infer<typeof CreditOrderJobSchema>

export const OUTBOX_KINDS = ['reply', 'notification', 'push'] as const
export type OutboxKind = (typeof OUTBOX_KINDS)[number]

/** The longest chat message the outbox takes. */
export const MAX_OUTBOX_TEXT = 4000

/**
 * One chat message for the bot to send; the conversation id is a contact id or a `…@chatroom` id. The text is
 * optional only for pictures following a copy (`follows`).
 */
export const OutboxMessageSchema = z
  .object({
    conversationId: z.string().min(1).max(128),
    text: z.string().min(1).max(MAX_OUTBOX_TEXT).optional(),
    kind: z.enum(OUTBOX_KINDS),
    /** A picture sent just before the text (a deal card's product image), where the puppet can send files. */
    imageUrl: z.url().max(2048).optional(),
    /** Stored pictures (`pictures` rows) sent before the text, in this order: those a relayed or pushed copy came with. */
    pictureIds: z.array(z.string().regex(/^[0-9]{1,19}$/)).min(1).max(9).optional(),
    /**
     * The outbox dedupe key of the copy these pictures follow (same conversation): sent only after it, not held by
     * the room gap after it nor counted as another push, and dropped when it was dropped.
     */
    follows: z.string().min(1).max(512).optional(),
    /** A push's slot in its group's push history, so a push the outbox drops is marked as never sent. */
    pushSlot: z.string().min(1).max(128).optional(),
    /** The notice (its `notice_outbox` row) this message announces: the bot confirms the send by it, and only then is the notice forgotten. */
    noticeId: z.string().regex(/^[0-9]{1,19}$/).optional(),
  })
  .refine((m) => (m.follows === undefined ? m.text !== undefined : m.pictureIds !== undefined && m.text === undefined), {
    message: 'a message has text, unless it is pictures following a copy (then it has pictureIds and no text)',
    path: ['text'],
  })
export type OutboxMessage = z.infer<typeof OutboxMessageSchema>

/** One scheduled push: a group and the schedule slot (its minute, `YYYYMMDDHHmm` in the configured zone). */
export const GroupPushJobSchema = z.object({
  roomId: z.string().min(1).max(128),
  slot: z.string().regex(/^\d{12}$/),
})
export type GroupPushJob = z.infer<typeof GroupPushJobSchema>
