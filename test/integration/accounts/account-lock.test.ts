import { randomUUID } from 'node:crypto'
import { describe, expect, inject, it } from 'vitest'
import { acquireAccountLock, AccountLockedError } from '../../../src/accounts/account-lock.js'
import { acquireSchedulerLock } from '../../../src/db/scheduler-lock.js'
import { StartupError } from '../../../src/shared/startup-error.js'

describe('one bot process per account', () => {
  it('the embedded database (one process) always holds the lock', async () => {
    const lock = await acquireAccountLock(undefined, 'main')
    expect(lock.held()).toBe(true)
    await lock.release()
  })

  describe.runIf(inject('postgresUrl'))('on PostgreSQL', () => {
    const url = inject('postgresUrl')

    it('a second process for the same BOT_ACCOUNT is refused with a clear message; another account is not; released, it can be taken', async () => {
      const account = `acct-${randomUUID().slice(0, 8)}`
      const first = await acquireAccountLock(url, account)
      try {
        expect(first.held()).toBe(true)
        const second = acquireAccountLock(url, account)
        await expect(second).rejects.toBeInstanceOf(AccountLockedError)
        await expect(acquireAccountLock(url, account)).rejects.toBeInstanceOf(StartupError)
        await expect(acquireAccountLock(url, account)).rejects.toThrow(`BOT_ACCOUNT: another bot process is already running account "${account}"`)
        const other = await acquireAccountLock(url, `${account}-b`)
        expect(other.held()).toBe(true)
        await other.release()
      } finally {
        await first.release()
      }
      const again = await acquireAccountLock(url, account)
      expect(again.held()).toBe(true)
      await again.release()
    })

    it('does not collide with the scheduler lock', async () => {
      const scheduler = await acquireSchedulerLock(url, { retryMs: 60_000 })
      const account = await acquireAccountLock(url, `acct-${randomUUID().slice(0, 8)}`)
      try {
        expect(account.held()).toBe(true)
      } finally {
        await account.release()
        await scheduler.release()
      }
    })
  })
})
