/** A chat message as the services see it: plain data, no Wechaty types. */
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
}
