import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const CLI = new URL('../../../cli/main.ts', import.meta.url).pathname
const NOWHERE = 'http://127.0.0.1:1/router'

/** Every secret variable of src/config.ts with a distinctive value; real keys, so the adapters sign with them. */
const SECRETS = {
  TAOBAO_APP_KEY: '23456789',
  TAOBAO_APP_SECRET: 'tbSecretVal9Q7x',
  TAOBAO_ADZONE_ID: '100000001',
  TAOBAO_GATEWAY: NOWHERE,
  JD_APP_KEY: 'jdkeyplain',
  JD_APP_SECRET: 'jdSecretVal3W8v',
  JD_SITE_ID: '4100000001',
  JD_GATEWAY: NOWHERE,
  PDD_CLIENT_ID: 'pddclientplain',
  PDD_CLIENT_SECRET: 'pddSecretVal5R2t',
  PDD_PID: '1949211_49329093',
  PDD_GATEWAY: NOWHERE,
  WECHATY_PUPPET_SERVICE_TOKEN: 'puppetTokenVal4Zr',
  REDIS_URL: 'redis://default:redisPassVal2Jf@127.0.0.1:1',
}
const VALUES = ['tbSecretVal9Q7x', 'jdSecretVal3W8v', 'pddSecretVal5R2t', 'puppetTokenVal4Zr', 'redisPassVal2Jf', 'dbPassVal6Hk']

/** Runs the CLI as a user would, one line per stdin line then end of input; resolves with everything it printed. */
function run(env: Record<string, string>, input: string): Promise<{ code: number | null; output: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'start'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', WEB_PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'debug', ...SECRETS, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    child.stdin.end(input)
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, output: stdout + stderr, stderr })
    })
  })
}

describe('no configured secret reaches the output of a run', () => {
  it('a start whose DATABASE_URL holds a password it cannot use', { timeout: 110_000 }, async () => {
    const { code, output, stderr } = await run(
      { REBATE_BOT_DATA_DIR: mkdtempSync(join(tmpdir(), 'rebate-secrets-')), DATABASE_URL: 'postgres://rebate:dbPassVal6Hk@127.0.0.1:1/rebate' },
      '帮助\n',
    )
    expect(code).toBe(1)
    expect(stderr).toMatch(/^DATABASE_URL: cannot use postgres:\/\/rebate:\*\*\*@127\.0\.0\.1:1\/rebate/m)
    for (const value of VALUES) expect(output).not.toContain(value)
  })

  it('a terminal chat at debug level whose platforms (signed with the secrets) and Redis are unreachable', { timeout: 110_000 }, async () => {
    const { output, stderr } = await run(
      { REBATE_BOT_DATA_DIR: mkdtempSync(join(tmpdir(), 'rebate-secrets-')), LOG_FORMAT: 'json' },
      'https://item.jd.com/100038004359.html https://mobile.yangkeduo.com/goods.html?goods_id=123456 https://item.taobao.com/item.htm?id=6543210987\n',
    )
    const lines = stderr.split('\n').filter((line) => line.startsWith('{'))
    const entries = lines.map((line) => JSON.parse(line) as { level: string; module: string; msg: string })
    // The adapters did fail and say so (with their errors), so the check below looked at real failure lines.
    expect(entries.some((e) => e.module === 'conversion' && /failed|unavailable/.test(e.msg))).toBe(true)
    expect(entries.some((e) => e.msg.includes('redis-server') || e.msg.includes('Redis'))).toBe(true)
    for (const value of VALUES) expect(output).not.toContain(value)
  })
})
