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
}

// JD's promotion.common.get (ordinary accounts) answers only the long union-click link; with LANDING_PAGES=on
// the bot's links are landing pages (…/s/CODE), whose promo link the simulator side looks up.
const PROMO_URL = /https:\/\/(?:(?:s\.click\.taobao\.com|u\.jd\.com|p\.pinduoduo\.com)\/|union-click\.jd\.com\/jdc\?e=)[0-9A-Za-z]+|https?:\/\/[^\s/，。]+\/s\/[0-9A-Za-z]{10,32}/g
/** The simulator's authorization links (PDD 授权备案), or with LANDING_PAGES=on our page in front of one (…/a/CODE). */
const AUTHORIZE_URL = /https?:\/\/[^\s，。]+\/authorize[^\s，。]*|https?:\/\/[^\s/，。]+\/a\/[0-9A-Za-z]{10,32}/g

const BOT_ID = 'term-bot'

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
  // A notice may be for a user who has not spoken in this session yet: bring them in first.
  const sendText = puppet.messageSendText.bind(puppet)
  puppet.messageSendText = async (conversationId: string, text: string) => {
    if (conversationId.startsWith('term-') && !conversationId.endsWith('@chatroom')) {
      contactFor(decodeURIComponent(conversationId.slice('term-'.length)))
    }
    return sendText(conversationId, text)
  }
  // The mock passes on only files it can serialize: a picture the bot holds (a buffer) goes as base64.
  const sendFile = puppet.messageSendFile.bind(puppet)
  puppet.messageSendFile = async (conversationId: string, file: FileBoxInterface) =>
    sendFile(conversationId, FileBox.fromBase64((await file.toBuffer()).toString('base64'), file.name))
  const tracker = new MessageTracker()
  bot.use(options.plugin(tracker))
  await bot.start()
  const self = mocker.createContact({ id: BOT_ID, name: '返利助手' })
  mocker.login(self)

  const contacts = new Map<string, ContactMock>()
  const rooms = new Map<string, RoomMock>()
  let sender = contactFor(options.initialSender ?? '我')
  let room: RoomMock | undefined
  let sent = 0
  const lastPromo = new Map<string, string>()
  const lastOrder = new Map<string, string>()
  const lastAuthorization = new Map<string, string>()
  /** What the bot said, as a line: a picture as `[图片 名字]`. */
  const shown = (msg: MockMessage): string => {
    const text = msg.text()
    if (text !== undefined) return text
    const name = mocker.cacheFileBoxPayload.get(msg.id)?.name
    return name ? `[图片 ${name.replace(/\.(png|jpe?g|gif)$/i, '')}]` : '[图片]'
  }
  const remember = (name: string, text: string): void => {
    const urls = text.match(PROMO_URL)
    const last = urls?.[urls.length - 1]
    if (last) lastPromo.set(name, last)
    const authorization = text.match(AUTHORIZE_URL)?.pop()
    if (authorization) lastAuthorization.set(name, authorization)
  }

  function contactFor(name: string): ContactMock {
    const existing = contacts.get(name)
    if (existing) return existing
    const contact = mocker.createContact({ id: `term-${encodeURIComponent(name)}`, name })
    listen(contact, (msg) => {
      if (msg.talker().id !== BOT_ID || msg.room()) return
      remember(name, msg.text() ?? '')
      // Notices to someone other than the one talking now name their recipient.
      options.output(`${name === sender.payload.name ? 'bot' : `bot→${name}`}: ${shown(msg)}`)
    })
    contacts.set(name, contact)
    return contact
  }

  function roomFor(topic: string, owner: ContactMock): RoomMock {
    const existing = rooms.get(topic)
    if (existing) return existing
    const created = mocker.createRoom({
      id: `term-room-${encodeURIComponent(topic)}@chatroom`,
      topic,
      ownerId: owner.id,
      memberIdList: [BOT_ID, owner.id],
    })
    listen(created, (msg) => {
      if (msg.talker().id !== BOT_ID) return
      const text = shown(msg)
      const mentioned = /^@(\S+) /.exec(text)?.[1]
      if (mentioned) remember(mentioned, text)
      options.output(`bot@${topic}: ${text}`)
    })
    rooms.set(topic, created)
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
    if (room) {
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
        const promo = lastPromo.get(name)
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
    else if (verb === 'dm') room = undefined
    else if (!name) options.output(`用法：/${verb} 名字`)
    else if (verb === 'as') sender = contactFor(name)
    else room = roomFor(name, sender)
    if (options.interactive && verb !== 'help') {
      options.output(`（现在以 ${sender.payload.name} 的身份${room ? `在群「${room.payload.topic}」` : '私聊'}说话）`)
    }
  }
  await bot.stop()
}
