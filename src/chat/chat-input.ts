/** Pictures larger than this are ignored where they enter (a 线报 picture is well under 1 MB; a phone photo rarely passes 10 MB). */
export const MAX_PICTURE_BYTES = 10 * 1024 * 1024

export interface LoadedPicture {
  readonly name: string
  readonly mediaType: string
  readonly bytes: Buffer
}

/** A picture message's content, fetched only when asked: undefined when it is over `MAX_PICTURE_BYTES`. */
export interface LazyPicture {
  load(): Promise<LoadedPicture | undefined>
}

/** A chat message as the services see it: plain data, no Wechaty types (a picture's content aside, see `picture`). */
export interface ChatInput {
  readonly contactId: string
  readonly displayName: string
  /** Set when the message was said in a group. */
  readonly roomId?: string | undefined
  readonly roomTopic?: string | undefined
  /** The group's owner as the chat transport reports it (may be unknown). */
  readonly roomOwnerId?: string | undefined
  readonly text: string
  /**
   * The text before Unicode folding (chat/normalize-text.ts#cleanChatText), set
   * where a message enters when it differs from `text`: 转链 gives a copy back
   * with its full-width punctuation as written.
   */
  readonly verbatimText?: string | undefined
  /**
   * Set for a picture message (its text is empty). Not plain data, on purpose:
   * downloading every picture of every group the bot is in would cost a
   * transfer per picture for nothing; only the service knows whether this one
   * may go along with a copy, so it decides whether to load it.
   */
  readonly picture?: LazyPicture | undefined
  /**
   * The groups this bot account is in with exactly this name, asked of the
   * chat transport (where it can list rooms). Not plain data either: only
   * 转发来源 needs it, to find a source group nobody has spoken in since the
   * bot joined; asking on every message would be a round trip for nothing.
   */
  readonly roomsNamed?: ((topic: string) => Promise<readonly { readonly roomId: string; readonly topic: string }[]>) | undefined
}
