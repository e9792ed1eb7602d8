import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMockBot, type MockBot } from '../../../bots/mock-bot.js'
import { rebatePlugin } from '../../../bots/rebate-plugin.js'
import { puppetSender } from '../../../bots/reply-sender.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { findGroup, upsertGroup } from '../../../src/groups/group.repository.js'
import { recordGroupMemberCount } from '../../../src/reports/funnel.service.js'
import { openTestDatabase, preferredBackend } from '../../support/test-databases.js'

describe('the bot tells the funnel how many people a group has', () => {
  let handle: DatabaseHandle
  let bot: MockBot
  const calls: [string, number][] = []

  beforeAll(async () => {
    handle = await openTestDatabase(preferredBackend())
    bot = await startMockBot(
      (tracker) =>
        rebatePlugin({
          // Stands in for 发单设置: the group is recorded when its first message is answered.
          answer: async (input) => {
            if (input.roomId) await upsertGroup(handle.db, { roomId: input.roomId, topic: input.roomTopic ?? '', ownerContactId: input.roomOwnerId ?? null })
            return undefined
          },
          sender: puppetSender,
          tracker,
          groupSize: async (roomId, members) => {
            calls.push([roomId, members])
            return recordGroupMemberCount(handle.db, roomId, members)
          },
        }),
      join(mkdtempSync(join(tmpdir(), 'rebate-bot-size-')), 'bot'),
    )
  })
  afterAll(async () => {
    await bot.stop()
    await handle.close()
  })

  it('counts the members but the bot, once per group in the interval, and not for direct chats', async () => {
    const owner = bot.contact('Olga')
    const room = bot.room('尺寸群', owner, [bot.contact('Pia'), bot.contact('Quy')])
    await bot.say(owner, '发单设置', room)
    await bot.say(owner, '你好', room)
    await bot.say(owner, '你好')
    expect(calls).toEqual([[room.id, 3]])
    expect((await findGroup(handle.db, room.id))?.member_count).toBe(3)
  })
})
