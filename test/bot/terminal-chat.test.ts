import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { simItem } from '../../src/simulator/catalog.js'

const ROOT = new URL('../..', import.meta.url).pathname

/** Runs `rebate-bot chat` as a user would, with a script on stdin; an embedded database in a temp dir. */
function runChat(script: string, dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, REBATE_BOT_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }
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

function inProgramKey(platform: 'jd' | 'pdd'): string {
  for (let n = 200_000_000_000; ; n++) if (simItem(platform, String(n)).inProgram) return String(n)
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
    const { code, stdout, stderr } = await runChat(script + '\n', dir)
    expect(stderr).not.toMatch(/at .*\.ts:\d+/)
    expect(code).toBe(0)
    const replies = stdout.split('\n').filter((line) => /^bot(@[^:]+)?: /.test(line))
    expect(replies).toHaveLength(4)
    expect(replies[0]).toMatch(/^bot: 我是返利助手/)
    expect(replies[1]).toBe(`bot: 【京东】${simItem('jd', jd).title}`)
    expect(replies[2]).toBe(`bot@省钱群: @小红 【拼多多】${simItem('pdd', pdd).title}`)
    expect(replies[3]).toMatch(/^bot: 发淘宝\/京东\/拼多多的商品链接/)

    // The same name is the same user next time: the embedded database persisted in the data dir.
    const again = await runChat(`/as 小红\nhttps://item.jd.com/${jd}.html\n`, dir)
    expect(again.code).toBe(0)
    expect(again.stdout).toContain(`bot: 【京东】${simItem('jd', jd).title}`)
  })
})
