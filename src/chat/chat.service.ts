import { convertLinks } from '../conversions/conversion.service.js'
import { renderOutcomes } from '../conversions/promotion.text.js'
import type { ChatDeps } from './chat-deps.js'
import type { ChatInput } from './chat-input.js'
import { CHATTER_HINT } from './help.text.js'
import { findGroup, upsertGroup } from '../groups/group.repository.js'
import { parseGroupCommand } from '../groups/group-command.js'
import { runGroupCommand } from '../groups/group-settings.service.js'
import { GROUP_COMMAND_IN_DIRECT_CHAT_TEXT, groupCommandText } from '../groups/group.text.js'
import { routeText } from './route-text.js'
import { runCommand } from './run-command.js'
import { TAOBAO_BIND_IN_GROUP_TEXT } from '../users/taobao-binding.text.js'
import { CONSOLE_LOGIN_IN_GROUP_TEXT } from '../console/console-login.text.js'
import { parseRelayCommand } from '../relay/relay-command.js'
import { runRelayCommand } from '../relay/relay-commands.service.js'
import { relayCommandText } from '../relay/relay.text.js'
import { relayMessage } from '../relay/relay.service.js'
import { takePicture } from '../pictures/picture.service.js'
import { SenderOrder } from '../pictures/sender-order.js'

export type { ChatDeps } from './chat-deps.js'

const senderOrder = new SenderOrder()

/**
 * Answers one chat message: the reply text, or undefined for silence.
 * In a group only pasted links are answered (attributed to the sender), so
 * the bot never talks over a conversation; in a direct chat every message
 * gets an answer. A picture and a text from one sender are handled in the
 * order they came (src/pictures/sender-order.ts).
 */
export function handleChat(deps: ChatDeps, input: ChatInput): Promise<string | undefined> {
  const sender = `${input.roomId ?? input.contactId}\n${input.contactId}`
  return senderOrder.run(sender, input.picture !== undefined, () => answer(deps, input))
}

async function answer(deps: ChatDeps, input: ChatInput): Promise<string | undefined> {
  if (input.roomId !== undefined) {
    const relayCommand = parseRelayCommand(input.text)
    if (relayCommand) {
      const ctx = { roomId: input.roomId, topic: input.roomTopic ?? '', ownerContactId: input.roomOwnerId, senderContactId: input.contactId, roomsNamed: input.roomsNamed }
      return relayCommandText(await runRelayCommand(deps, ctx, relayCommand.name, relayCommand.args))
    }
    const command = parseGroupCommand(input.text)
    if (command) {
      const outcome = await runGroupCommand(
        deps,
        { roomId: input.roomId, topic: input.roomTopic ?? '', ownerContactId: input.roomOwnerId, senderContactId: input.contactId },
        command.name,
        command.args,
      )
      return groupCommandText(outcome, new Date(), deps.timeZone)
    }
  } else if (parseRelayCommand(input.text) ?? parseGroupCommand(input.text)) {
    // Said where it names no group (an owner trying 开启转发 in the direct chat): say where it goes, not the general hint.
    return GROUP_COMMAND_IN_DIRECT_CHAT_TEXT
  }
  // A group is known by its name from its first message (转发来源 finds sources by name); its owner is set only
  // by the owner's own commands, so a group nobody configured receives no 推送.
  const group =
    input.roomId === undefined
      ? undefined
      : ((await findGroup(deps.db, input.roomId)) ?? (await upsertGroup(deps.db, { roomId: input.roomId, topic: input.roomTopic ?? '', ownerContactId: null })))
  const inGroup = input.roomId !== undefined
  if (input.picture !== undefined) {
    // Kept only where it may go with a copy (a relay source, an owner's 推送); anyone else's picture in direct chat gets the hint.
    const taken = await takePicture(deps, { ...input, picture: input.picture }, new Date(), group?.relay_enabled)
    return inGroup || taken !== 'ignored' ? undefined : CHATTER_HINT
  }
  const relay = await relayMessage(deps, input, group?.relay_enabled)
  const intent = routeText(input.text)
  switch (intent.kind) {
    case 'links': {
      if (group !== undefined) {
        if (group.rebate_enabled === false) return undefined
        // A relay source group hears nothing from the bot unless its own owner asked for link answers (开启返利).
        if (relay.source && group.rebate_set_by_owner !== true) return undefined
      }
      const outcomes = await convertLinks(deps, { ...input, links: intent.links })
      const body = renderOutcomes(outcomes, intent.more)
      return inGroup ? `@${input.displayName} ${body}` : body
    }
    case 'command':
      // 绑定淘宝 and an operator's 后台 are the commands a group hears about: their links are personal, so they go to
      // direct chat. Anyone else's 后台 is silence, as any unknown text in a group.
      if (inGroup) {
        if (intent.name === 'taobao-bind') return `@${input.displayName} ${TAOBAO_BIND_IN_GROUP_TEXT}`
        if (intent.name === 'console-login' && deps.operators.includes(input.contactId)) return `@${input.displayName} ${CONSOLE_LOGIN_IN_GROUP_TEXT}`
        return undefined
      }
      return (await runCommand(deps, input, intent.name, intent.args)) ?? CHATTER_HINT
    case 'chatter':
    case 'empty':
      return inGroup ? undefined : CHATTER_HINT
  }
}
