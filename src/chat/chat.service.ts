import { convertLinks, type ConversionDeps } from '../conversions/conversion.service.js'
import { renderOutcomes } from '../conversions/promotion-reply.js'
import type { PayoutAdapter } from '../withdrawals/payout.js'
import type { ChatInput } from './chat-input.js'
import { CHATTER_HINT } from './help-text.js'
import { routeText } from './route-text.js'
import { runCommand } from './run-command.js'

export interface ChatDeps extends ConversionDeps {
  /** How long before payment a claimant must have been given a link for the item. */
  readonly claimWindowMs: number
  /** Asks for claimed orders to be credited (the ledger runs in the worker). */
  readonly enqueueCredit: (orderRowIds: readonly string[]) => Promise<void>
  readonly referralL1Bp: number
  readonly referralL2Bp: number
  readonly referrals: { readonly onlyBeforeFirstOrder: boolean }
  readonly withdrawals: { readonly minimumFen: number; readonly dailyLimit: number }
  /** Contact ids allowed to run operator commands. */
  readonly operators: readonly string[]
  readonly payout: PayoutAdapter
  /** Queues a message to another user (the outbox); the key makes it once-only. */
  readonly notify: (contactId: string, text: string, dedupeKey: string) => Promise<void>
}

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
      return (await runCommand(deps, input, intent.name, intent.args)) ?? CHATTER_HINT
    case 'chatter':
    case 'empty':
      return inGroup ? undefined : CHATTER_HINT
  }
}
