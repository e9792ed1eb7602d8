import { randomUUID } from 'node:crypto'
import { FileBox, type FileBoxInterface } from 'file-box'
import type { payloads, Wechaty, WechatyPlugin } from 'wechaty'
import { buildWechaty, types } from './wechaty-runtime.js'
import { PuppetMock, mock } from 'wechaty-puppet-mock'
import { MessageTracker } from './message-tracker.js'

type ContactMock = ReturnType<mock.Mocker['createContact']>
type RoomMock = ReturnType<mock.Mocker['createRoom']>

export interface SentMessage {
  readonly conversationId: string
  /** For a picture, `[图片 name]`. */
  readonly text: string
  /** A picture's bytes as the puppet was handed them. */
  readonly bytes?: Buffer
}

export interface MockBot {
  readonly bot: Wechaty
  readonly mocker: mock.Mocker
  readonly self: ContactMock
  /** Every text the bot sent, in order. */
  readonly sent: SentMessage[]
  contact(name: string): ContactMock
  room(topic: string, owner: ContactMock, members?: ContactMock[]): RoomMock
  /** Says `text` and resolves with what the bot sent while handling it. */
  say(from: ContactMock, text: string, to?: RoomMock): Promise<SentMessage[]>
  /** Sends a picture (its FileBox, e.g. FileBox.fromBase64(…, 'a.png')) and resolves with the bot's sends. */
  sayPicture(from: ContactMock, picture: FileBoxInterface, to?: RoomMock): Promise<SentMessage[]>
  /** Shares a mini-program card (what the JD and Pinduoduo apps send) and resolves with the bot's sends. */
  sayMiniProgram(from: ContactMock, card: payloads.MiniProgram, to?: RoomMock): Promise<SentMessage[]>
  stop(): Promise<void>
}

/**
 * The real Wechaty pipeline on wechaty-puppet-mock with a spy on the
 * puppet's sends: what the bot tests and the latency benchmark drive.
 */
export async function startMockBot(plugin: (tracker: MessageTracker) => WechatyPlugin, name: string): Promise<MockBot> {
  const mocker = new mock.Mocker()
  const puppet = new PuppetMock({ mocker })
  const bot = buildWechaty({ puppet, name })
  const tracker = new MessageTracker()
  const sent: SentMessage[] = []
  const send = puppet.messageSendText.bind(puppet)
  puppet.messageSendText = async (conversationId: string, text: string) => {
    sent.push({ conversationId, text })
    return send(conversationId, text)
  }
  // The mock can only pass on files it can serialize (not a buffer): the spy records the bytes and passes a copy.
  const sendFile = puppet.messageSendFile.bind(puppet)
  puppet.messageSendFile = async (conversationId: string, file: FileBoxInterface) => {
    const bytes = await file.toBuffer()
    sent.push({ conversationId, text: `[图片 ${file.name}]`, bytes })
    return sendFile(conversationId, FileBox.fromBase64(bytes.toString('base64'), file.name))
  }
  // The mock's contacts can only say text, and its messageMiniProgram answers a placeholder: cards are
  // created as message payloads here and their content served from this map.
  const cards = new Map<string, payloads.MiniProgram>()
  const miniProgram = puppet.messageMiniProgram.bind(puppet)
  puppet.messageMiniProgram = async (messageId: string) => cards.get(messageId) ?? miniProgram(messageId)
  bot.use(plugin(tracker))
  await bot.start()
  const self = mocker.createContact({ id: 'mock-bot-self', name: '返利助手' })
  mocker.login(self)
  let said = 0
  let serial = 0
  /** Emits one message and resolves with what the bot sent while handling it. */
  const handled = async (emit: () => void): Promise<SentMessage[]> => {
    const before = sent.length
    said++
    emit()
    await tracker.untilHandled(said)
    return sent.slice(before)
  }
  return {
    bot,
    mocker,
    self,
    sent,
    // Unique across the test files running side by side on one database (a serial and a millisecond could meet).
    contact: (contactName) => mocker.createContact({ id: `mock-${++serial}-${randomUUID()}`, name: contactName }),
    room: (topic, owner, members = []) =>
      mocker.createRoom({ topic, ownerId: owner.id, memberIdList: [self.id, owner.id, ...members.map((m) => m.id)] }),
    say: (from, text, to) => handled(() => from.say(text).to(to ?? self)),
    sayPicture: (from, picture, to) => handled(() => from.say(picture).to(to ?? self)),
    sayMiniProgram: (from, card, to) =>
      handled(() => {
        const id = `mock-card-${++serial}-${Date.now()}`
        cards.set(id, card)
        const base = { id, talkerId: from.id, timestamp: Date.now(), type: types.Message.MiniProgram, text: '' }
        mocker.MessageMock.create(to ? { ...base, roomId: to.id, mentionIdList: [] } : { ...base, listenerId: self.id })
        puppet.emit('message', { messageId: id })
      }),
    stop: () => bot.stop(),
  }
}
