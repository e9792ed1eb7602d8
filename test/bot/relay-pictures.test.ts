import { FileBox } from 'file-box'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SentMessage } from '../../bots/mock-bot.js'
import type { OutboxConsumer } from '../../bots/outbox-consumer.js'
import { puppetSender } from '../../bots/reply-sender.js'
import { MAX_PICTURE_BYTES } from '../../src/chat/chat-input.js'
import { CHATTER_HINT } from '../../src/chat/help.text.js'
import { loadPicture, ownerSender, picturesAtCopy } from '../../src/pictures/picture.service.js'
import { simItem } from '../../src/simulator/catalog.js'
import { createHarness, type OutboxHarness } from '../integration/outbox/outbox-harness.js'
import { startBotFixture, type BotFixture } from '../support/bot-fixture.js'

/*
 * The whole road a picture takes: a source's picture message through the mock puppet, the chat service, the
 * outbox on Redis, the consumer loading its bytes from PostgreSQL, to the puppet's send in each target group.
 */
let f: BotFixture
let harness: OutboxHarness
let consumer: OutboxConsumer

beforeAll(async () => {
  harness = createHarness()
  f = await startBotFixture({}, { outbox: harness.outbox })
  f.sim.state.settings.jdTier = 'advanced'
  consumer = await harness.start({ sender: puppetSender(f.bot.bot), minGapMs: 0, jitterMs: 0, loadPicture: (id) => loadPicture(f.database.db, id) })
})
afterAll(async () => {
  await harness.cleanup()
  await f.close()
})

let serial = 300_000_000_000 + (Date.now() % 1_000_000) * 1000
/** A JD item the simulator promotes, new to this run (the relay dedupes items per group for a day). */
function jdCopy(words: string): string {
  for (;;) {
    const key = String(++serial)
    if (simItem('jd', key).inProgram) return `${words} https://item.jd.com/${key}.html`
  }
}

const picture = async (name: string): Promise<{ box: ReturnType<typeof FileBox.fromBase64>; bytes: Buffer }> => {
  const bytes = await FileBox.fromQRCode(name).toBuffer()
  return { box: FileBox.fromBase64(bytes.toString('base64'), `${name}.png`), bytes }
}

describe('pictures travel with a relayed copy', () => {
  it('picture then copy, copy then picture, a picture alone, a picture outside any source, a picture over the limit', async () => {
    const tag = String(Date.now() % 1_000_000)
    const owner = f.bot.contact(`图主${tag}`)
    const poster = f.bot.contact(`发图员${tag}`)
    const source = f.bot.room(`图源群${tag}`, f.bot.contact(`源群主${tag}`), [poster])
    const elsewhere = f.bot.room(`闲聊群${tag}`, f.bot.contact(`闲聊群主${tag}`), [poster])
    const t1 = f.bot.room(`收图一群${tag}`, owner)
    const t2 = f.bot.room(`收图二群${tag}`, owner)
    await f.bot.say(poster, '早', source)
    for (const room of [t1, t2]) await f.bot.say(owner, '开启转发', room)
    expect((await f.bot.say(owner, `转发来源 图源群${tag}`, t1))[0]?.text).toMatch(/^已添加转发来源/)

    let mark = f.bot.sent.length
    /** What the two target groups received since the mark (pictures as `[图片 name]`), after the outbox drained. */
    const received = async (): Promise<{ t1: SentMessage[]; t2: SentMessage[] }> => {
      await consumer.whenIdle()
      const since = f.bot.sent.slice(mark)
      mark = f.bot.sent.length
      return { t1: since.filter((m) => m.conversationId === t1.id), t2: since.filter((m) => m.conversationId === t2.id) }
    }
    const shape = (messages: SentMessage[]) => messages.map((m) => (m.bytes ? m.text : 'text'))

    // 1. Picture, then the copy: each group gets the picture, then the text; the bytes are the ones the poster sent.
    const first = await picture(`第一张${tag}`)
    expect(await f.bot.sayPicture(poster, first.box, source)).toEqual([])
    await f.bot.say(poster, jdCopy('京东好价'), source)
    const one = await received()
    for (const group of [one.t1, one.t2]) {
      expect(shape(group)).toEqual([`[图片 第一张${tag}.png]`, 'text'])
      expect(group[0]?.bytes?.equals(first.bytes)).toBe(true)
    }

    // 2. A copy, then its picture: text, then the picture.
    await f.bot.say(poster, jdCopy('又一件'), source)
    const second = await picture(`第二张${tag}`)
    await f.bot.sayPicture(poster, second.box, source)
    const two = await received()
    for (const group of [two.t1, two.t2]) {
      expect(shape(group)).toEqual(['text', `[图片 第二张${tag}.png]`])
      expect(group[1]?.bytes?.equals(second.bytes)).toBe(true)
    }

    // 3. A picture in a group nobody relays: nothing stored, nothing sent.
    await f.bot.sayPicture(poster, (await picture(`闲聊${tag}`)).box, elsewhere)
    const stored = await f.database.db.selectFrom('pictures').select('id').where('conversation_id', '=', elsewhere.id).execute()
    expect(stored).toEqual([])

    // 4. A picture over the limit in the source: ignored (not stored), so the next copy goes alone.
    const huge = FileBox.fromBase64(Buffer.alloc(MAX_PICTURE_BYTES + 1, 1).toString('base64'), `大图${tag}.png`)
    await f.bot.sayPicture(poster, huge, source)
    expect(await f.database.db.selectFrom('pictures').select('id').where('name', '=', `大图${tag}.png`).execute()).toEqual([])
    await f.bot.say(poster, jdCopy('第三件'), source)
    const three = await received()
    expect([shape(three.t1), shape(three.t2)]).toEqual([['text'], ['text']])

    // 5. A picture alone from someone with no copy around it: kept (a source's picture may still find its copy), sent nowhere.
    const quiet = f.bot.contact(`只发图${tag}`)
    await f.bot.say(quiet, '大家好', source)
    await f.bot.sayPicture(quiet, (await picture(`落单${tag}`)).box, source)
    const lone = await received()
    expect([lone.t1, lone.t2]).toEqual([[], []])
    expect(await f.database.db.selectFrom('pictures').select('post_id').where('talker_id', '=', quiet.id).execute()).toEqual([{ post_id: null }])
  })

  it('in direct chat: an owner’s picture is kept for 推送 (no answer); anyone else’s gets the usual hint', async () => {
    const tag = String(Date.now() % 1_000_000)
    const owner = f.bot.contact(`推送群主${tag}`)
    await f.bot.say(owner, '开启转发', f.bot.room(`推送群${tag}`, owner))
    const mine = await picture(`推送图${tag}`)
    expect(await f.bot.sayPicture(owner, mine.box)).toEqual([])
    const pictures = await picturesAtCopy(f.chat, ownerSender(owner.id))
    expect(pictures.pictureIds).toHaveLength(1)
    expect((await loadPicture(f.database.db, pictures.pictureIds[0] ?? ''))?.bytes.equals(mine.bytes)).toBe(true)

    const stranger = f.bot.contact(`路人${tag}`)
    const answer = await f.bot.sayPicture(stranger, (await picture(`路人图${tag}`)).box)
    expect(answer.map((m) => m.text)).toEqual([CHATTER_HINT])
    expect(await f.database.db.selectFrom('pictures').select('id').where('talker_id', '=', stranger.id).execute()).toEqual([])
  })

  it('推送 <copy>: the owner’s picture before it goes before it in each group; one after the next 推送 follows that one', async () => {
    const tag = String(Date.now() % 1_000_000)
    const owner = f.bot.contact(`图推群主${tag}`)
    const groups = [f.bot.room(`图推一群${tag}`, owner), f.bot.room(`图推二群${tag}`, owner)]
    for (const room of groups) await f.bot.say(owner, '发单设置', room)
    let mark = f.bot.sent.length
    const inGroups = async (): Promise<string[][]> => {
      await consumer.whenIdle()
      const since = f.bot.sent.slice(mark)
      mark = f.bot.sent.length
      return groups.map((room) => since.filter((m) => m.conversationId === room.id).map((m) => (m.bytes ? m.text : 'text')))
    }
    const first = await picture(`推图一${tag}`)
    expect(await f.bot.sayPicture(owner, first.box)).toEqual([])
    // The consumer runs meanwhile: the pushes may already be out by the time the answer is.
    const answer = (await f.bot.say(owner, `推送 ${jdCopy('群主好价')}`)).filter((m) => m.conversationId === owner.id)
    expect(answer[0]?.text).toMatch(/^已安排推送这段文案到 2 个群/)
    expect(await inGroups()).toEqual([
      [`[图片 推图一${tag}.png]`, 'text'],
      [`[图片 推图一${tag}.png]`, 'text'],
    ])
    await f.bot.say(owner, `推送 ${jdCopy('再推一件')}`)
    await f.bot.sayPicture(owner, (await picture(`推图二${tag}`)).box)
    expect(await inGroups()).toEqual([
      ['text', `[图片 推图二${tag}.png]`],
      ['text', `[图片 推图二${tag}.png]`],
    ])
  })
})
