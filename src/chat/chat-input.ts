/** A chat message as the services see it: plain data, no Wechaty types. */
export interface ChatInput {
  readonly contactId: string
  readonly displayName: string
  /** Set when the message was said in a group. */
  readonly roomId?: string | undefined
  readonly text: string
}
