import type { Message } from 'wechaty'
import { types } from './wechaty-runtime.js'
import { type ChatInput, type LazyPicture, MAX_PICTURE_BYTES } from '../src/chat/chat-input.js'
import { cleanChatText, normalizeChatText } from '../src/chat/normalize-text.js'
import { readMiniProgramCard, type MiniProgramReading, type UnreadableCard } from '../src/links/mini-program-card.js'

/** Wechaty delivers huge pastes whole; nothing useful lies past this. */
const MAX_TEXT_CHARS = 1 << 20

/**
 * The chat input, and for a mini-program card the bot found no product in
 * (another app's card, a JD/Pinduoduo shop or activity page) what it was:
 * the edge answers that with one line instead of asking the service.
 */
export type BotInput = ChatInput & { readonly unreadableCard?: UnreadableCard }

/**
 * A Wechaty message as plain data, or undefined for what the bot never
 * answers: its own messages and system notices. Shared links (WeChat cards)
 * become their URL and title, and a JD or Pinduoduo mini-program card its
 * product's URL, so a share from those apps is converted like a pasted link.
 */
export async function toChatInput(message: Message): Promise<BotInput | undefined> {
  if (message.self()) return undefined
  const talker = message.talker()
  const room = message.room()
  const type = message.type()
  let text = ''
  let reading: MiniProgramReading | undefined
  let picture: LazyPicture | undefined
  if (type === types.Message.Text) {
    text = message.text()
  } else if (type === types.Message.Url) {
    const card = await message.toUrlLink().catch(() => undefined)
    text = card ? `${card.title()} ${card.url()}` : ''
  } else if (type === types.Message.MiniProgram) {
    const card = await message.toMiniProgram().catch(() => undefined)
    reading = readMiniProgramCard(card?.payload ?? {})
    text = reading.kind === 'item' ? reading.text : ''
  } else if (type === types.Message.Image) {
    picture = lazyPicture(message)
  } else if (type === types.Message.Unknown || type === types.Message.Recalled) {
    return undefined
  }
  const roomTopic = room ? await room.topic().catch(() => '') : undefined
  // Some puppets cannot tell the owner; the group then keeps the one it knew.
  let roomOwner: { id: string } | undefined
  try {
    roomOwner = room?.owner()
  } catch {
    roomOwner = undefined
  }
  const clean = cleanChatText(text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text)
  const normalized = clean.normalize('NFKC')
  return {
    contactId: talker.id,
    displayName: normalizeChatText(talker.name() || talker.id),
    roomId: room?.id,
    roomTopic: roomTopic === undefined ? undefined : normalizeChatText(roomTopic),
    roomOwnerId: roomOwner?.id,
    text: normalized,
    ...(clean !== normalized ? { verbatimText: clean } : {}),
    ...(reading && reading.kind !== 'item' ? { unreadableCard: reading } : {}),
    ...(picture ? { picture } : {}),
    roomsNamed: (topic) => roomsNamed(message, topic),
  }
}

/**
 * This account's groups whose name, read as a group's name is read above, is `topic`: every room is listed and
 * compared, because the transport matches names as stored (full-width forms, stray spaces) and the service has
 * the normalised one. Asked only by 转发来源.
 */
async function roomsNamed(message: Message, topic: string): Promise<{ roomId: string; topic: string }[]> {
  const rooms = await message.wechaty.Room.findAll()
  const named = await Promise.all(rooms.map(async (room) => ({ roomId: room.id, topic: normalizeChatText(await room.topic().catch(() => '')) })))
  return named.filter((room) => room.topic === topic)
}

/** The picture's content on demand: nothing is fetched unless the service asks; over the limit is ignored (undefined). */
function lazyPicture(message: Message): LazyPicture {
  return {
    load: async () => {
      const box = await message.toFileBox()
      // A size the puppet knows up front spares the download; otherwise the bytes themselves are measured.
      if (box.size > MAX_PICTURE_BYTES) return undefined
      const bytes = await box.toBuffer()
      if (bytes.length > MAX_PICTURE_BYTES) return undefined
      return { name: box.name, mediaType: box.mediaType, bytes }
    },
  }
}
