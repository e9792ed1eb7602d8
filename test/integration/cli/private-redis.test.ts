import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const CLI = new URL('../../../cli/main.ts', import.meta.url).pathname

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** `rebate-bot start` on a data directory with no Redis at REDIS_URL, stdin held open so it keeps running. */
function startBot(dataDir: string): { child: ChildProcess; logged: (text: string) => Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'start'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', WEB_PORT: '0', METRICS_PORT: '0', REDIS_URL: 'redis://127.0.0.1:1', REBATE_BOT_DATA_DIR: dataDir },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stderr = ''
  const waiting: { text: string; done: () => void }[] = []
  child.stdout?.resume()
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8')
    for (const w of waiting.filter((w) => stderr.includes(w.text))) w.done()
  })
  const logged = (text: string): Promise<void> =>
    new Promise((resolve, reject) => {
      if (stderr.includes(text)) return resolve()
      const timer = setTimeout(() => reject(new Error(`no "${text}" in:\n${stderr}`)), 60_000)
      waiting.push({ text, done: () => (clearTimeout(timer), resolve()) })
    })
  return { child, logged }
}

describe('the private redis-server of a data directory', () => {
  it('outlives a kill -9 of the bot, is reused by the next start instead of a second one, and is stopped by a clean exit', { timeout: 150_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rebate-redis-'))
    const record = join(dataDir, 'redis', 'redis-server.json')

    const first = startBot(dataDir)
    await first.logged('started a private redis-server')
    const { pid, port } = JSON.parse(readFileSync(record, 'utf8')) as { pid: number; port: number }
    expect(alive(pid)).toBe(true)
    first.child.kill('SIGKILL')
    await new Promise((done) => first.child.once('exit', done))
    expect(alive(pid)).toBe(true)

    const second = startBot(dataDir)
    await second.logged('reusing the private redis-server')
    expect(JSON.parse(readFileSync(record, 'utf8'))).toEqual({ pid, port })
    // The AOF lives in the data directory: a restarted private Redis keeps its jobs.
    expect(existsSync(join(dataDir, 'redis', 'appendonlydir'))).toBe(true)
    second.child.stdin?.end()
    const code = await new Promise<number | null>((done) => second.child.once('exit', done))
    expect(code).toBe(0)
    expect(alive(pid)).toBe(false)
    expect(existsSync(record)).toBe(false)
  })
})
