import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const CLI = new URL('../../../cli/main.ts', import.meta.url).pathname

/** Runs `rebate-bot start` as a user would, with stdin closed after one line; resolves with its exit code and stderr. */
function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'start'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', WEB_PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'warn', REDIS_URL: 'redis://127.0.0.1:1', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    child.stdin.end('帮助\n')
    const timer = setTimeout(() => child.kill('SIGKILL'), 80_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, stderr })
    })
  })
}

const scratch = (): string => mkdtempSync(join(tmpdir(), 'rebate-startup-'))

describe('bad start-up settings name the variable in one line and exit non-zero', () => {
  it.each([
    ['a data directory that is a file', () => {
      const file = join(scratch(), 'file')
      writeFileSync(file, '')
      return { REBATE_BOT_DATA_DIR: file }
    }, /^REBATE_BOT_DATA_DIR: .* is a file, not a directory$/m],
    ['a data directory under a file', () => {
      const file = join(scratch(), 'file')
      writeFileSync(file, '')
      return { REBATE_BOT_DATA_DIR: join(file, 'sub') }
    }, /^REBATE_BOT_DATA_DIR: .*sub cannot be read \(ENOTDIR\)$/m],
    ['a data directory that cannot be created (once hung at 100% CPU)', () => ({ REBATE_BOT_DATA_DIR: '/proc/nope' }), /^REBATE_BOT_DATA_DIR: \/proc\/nope cannot be created/m],
    ['an unreachable DATABASE_URL, password hidden', () => ({ REBATE_BOT_DATA_DIR: scratch(), DATABASE_URL: 'postgres://u:hunter2@127.0.0.1:1/x' }), /^DATABASE_URL: cannot use postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/x: .*ECONNREFUSED/m],
    ['a puppet that is not installed (once hung after the error)', () => ({ REBATE_BOT_DATA_DIR: scratch(), WECHATY_PUPPET: 'wechaty-puppet-nope' }), /^WECHATY_PUPPET: the puppet package "wechaty-puppet-nope" is not installed/m],
  ] as const)('%s', { timeout: 90_000 }, async (_what, env, message) => {
    const { code, stderr } = await start(env())
    expect(code).toBe(1)
    expect(stderr).toMatch(message)
    expect(stderr).not.toMatch(/\n\s+at /)
    expect(stderr).not.toContain('hunter2')
  })
})
