import { convertLinks, type ConversionDeps } from '../conversions/conversion.service.js'
import { renderOutcomes } from '../conversions/promotion-reply.js'
import type { ChatInput } from './chat-input.js'
import { CHATTER_HINT, helpText } from './help-text.js'
import { routeText } from './route-text.js'

export type ChatDeps = ConversionDeps

/**
 * Answers one chat message: the reply text, or undefined for silence.
 * In a group only pasted links are answered (attributed to the sender), so
 * the bot never talks over a conversation; in a direct chat every message
 * gets an answer.
 */
export async function handleChat(deps: ChatDeps, input: ChatInput): Promise<string | undefined> {
  const intent = routeText(input.text)
  const inGroup = input.roomId !== undefined
  switch (intent.kind) {
    case 'links': {
      const outcomes = await convertLinks(deps, { ...input, links: intent.links })
      const body = renderOutcomes(outcomes)
      return inGroup ? `@${input.displayName} ${body}` : body
    }
    case 'command':
      if (inGroup) return undefined
      return helpText()
    case 'chatter':
    case 'empty':
      return inGroup ? undefined : CHATTER_HINT
  }
}
