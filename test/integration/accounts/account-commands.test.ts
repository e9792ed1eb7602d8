import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findAccount, writeAccountState } from '../../../src/accounts/account.repository.js'
import { chatDeps } from '../../../src/chat/chat-deps.js'
import { handleChat, type ChatDeps } from '../../../src/chat/chat.service.js'
import { CHATTER_HINT } from '../../../src/chat/help.text.js'
import { loadConfig } from '../../../src/config.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { beijingDate } from '../../../src/accounts/beijing-date.js'
import { availableBackends, openTestDatabase } from '../../support/test-databases.js'

describe.each(availableBackends())('账号 / 暂停账号 / 恢复账号 from the chat, on %s', (backend) => {
  let handle: DatabaseHandle
  let deps: ChatDeps
  const operator = `op-${randomUUID()}`
  const account = `acct-${randomUUID().slice(0, 8)}`
  beforeAll(async () => {
    handle = await openTestDatabase(backend)
    deps = chatDeps(loadConfig({ OPERATOR_IDS: operator, REDIS_URL: 'redis://127.0.0.1:1' }), {
      db: handle.db,
      platforms: {} as ChatDeps['platforms'],
      push: async () => undefined,
      queuePictures: async () => undefined,
      validateCron: () => false,
    })
    await writeAccountState(handle.db, {
      name: account,
      state: 'logged-in',
      stateReason: null,
      sentDay: beijingDate(Date.now()),
      sentToday: { reply: 7, notification: 2, push: 30 },
      backlog: 4,
    })
  })
  afterAll(async () => {
    await handle.close()
  })

  const say = (text: string, contactId = operator) => handleChat(deps, { contactId, displayName: '管理员', text })

  it('lists every account with its state, sent today per kind and backlog', async () => {
    const reply = (await say('账号')) ?? ''
    expect(reply).toMatch(/^账号（\d+）：/)
    expect(reply).toMatch(new RegExp(`${account}：在线\\n  最后活动 \\d\\d-\\d\\d \\d\\d:\\d\\d，今日 回复7 通知2 推送30，待发 4`))
  })

  it('pauses and resumes an account by name', async () => {
    expect(await say(`暂停账号 ${account} 新号养号中`)).toBe(`已暂停账号 ${account} 的推送（回复和通知照常）。发送「恢复账号 ${account}」恢复。`)
    expect(await findAccount(handle.db, account)).toMatchObject({ paused: true, paused_reason: '新号养号中' })
    expect(await say('账号')).toContain(`${account}：在线；推送已被暂停（新号养号中）`)
    expect(await say(`恢复账号 ${account}`)).toBe(`已恢复账号 ${account} 的推送。若它仍掉线，重新登录后才会发送。`)
    expect(await findAccount(handle.db, account)).toMatchObject({ paused: false, paused_reason: null })
  })

  it('an unknown account name gets a clear reply and changes nothing', async () => {
    const before = await findAccount(handle.db, account)
    expect(await say('暂停账号 nobody-here')).toBe('没有名为「nobody-here」的账号，什么都没有改。发送「账号」查看全部账号。')
    expect(await say('恢复账号 nobody-here')).toBe('没有名为「nobody-here」的账号，什么都没有改。发送「账号」查看全部账号。')
    expect(await say('暂停账号 坏名字')).toBe('没有名为「坏名字」的账号，什么都没有改。发送「账号」查看全部账号。')
    expect(await say('暂停账号')).toBe('用法：暂停账号 账号名 [原因]')
    expect(await findAccount(handle.db, account)).toEqual(before)
    expect(await findAccount(handle.db, 'nobody-here')).toBeUndefined()
  })

  it('anyone else gets what unknown text gets, and nothing changes', async () => {
    const stranger = `wxid_${randomUUID()}`
    expect(await say('账号', stranger)).toBe(CHATTER_HINT)
    expect(await say(`暂停账号 ${account}`, stranger)).toBe(CHATTER_HINT)
    expect((await findAccount(handle.db, account))?.paused).toBe(false)
  })
})
