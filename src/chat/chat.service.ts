import { convertLinks, type ConversionDeps } from '../conversions/conversion.service.js'
import { renderOutcomes } from '../conversions/promotion-reply.js'
import { balancesFor } from '../ledger/balance.service.js'
import { claimOrder } from '../orders/claim-order.service.js'
import { recentOrdersFor } from '../orders/my-orders.service.js'
import { normalizeOrderNumber } from '../orders/order-number.js'
import { balanceText, claimText, ordersText } from './account-text.js'
import type { ChatInput } from './chat-input.js'
import { CHATTER_HINT, helpText } from './help-text.js'
import { routeText, type CommandName } from './route-text.js'

export interface ChatDeps extends ConversionDeps {
  /** How long before payment a claimant must have been given a link for the item. */
  readonly claimWindowMs: number
  /** Asks for claimed orders to be credited (the ledger runs in the worker). */
  readonly enqueueCredit: (orderRowIds: readonly string[]) => Promise<void>
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
      return runCommand(deps, input, intent.name, intent.args)
    case 'chatter':
    case 'empty':
      return inGroup ? undefined : CHATTER_HINT
  }
}

async function runCommand(deps: ChatDeps, input: ChatInput, name: CommandName, args: string): Promise<string> {
  switch (name) {
    case 'help':
      return helpText()
    case 'balance':
      return balanceText(await balancesFor(deps.db, input.contactId))
    case 'orders':
      return ordersText(await recentOrdersFor(deps.db, input.contactId, deps.userShareBp))
    case 'claim': {
      const number = normalizeOrderNumber(args)
      if (!number) return claimText('invalid-number')
      const outcome = await claimOrder(deps, input, number)
      if (outcome.kind === 'claimed') await deps.enqueueCredit(outcome.orderRowIds)
      return claimText(outcome)
    }
  }
}
