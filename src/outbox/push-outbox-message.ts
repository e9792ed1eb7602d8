import type { OutboxMessage } from '../queue/payloads.js'

/** A push as the outbox carries it: the picture, the stored pictures and the history slot only when there are ones. */
export function pushOutboxMessage(push: {
  readonly roomId: string
  readonly text: string
  readonly imageUrl?: string | undefined
  readonly pushSlot?: string | undefined
  readonly pictureIds?: readonly string[] | undefined
}): OutboxMessage {
  return {
    conversationId: push.roomId,
    text: push.text,
    kind: 'push',
    ...(push.imageUrl ? { imageUrl: push.imageUrl } : {}),
    ...(push.pushSlot ? { pushSlot: push.pushSlot } : {}),
    ...(push.pictureIds && push.pictureIds.length > 0 ? { pictureIds: [...push.pictureIds] } : {}),
  }
}
