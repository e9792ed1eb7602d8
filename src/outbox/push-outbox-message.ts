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

/** Stored pictures following a copy already queued to the conversation (`follows`: the copy's dedupe key). */
export function followingPictures(pictures: { readonly conversationId: string; readonly pictureIds: readonly string[]; readonly follows: string }): OutboxMessage {
  return { conversationId: pictures.conversationId, kind: 'push', pictureIds: [...pictures.pictureIds], follows: pictures.follows }
}
