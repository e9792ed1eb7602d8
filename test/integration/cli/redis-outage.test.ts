import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const CLI = new URL('../../../cli/main.ts', import.meta.url).pathname

describe('a Redis outage', () => {
  it('does not silence the chat, and is a line or two in the log, not a flood of stack traces', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rebate-outage-'))
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'chat'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', WEB_PORT: '0', METRICS_PORT: '0', REDIS_URL: 'redis://127.0.0.1:1', REBATE_BOT_DATA_DIR: dataDir },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    const until = async (check: () => boolean, ms: number): Promise<void> => {
      const deadline = Date.now() + ms
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out; stdout:\n${stdout}\nstderr:\n${stderr.slice(-2000)}`)
        await new Promise((done) => setTimeout(done, 20))
      }
    }
    try {
      await until(() => stderr.includes('started a private redis-server'), 60_000)
      const answers = (): number => stdout.split('可提现').length - 1
      child.stdin.write('余额\n')
      await until(() => answers() === 1, 20_000)

      // The private Redis dies under the running bot.
      const { pid } = JSON.parse(readFileSync(join(dataDir, 'redis', 'redis-server.json'), 'utf8')) as { pid: number }
      process.kill(pid, 'SIGKILL')
      await new Promise((done) => setTimeout(done, 500))
      const logBefore = stderr.length
      const asked = Date.now()
      child.stdin.write('余额\n')
      await until(() => answers() === 2, 5_000)
      expect(Date.now() - asked).toBeLessThan(5_000)

      await new Promise((done) => setTimeout(done, 8_000))
      const during = stderr.slice(logBefore).split('\n').filter((line) => line.trim() !== '')
      expect(during.filter((line) => /^\s+at /.test(line))).toEqual([])
      expect(during.length).toBeLessThanOrEqual(6)
    } finally {
      child.kill('SIGKILL')
    }
  })
})
