import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { REDIS_URL } from './outbox-harness.js'

const SCRIPT = fileURLToPath(new URL('./close-exits.script.ts', import.meta.url))

interface Exit {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
  readonly timedOut: boolean
}

function runScript(timeoutMs: number): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
      env: { ...process.env, REDIS_URL, OUTBOX_TEST_PREFIX: `test-${randomUUID()}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr, timedOut })
    })
  })
}

describe('outbox close()', () => {
  it('leaves no open handles: a process that closes everything exits by itself', async () => {
    const exit = await runScript(20_000)
    expect(exit.timedOut, exit.stderr).toBe(false)
    expect(exit.code, exit.stderr).toBe(0)
    expect(JSON.parse(exit.stdout)).toEqual(['second', 'first'])
  })
})
