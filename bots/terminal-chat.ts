import { createInterface } from 'node:readline'
import { FileBox, type FileBoxInterface } from 'file-box'
import type { Wechaty, WechatyPlugin } from 'wechaty'
import { buildWechaty } from './wechaty-runtime.js'
import { PuppetMock, mock } from 'wechaty-puppet-mock'
import { MessageTracker } from './message-tracker.js'

type ContactMock = ReturnType<mock.Mocker['createContact']>
type RoomMock = ReturnType<mock.Mocker['createRoom']>

/** The mock's contacts and rooms emit each message said to them; its typings omit the emitter. */
interface MockMessage {
  readonly id: string
  talker(): { id: string }
  /** Undefined for a picture or file. */
  text(): string | undefined
  room(): unknown
}
const listen = (target: ContactMock | RoomMock, fn: (msg: MockMessage) => void): void => {
  ;(target as unknown as { on(event: 'message', fn: (msg: MockMessage) => void): void }).on('message', fn)
}

/** What the terminal's simulator commands do (the composition root wires them to the simulator). */
export interface TerminalSimulator {
  /** The sender buys the item behind a promo link (or landing page) the bot gave them; returns a line to print. */
  buy(promoUrl: string, quantity: number): Promise<{ line: string; orderId?: string }>
  receive(orderId: string): Promise<string>
  settle(): Promise<string>
  refund(orderId: string): Promise<string>
  /** Opens an authorization link (PDD 授权备案) the bot gave the sender, as tapping it would; returns a line to print. */
  authorize(url: string): Promise<string>
}

export interface TerminalChatOptions {
  /** Installs the bot's behaviour; receives the tracker it must mark handled messages on. */
  readonly plugin: (tracker: MessageTracker) => WechatyPlugin
  readonly input: NodeJS.ReadableStream
  readonly output: (line: string) => void
  /** Memory-card path (Wechaty keeps login state there). */
  readonly name: string
  readonly interactive: boolean
  readonly initialSender?: string
  readonly simulator?: TerminalSimulator | undefined
  /** Runs the deal-push scheduler for a clock time today (HH:MM); returns how many pushes were due. */
  readonly tick?: ((time: string) => Promise<string>) | undefined
  /** Resolves when background work (order sync, notifications) has settled. */
  readonly idle?: () => Promise<void>
  /** Pushes the outbox has parked until quiet hours end (they do not hold the session up). */
  readonly parked?: () => number
  /** The contact id a group's owner was recorded as, so the owner of an earlier session stays its owner. */
  readonly groupOwner?: ((roomId: string) => Promise<string | undefined>) | undefined
}

// JD's promotion.common.get (ordinary accounts) answers only the long union-click link; with LANDING_PAGES=on
// the bot's links are landing pages (…/s/CODE), whose promo link the simulator side looks up.
const PROMO_URL = /https:\/\/(?:(?:s\.click\.taobao\.com|u\.jd\.com|p\.pinduoduo\.com)\/|union-click\.jd\.com\/jdc\?e=)[0-9A-Za-z]+|https?:\/\/[^\s/，。]+\/s\/[0-9A-Za-z]{10,32}/g
/** The simulator's authorization links (PDD 授权备案), or with LANDING_PAGES=on our page in front of one (…/a/CODE). */
const AUTHORIZE_URL = /https?:\/\/[^\s，。]+\/authorize[^\s，。]*|https?:\/\/[^\s/，。]+\/a\/[0-9A-Za-z]{10,32}/g

const BOT_ID = 'term-bot'
const contactId = (name: string): string => `term-${encodeURIComponent(name)}`
const roomId = (topic: string): string => `term-room-${encodeURIComponent(topic)}@chatroom`
/** The topic behind a terminal room id, or undefined for any other conversation. */
const topicOf = (conversationId: string): string | undefined => {
  const encoded = /^term-room-(.+)@chatroom$/.exec(conversationId)?.[1]
  return encoded === undefined ? undefined : decodeURIComponent(encoded)
}

/** `/图 名字`: a small picture drawn for the name (its QR code), sent as a picture message so pictures can be tried. */
async function generatedPicture(name: string): Promise<FileBoxInterface> {
  const png = await FileBox.fromQRCode(name).toBuffer()
  return FileBox.fromBase64(png.toString('base64'), `${name}.png`)
}

/**
 * A chat with the bot in the terminal, through the real Wechaty pipeline on
 * wechaty-puppet-mock. Contacts and groups get stable ids derived from their
 * names, so the same name is the same user across runs.
 */
export async function runTerminalChat(options: TerminalChatOptions): Promise<void> {
  const mocker = new mock.Mocker()
  const puppet = new PuppetMock({ mocker })
  const bot: Wechaty = buildWechaty({ puppet, name: options.name })
  // A notice may be for a user who has not spoken in this session yet, a relay or a push for a group nobody has
  // opened in it: bring them in first, so the message is printed rather than failing in the mock.
  const bringIn = async (conversationId: string): Promise<void> => {
    const topic = topicOf(conversationId)
    if (topic !== undefined) await roomFor(topic)
    else if (conversationId.startsWith('term-')) contactFor(decodeURIComponent(conversationId.slice('term-'.length)))
  }
  const sendText = puppet.messageSendText.bind(puppet)
  puppet.messageSendText = async (conversationId: string, text: string) => {
    await bringIn(conversationId)
    return sendText(conversationId, text)
  }
  const sendFile = puppet.messageSendFile.bind(puppet)
  // The mock passes on only files it can serialize: a picture the bot holds (a buffer) goes as base64.
  puppet.messageSendFile = async (conversationId, file) => {
    await bringIn(conversationId)
    return sendFile(conversationId, FileBox.fromBase64((await file.toBuffer()).toString('base64'), file.name))
  }
  const tracker = new MessageTracker()
  bot.use(options.plugin(tracker))
  await bot.start()
  const self = mocker.createContact({ id: BOT_ID, name: '返利助手' })
  mocker.login(self)

  const contacts = new Map<string, ContactMock>()
  const rooms = new Map<string, Promise<RoomMock>>()
  let sender = contactFor(options.initialSender ?? '我')
  /** The group being talked in; its mock room exists from its first message (or the bot's). */
  let currentGroup: string | undefined
  let sent = 0
  /** By sender name: the last promo link the bot gave them. */
  const lastPromo = new Map<string, string>()
  /** By topic: the last promo link the bot posted in that group, to anyone. */
  const lastGroupPromo = new Map<string, string>()
  const lastOrder = new Map<string, string>()
  const lastAuthorization = new Map<string, string>()
  const rememberPromo = (memory: Map<string, string>, key: string, text: string): void => {
    const last = text.match(PROMO_URL)?.pop()
    if (last) memory.set(key, last)
  }
  /** What the bot said, as a line: a picture as `[图片 名字]`. */
  const shown = (msg: MockMessage): string => {
    const text = msg.text()
    if (text !== undefined) return text
    const name = mocker.cacheFileBoxPayload.get(msg.id)?.name
    return name ? `[图片 ${name.replace(/\.(png|jpe?g|gif)$/i, '')}]` : '[图片]'
  }
  const remember = (name: string, text: string): void => {
    rememberPromo(lastPromo, name, text)
    const authorization = text.match(AUTHORIZE_URL)?.pop()
    if (authorization) lastAuthorization.set(name, authorization)
  }

  function contactFor(name: string): ContactMock {
    const existing = contacts.get(name)
    if (existing) return existing
    const contact = mocker.createContact({ id: contactId(name), name })
    listen(contact, (msg) => {
      if (msg.talker().id !== BOT_ID || msg.room()) return
      remember(name, msg.text() ?? '')
      // Notices to someone other than the one talking now name their recipient.
      options.output(`${name === sender.payload.name ? 'bot' : `bot→${name}`}: ${shown(msg)}`)
    })
    contacts.set(name, contact)
    return contact
  }

  /**
   * The group's mock room, created on first use. Its owner is the one recorded for it (an earlier session's), else
   * its first speaker; a group the bot writes to first (a relay, a push) has its recorded owner or none.
   */
  function roomFor(topic: string, firstSpeaker?: ContactMock): Promise<RoomMock> {
    const existing = rooms.get(topic)
    if (existing) return existing
    const created = createRoom(topic, firstSpeaker)
    rooms.set(topic, created)
    return created
  }

  async function createRoom(topic: string, firstSpeaker: ContactMock | undefined): Promise<RoomMock> {
    // A lookup that fails (the database is busy) costs only the recorded owner: the first speaker owns the group.
    const recorded = await options.groupOwner?.(roomId(topic)).catch(() => undefined)
    const owner = recorded?.startsWith('term-') ? contactFor(decodeURIComponent(recorded.slice('term-'.length))) : firstSpeaker
    const created = mocker.createRoom({
      id: roomId(topic),
      topic,
      // Without an id the mock would pick a random contact as the owner.
      ownerId: owner?.id ?? '',
      memberIdList: owner ? [BOT_ID, owner.id] : [BOT_ID],
    })
    listen(created, (msg) => {
      if (msg.talker().id !== BOT_ID) return
      const text = shown(msg)
      const mentioned = /^@(\S+) /.exec(text)?.[1]
      if (mentioned) remember(mentioned, text)
      rememberPromo(lastGroupPromo, topic, text)
      options.output(`bot@${topic}: ${text}`)
    })
    return created
  }

  function join(target: RoomMock, member: ContactMock): void {
    const payload = mocker.roomPayload(target.id)
    if (!payload.memberIdList.includes(member.id)) {
      mocker.roomPayload(target.id, { ...payload, memberIdList: [...payload.memberIdList, member.id] })
    }
  }

  async function say(text: string | FileBoxInterface): Promise<void> {
    sent++
    if (currentGroup !== undefined) {
      const room = await roomFor(currentGroup, sender)
      join(room, sender)
      sender.say(text).to(room)
    } else {
      sender.say(text).to(self)
    }
    await tracker.untilHandled(sent)
    await settle()
  }

  let parkedSeen = 0
  /** Waits for background work, then says when pushes were parked for quiet hours (else a piped session would seem to lose them). */
  async function settle(): Promise<void> {
    await options.idle?.()
    const parked = options.parked?.() ?? 0
    if (parked > parkedSeen) options.output(`（免打扰时段：${parked - parkedSeen} 条推送会在免打扰结束后发出）`)
    parkedSeen = parked
  }

  async function simulate(verb: string, arg: string): Promise<void> {
    const sim = options.simulator
    if (!sim) return options.output('（没有模拟器：这些命令只在未配置平台密钥时可用）')
    const name = sender.payload.name
    try {
      if (verb === 'buy') {
        // In a group: the link just above, whoever it was for (a relayed deal, a push, an answer to someone).
        const promo = (currentGroup !== undefined ? lastGroupPromo.get(currentGroup) : undefined) ?? lastPromo.get(name)
        if (!promo) return options.output(`（${name} 还没有收到过推广链接：先发一个商品链接）`)
        const quantity = arg === '' ? 1 : Number(arg)
        if (!Number.isInteger(quantity) || quantity < 1 || quantity > 99) return options.output('用法：/buy [数量1-99]')
        const result = await sim.buy(promo, quantity)
        if (result.orderId) lastOrder.set(name, result.orderId)
        options.output(result.line)
      } else if (verb === 'receive') {
        const orderId = arg || lastOrder.get(name)
        if (!orderId) return options.output('用法：/receive 订单号')
        options.output(await sim.receive(orderId))
      } else if (verb === 'settle') {
        options.output(await sim.settle())
      } else if (verb === 'authorize') {
        const url = arg || lastAuthorization.get(name)
        if (!url) return options.output(`（${name} 还没有收到过授权链接：先发一个拼多多商品链接）`)
        options.output(await sim.authorize(url))
      } else {
        const orderId = arg || lastOrder.get(name)
        if (!orderId) return options.output('用法：/refund [订单号]')
        options.output(await sim.refund(orderId))
      }
      await settle()
    } catch (error) {
      options.output(`（模拟器：${error instanceof Error ? error.message : String(error)}）`)
    }
  }

  const help =
    '/as NAME 换人说话 · /room TOPIC 在群里说话 · /dm 回到私聊 · /图 [名字] 发一张图片 · /tick HH:MM 按这个时间跑一次定时发单 · /quit 退出' +
    (options.simulator ? '\n模拟器：/buy [数量] 通过最近的推广链接下单 · /receive [订单号] 确认收货 · /settle 平台结算 · /refund [订单号] 退款（不写订单号：最近一单） · /authorize [链接] 打开授权链接完成拼多多授权（不写链接：最近收到的）' : '')
  if (options.interactive) options.output(`终端聊天已就绪（${help}）。发一个商品链接试试。`)
  const lines = createInterface({ input: options.input, terminal: false })
  for await (const raw of lines) {
    const line = raw.replace(/\r$/, '')
    const command = /^\/(as|room|dm|quit|help|buy|receive|settle|refund|authorize|tick|图)(?:\s+(.*))?$/.exec(line.trim())
    if (!command) {
      await say(line)
      continue
    }
    const [, verb, arg = ''] = command
    const name = arg.trim()
    if (verb === 'quit') break
    if (verb === '图') {
      await say(await generatedPicture(name || '图片'))
      continue
    }
    if (verb === 'tick') {
      options.output(options.tick ? await options.tick(name) : '（没有后台任务：需要 Redis）')
      await settle()
      continue
    }
    if (verb === 'buy' || verb === 'receive' || verb === 'settle' || verb === 'refund' || verb === 'authorize') {
      await simulate(verb, name)
      continue
    }
    if (verb === 'help') options.output(help)
    else if (verb === 'dm') currentGroup = undefined
    else if (!name) options.output(`用法：/${verb} 名字`)
    else if (verb === 'as') sender = contactFor(name)
    else currentGroup = name
    if (options.interactive && verb !== 'help') {
      options.output(`（现在以 ${sender.payload.name} 的身份${currentGroup !== undefined ? `在群「${currentGroup}」` : '私聊'}说话）`)
    }
  }
  await bot.stop()
}
