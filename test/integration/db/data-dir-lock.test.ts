import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DataDirLockedError, lockDataDir } from '../../../src/db/data-dir-lock.js'

const freshDir = (): string => mkdtempSync(join(tmpdir(), 'rebate-lock-'))

describe(lockDataDir.name, () => {
  it('refuses a second owner while the first holds the directory, and frees it on release', () => {
    const dir = freshDir()
    const release = lockDataDir(dir)
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError)
    release()
    expect(existsSync(join(dir, 'rebate-bot.lock'))).toBe(false)
    lockDataDir(dir)()
  })

  it('refuses when another live process holds the lock', () => {
    const dir = freshDir()
    const other = spawn('sleep', ['10'])
    try {
      writeFileSync(join(dir, 'rebate-bot.lock'), String(other.pid))
      expect(() => lockDataDir(dir)).toThrow(/in use by process/)
    } finally {
      other.kill()
    }
  })

  it('takes over a lock left by a process that has exited', () => {
    const dir = freshDir()
    const dead = spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).stdout.trim()
    writeFileSync(join(dir, 'rebate-bot.lock'), dead)
    const release = lockDataDir(dir)
    release()
  })
})
