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
}
