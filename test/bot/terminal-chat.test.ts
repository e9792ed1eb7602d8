import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { simItem } from '../../src/simulator/catalog.js'

const ROOT = new URL('../..', import.meta.url).pathname

/** Runs `rebate-bot chat` as a user would, with a script on stdin; an embedded database in a temp dir. */
function runChat(
  script: string,
  dataDir: string,
  extraEnv: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      WEB_PORT: '0', METRICS_PORT: '0',
      REBATE_BOT_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
      ...extraEnv,
    }
    const child = spawn(process.execPath, [join(ROOT, 'bin/rebate-bot.js'), 'chat'], { cwd: dataDir, env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(script)
  })
}

/** `rebate-bot chat` fed line by line, for a test that must read an answer before it says the next thing. */
function startChat(dataDir: string, extraEnv: Record<string, string>) {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, WEB_PORT: '0', METRICS_PORT: '0', REBATE_BOT_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}), ...extraEnv }
  const child = spawn(process.execPath, [join(ROOT, 'bin/rebate-bot.js'), 'chat'], { cwd: dataDir, env })
  let stdout = ''
  const waiters: (() => void)[] = []
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8')
    for (const wake of waiters.splice(0)) wake()
  })
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve))
  return {
    send: (line: string) => child.stdin.write(line + '\n'),
    async waitFor(pattern: RegExp): Promise<RegExpExecArray> {
      for (;;) {
        const match = pattern.exec(stdout)
        if (match) return match
        await new Promise<void>((wake) => waiters.push(wake))
      }
    },
    async end(): Promise<{ code: number | null; stdout: string }> {
      child.stdin.end()
      return { code: await closed, stdout }
    },
  }
}

/** The simulator's (skip+1)-th item in the affiliate program from a fixed start. */
function inProgramKey(platform: 'jd' | 'pdd', skip = 0): string {
  let left = skip
  for (let n = 200_000_000_000; ; n++) if (simItem(platform, String(n)).inProgram && left-- === 0) return String(n)
}

describe('rebate-bot chat (piped stdin)', () => {
  it('handles each line in order, prints each reply as it is sent, and exits 0 at end of input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rebate-chat-'))
    const jd = inProgramKey('jd')
    const pdd = inProgramKey('pdd')
    const script = [
      '帮助',
      `https://item.jd.com/${jd}.html`,
      '/as 小红',
      '/room 省钱群',
      `https://mobile.yangkeduo.com/goods.html?goods_id=${pdd}`,
      '今天天气不错',
      '/dm',
      '你好',
    ].join('\n')
    // Not about 授权备案 (its own test below): PDD asks no shopper to authorize here.
    const env = { QUEUE_PREFIX: `c${process.pid}${Date.now()}`, OUTBOX_MIN_GAP_MS: '0', OUTBOX_JITTER_MS: '0', SIMULATOR_PDD_USER_AUTHORIZATION: 'off' }
    const { code, stdout, stderr } = await runChat(script + '\n', dir, env)
    expect(stderr).not.toMatch(/at .*\.ts:\d+/)
    // Redis is up: the first reply, sent while the connection was new, is no outage.
    expect(stderr).not.toMatch(/unreachable/)
    expect(code).toBe(0)
    const replies = stdout.split('\n').filter((line) => /^bot(@[^:]+)?: /.test(line))
    expect(replies).toHaveLength(4)
    expect(replies[0]).toMatch(/^bot: 我是返利助手/)
    expect(replies[1]).toBe(`bot: 【京东】${simItem('jd', jd).title}`)
    expect(replies[2]).toBe(`bot@省钱群: @小红 【拼多多】${simItem('pdd', pdd).title}`)
    expect(replies[3]).toMatch(/^bot: 发淘宝\/京东\/拼多多的商品链接/)

    // The same name is the same user next time: the embedded database persisted in the data dir.
    const again = await runChat(`/as 小红\nhttps://item.jd.com/${jd}.html\n`, dir, env)
    expect(again.code).toBe(0)
    expect(again.stdout).toContain(`bot: 【京东】${simItem('jd', jd).title}`)
  }, 120_000)
})

describe('rebate-bot chat: buying, settling and refunding against the simulator', () => {
  it('tells the buyer about the order, the rebate becoming available and the refund, and the balance follows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rebate-orders-'))
    const jd = inProgramKey('jd')
    const pdd = inProgramKey('pdd')
    const script = [
      `https://item.jd.com/${jd}.html`,
      '/buy',
      '余额',
      '/receive',
      '/settle',
      '余额',
      '/refund',
      '余额',
      `https://mobile.yangkeduo.com/goods.html?goods_id=${pdd}`,
      '/buy 2',
      '订单',
      '绑定订单 abc',
      '绑定订单 9999999999999999',
    ].join('\n')
    const env = { QUEUE_PREFIX: `t${process.pid}${Date.now()}`, OUTBOX_MIN_GAP_MS: '0', OUTBOX_JITTER_MS: '0', SIMULATOR_PDD_USER_AUTHORIZATION: 'off' }
    const { code, stdout } = await runChat(script + '\n', dir, env)
    expect(code).toBe(0)
    const lines = stdout.split('\n')
    const at = (pattern: RegExp): number => lines.findIndex((l) => pattern.test(l))
    const jdOrder = /订单号 (\d+)）/.exec(lines.find((l) => l.startsWith('（模拟器：已下单')) ?? '')?.[1]
    expect(jdOrder).toBeDefined()
    expect(at(/^bot: 订单已收到：.*预计返利¥/)).toBeGreaterThan(at(/^（模拟器：已下单/))
    expect(at(/^bot: 返利到账：/)).toBeGreaterThan(at(/^（模拟器：平台结算了 1 笔/))
    const balances = lines.filter((l) => l.startsWith('可提现：'))
    expect(balances[0]).toBe('可提现：¥0.00')
    expect(balances[1]).not.toBe('可提现：¥0.00')
    expect(at(/^bot: 订单「.*」已退款，返利¥\d+\.\d\d已扣回/)).toBeGreaterThan(at(/^（模拟器：订单 \d+ 已退款（结算后维权）/))
    expect(balances[2]).toBe('可提现：¥0.00')
    expect(stdout).toContain('订单号格式不对')
    expect(stdout).toContain('没找到订单 9999999999999999')
    expect(stdout).toMatch(/最近的订单：\n1\. .*已付款/)
  }, 120_000)
})

describe('rebate-bot chat: a PDD shopper does 授权备案 in the simulator', () => {
  it('sees the authorization link, authorizes (by /authorize or by opening the link), sends the link again and gets the promo link', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rebate-pdd-auth-'))
    const pdd = inProgramKey('pdd')
    const link = `https://mobile.yangkeduo.com/goods.html?goods_id=${pdd}`
    const env = { QUEUE_PREFIX: `a${process.pid}${Date.now()}`, OUTBOX_MIN_GAP_MS: '0', OUTBOX_JITTER_MS: '0' }
    const first = await runChat(['/as 阿花', '/authorize', link, '/authorize', link, '/help'].join('\n') + '\n', dir, env)
    expect(first.code).toBe(0)
    const lines = first.stdout.split('\n')
    expect(lines).toContain('（阿花 还没有收到过授权链接：先发一个拼多多商品链接）')
    const asked = lines.findIndex((l) => l.startsWith('bot: 拼多多要求先授权一次才能领券返利：请打开 '))
    const authorizationUrl = /请打开 (\S+) 完成授权，授权后再发一次链接。/.exec(lines[asked] ?? '')?.[1]
    // Landing pages are on by default: the chat carries our page in front of PDD's link.
    expect(authorizationUrl).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*\/a\/[0-9A-Za-z]{12}$/)
    const authorized = lines.indexOf('（模拟器：已打开授权链接，拼多多授权完成）')
    expect(authorized).toBeGreaterThan(asked)
    const converted = lines.findIndex((l) => l === `bot: 【拼多多】${simItem('pdd', pdd).title}`)
    expect(converted).toBeGreaterThan(authorized)
    // The reply links to this process's landing page (LANDING_PAGES defaults to on; WEB_PORT=0: the port bound).
    expect(lines.slice(converted).join('\n')).toMatch(/(领券购买|购买链接)：http:\/\/127\.0\.0\.1:[1-9]\d*\/s\/[0-9A-Za-z]{12}/)
    expect(first.stdout).toContain('/authorize [链接]')

    // Another shopper opens the link itself, in a browser as it were, while the chat runs.
    const session = startChat(dir, env)
    session.send('/as 阿明')
    session.send(link)
    const url = (await session.waitFor(/请打开 (\S+) 完成授权/))[1] ?? ''
    const landing = await fetch(url)
    expect(landing.status).toBe(200)
    const button = /<a class="btn" href="([^"]+)"[^>]*>去拼多多授权<\/a>/.exec(await landing.text())?.[1]?.replaceAll('&amp;', '&') ?? ''
    expect(button).toMatch(/\/pdd\/authorize\//)
    const page = await fetch(button)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('授权成功')
    session.send(link)
    await session.waitFor(new RegExp(`bot: 【拼多多】${simItem('pdd', pdd).title}`))
    session.send('/authorize https://example.com/authorize')
    await session.waitFor(/（模拟器：这不是模拟器发的授权链接）/)
    expect((await session.end()).code).toBe(0)
  }, 120_000)
})

describe('rebate-bot chat: invites and withdrawals', () => {
  it('a friend binds with a code, the inviter earns from the friend’s order, and a withdrawal goes through operator approval', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rebate-money-'))
    const env = { QUEUE_PREFIX: `m${process.pid}${Date.now()}`, OUTBOX_MIN_GAP_MS: '0', OUTBOX_JITTER_MS: '0', OPERATOR_IDS: 'term-admin' }
    const first = await runChat('/as 老王\n邀请\n', dir, env)
    const code = /你的邀请码：([A-Z2-9]{6})/.exec(first.stdout)?.[1]
    expect(code).toBeDefined()

    const jd = inProgramKey('jd')
    const second = await runChat(
      [
        '/as 小李',
        `绑定 ${code}`,
        `https://item.jd.com/${jd}.html`,
        '/buy',
        '/receive',
        '/settle',
        '提现 -5',
        '提现 abc',
        '提现 0.001',
        '提现 1e9',
        '提现 1',
        '提现记录',
        '待审核',
        '/as 老王',
        '余额',
        '邀请',
        '/as admin',
        '待审核',
      ].join('\n') + '\n',
      dir,
      env,
    )
    expect(second.code).toBe(0)
    const out = second.stdout
    expect(out).toContain('bot: 绑定成功，你的邀请人是「老王」')
    expect(out).toMatch(/提现金额不对[\s\S]*提现金额不对[\s\S]*提现金额不对[\s\S]*提现金额不对/)
    const request = /提现申请已提交：¥1\.00，申请号 (\d+)/.exec(out)?.[1]
    expect(request).toBeDefined()
    expect(out).toContain(`${request}. ¥1.00 审核中`)
    // 小李 is not an operator: 待审核 gets the same answer as any unknown text.
    expect(out).toMatch(/提现记录：[\s\S]*\nbot: 发淘宝\/京东\/拼多多的商品链接或淘口令给我/)
    expect(out).toMatch(/bot→老王: 邀请奖励到账：好友的订单已结算，¥\d+\.\d\d已转为可提现余额。/)
    expect(out).toMatch(/已邀请1人，他们又邀请了0人；邀请收入¥[1-9]\d*\.\d\d（其中来自他们邀请的人¥0\.00）/)
    expect(out).toMatch(new RegExp(`待审核的提现（时间为 Asia/Shanghai）：\\n${request}\\. ¥1\\.00 小李（term-[^）]+） \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d`))

    const third = await runChat(`/as admin\n通过 ${request}\n通过 ${request}\n/as 小李\n余额\n提现记录\n`, dir, env)
    expect(third.code).toBe(0)
    expect(third.stdout).toContain(`已通过提现 ${request}（¥1.00），已通知用户。`)
    expect(third.stdout).toContain(`提现申请 ${request} 已经处理过了。`)
    expect(third.stdout).toContain(`bot→小李: 提现成功：¥1.00（申请号 ${request}）已打款，请查收。`)
    expect(third.stdout).toContain('已提现：¥1.00')
    expect(third.stdout).toContain(`${request}. ¥1.00 已打款`)
  }, 120_000)
})

describe('rebate-bot chat: a group owner’s scheduled pushes', () => {
  it('configures a group, sees the push at its time, and never twice for one slot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rebate-push-'))
    const env = { QUEUE_PREFIX: `p${process.pid}${Date.now()}`, OUTBOX_MIN_GAP_MS: '0', OUTBOX_JITTER_MS: '0' }
    const script = ['/as 团长', '/room 好物群', '定时发单 09:00,20:00', '发单类目 数码', '/tick 09:00', '/tick 09:00', '/tick 10:00', '/as 路人', '定时发单 10:00'].join('\n')
    const { code, stdout } = await runChat(script + '\n', dir, env)
    expect(code).toBe(0)
    const cards = stdout.split('\n').filter((l) => /^bot@好物群: 【(淘宝|京东|拼多多)】/.test(l))
    expect(cards).toHaveLength(1)
    expect(stdout).toContain('（定时发单：09:00 有 1 个群到点）')
    expect(stdout).toContain('（定时发单：10:00 有 0 个群到点）')
    // The pick depends on the day's deals; a JD ordinary account's link is the long click URL when no short link is given.
    expect(stdout).toMatch(/领券购买：http:\/\/127\.0\.0\.1:[1-9]\d*\/s\/[0-9A-Za-z]{12}/)
    // 路人 is not the owner: one clear line, nothing changed.
    expect(stdout.trimEnd().endsWith('bot@好物群: 只有群主或机器人的运营者可以设置本群的返利和发单。')).toBe(true)
    expect(stdout).not.toContain('0 10 * * *')
  }, 120_000)
})

describe('rebate-bot chat: quiet hours', () => {
  it('a push deferred to the end of quiet hours is said to be waiting, and the piped session still ends', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rebate-quiet-'))
    // Quiet hours around the present moment in Beijing, so the tick's push falls inside them.
    const beijing = new Date(Date.now() + 8 * 3_600_000)
    const hhmm = (offsetMin: number): string => {
      const at = new Date(beijing.getTime() + offsetMin * 60_000)
      return `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`
    }
    const env = {
      QUEUE_PREFIX: `q${process.pid}${Date.now()}`,
      OUTBOX_MIN_GAP_MS: '0',
      OUTBOX_JITTER_MS: '0',
      QUIET_HOURS: `${hhmm(-60)}-${hhmm(60)}`,
      QUIET_MODE: 'defer',
      SIMULATOR_PDD_USER_AUTHORIZATION: 'off',
    }
    const script = ['/as 团长', '/room 静音群', '定时发单 09:00', '/tick 09:00'].join('\n')
    const { code, stdout } = await runChat(script + '\n', dir, env)
    expect(code).toBe(0)
    expect(stdout).toContain('（定时发单：09:00 有 1 个群到点）')
    expect(stdout).toContain('（免打扰时段：1 条推送会在免打扰结束后发出）')
    expect(stdout.split('\n').filter((l) => /^bot@静音群: 【/.test(l))).toHaveLength(0)
  }, 120_000)
})


describe('rebate-bot chat: pictures', () => {
  it('/图 sends a picture; a source’s picture goes before its relayed copy, and shows as [图片 名字]', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rebate-pictures-'))
    const script = [
      '/as 线报员',
      '/room 线报源',
      '早',
      '/as 群主',
      '/room 福利群',
      '开启转发',
      '转发来源 线报源',
      '/as 线报员',
      '/room 线报源',
      '/图 猫',
      `京东好价 https://item.jd.com/${inProgramKey('jd')}.html`,
      '/dm',
      '/图',
    ].join('\n')
    const env = { QUEUE_PREFIX: `p${process.pid}${Date.now()}`, OUTBOX_MIN_GAP_MS: '0', OUTBOX_JITTER_MS: '0' }
    const { code, stdout } = await runChat(script + '\n', dir, env)
    expect(code).toBe(0)
    const relayed = stdout.split('\n').filter((line) => line.startsWith('bot@福利群: ') && !line.includes('转发'))
    expect(relayed[0]).toBe('bot@福利群: [图片 猫]')
    expect(relayed[1]).toMatch(/^bot@福利群: 京东好价 /)
    // Someone else's picture in direct chat: the usual hint, as for any message the bot cannot read.
    expect(stdout.split('\n').at(-2)).toMatch(/^bot: 发淘宝\/京东\/拼多多的商品链接/)
  }, 120_000)
})

describe('rebate-bot chat: 线报转发 set up and seen as a user types it', () => {
  it('relays a source group’s deal into the owner’s group with the owner’s link, silent in the source, and a member’s purchase credits the owner', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rebate-relay-'))
    // No OUTBOX_MIN_GAP_MS / OUTBOX_JITTER_MS: the terminal's own pace is part of what a user sees.
    const env = { QUEUE_PREFIX: `r${process.pid}${Date.now()}` }
    const [first, second] = [inProgramKey('jd'), inProgramKey('jd', 1)]
    const script = [
      // Whoever speaks first in a group owns it, not whoever typed /room.
      '/room 省钱群',
      '/as Alice',
      '开启转发',
      '/as 线报员',
      '/room 线报源',
      '大家好',
      '/as Alice',
      '/room 省钱群',
      '转发来源 线报源',
      '/as 线报员',
      '/room 线报源',
      `今日好价 https://item.jd.com/${first}.html 速度`,
      '/as 小王',
      '/room 省钱群',
      '/buy',
      '/as Alice',
      '转发报表',
    ]
    const run = await runChat(script.join('\n') + '\n', dir, env)
    expect(run.code).toBe(0)
    expect(run.stderr).not.toMatch(/outbox send failed/)
    const lines = run.stdout.split('\n')
    expect(lines).toContain('bot@省钱群: 已开启：来源里带商品链接的线报会换成你的链接转发到本群。')
    expect(lines).toContain('bot@省钱群: 已添加转发来源「线报源」（群）。')
    const relayed = lines.filter((l) => l.startsWith('bot@省钱群: 今日好价'))
    expect(relayed).toHaveLength(1)
    // Alice's own landing link in place of the source's JD link; the wording around it kept.
    expect(relayed[0]).toMatch(/^bot@省钱群: 今日好价 http:\/\/127\.0\.0\.1:[1-9]\d*\/s\/[0-9A-Za-z]{12} 速度$/)
    expect(run.stdout).not.toContain(`item.jd.com/${first}`)
    // A member buys through the relayed link: the order is Alice's.
    expect(lines.findIndex((l) => l.startsWith('bot→Alice: 群订单：'))).toBeGreaterThan(lines.indexOf(relayed[0] ?? ''))
    expect(run.stdout).toContain('bot@省钱群: 转发报表（商品条数）：\n1. 线报源：已转发1，被过滤0，重复0，订单1')
    // The source is someone else's room: not a word there, not even to the link.
    expect(lines.filter((l) => l.startsWith('bot@线报源'))).toEqual([])

    // Next session, same data: Alice still owns 省钱群 whoever opens it first, and a relay reaches it unopened.
    const nextScript = ['/as 线报员', '/room 线报源', `今日好价 https://item.jd.com/${second}.html 冲`, '/as 路人', '/room 省钱群', '转发报表', '/as Alice', '转发报表']
    const next = await runChat(nextScript.join('\n') + '\n', dir, env)
    expect(next.code).toBe(0)
    expect(next.stderr).not.toMatch(/outbox send failed/)
    const nextLines = next.stdout.split('\n')
    expect(nextLines.filter((l) => /^bot@省钱群: 今日好价 http:\/\/127\.0\.0\.1:[1-9]\d*\/s\/[0-9A-Za-z]{12} 冲$/.test(l))).toHaveLength(1)
    expect(nextLines).toContain('bot@省钱群: 只有本群群主可以设置线报转发。')
    expect(next.stdout).toContain('1. 线报源：已转发2，被过滤0，重复0，订单1')
    expect(nextLines.filter((l) => l.startsWith('bot@线报源'))).toEqual([])
  }, 120_000)
})
