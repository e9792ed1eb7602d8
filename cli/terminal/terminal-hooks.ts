import { groupPushTick } from '../../jobs/group-push.schedule.js'
import { atLocalTime } from '../../src/groups/local-time.js'
import { countWaitingNotices } from '../../src/orders/notice-outbox.repository.js'
import { pendingCount } from '../../src/outbox/pending-count.js'
import { within } from '../../src/shared/within.js'
import type { Infra } from '../infra.js'
import type { BotChat } from '../roles/bot.role.js'
import type { BackgroundRoles } from '../roles/start-roles.js'

/**
 * The terminal's (and the tests') hooks on the roles of this process: wait
 * until background work has settled, run a push tick on demand. Production
 * roles carry none of this.
 */
export interface TerminalHooks {
  idle(): Promise<void>
  parked(): number
  /** Undefined without the scheduler role here. */
  tick: ((time: string) => Promise<string>) | undefined
}

export function terminalHooks(infra: Infra, roles: BackgroundRoles, chat: BotChat): TerminalHooks | undefined {
  const redis = infra.redis
  if (redis === 'none') return undefined
  const db = infra.database.db
  const { worker, scheduler } = roles
  const sleep = (): Promise<void> => new Promise((done) => setTimeout(done, 20))
  // With Redis gone nothing drains until it is back: stop waiting (the terminal reads its next line).
  const pending = async (): Promise<number> => {
    if (!worker || !redis.outbox.reachable()) return 0
    return within(Promise.all([redis.queues.pending(), pendingCount(redis.pushQueue.queue)]), 2000, 'Redis').then(
      ([a, b]) => a + b,
      () => 0,
    )
  }
  return {
    parked: () => chat.consumer()?.parked() ?? 0,
    idle: async () => {
      for (let round = 0; round < 2; round++) {
        while ((await pending()) > 0) await sleep()
        if (!redis.outbox.reachable()) return
        await worker?.relay.settled()
        // Without a consumer the outbox never drains below the relay's high-water mark: nothing more to wait for. Notices
        // handed over and not confirmed (a send that keeps failing) are the outbox's to retry, not something to wait for here.
        while (worker && chat.consumer() && (await countWaitingNotices(db)) > 0) {
          await chat.consumer()?.whenIdle()
          await worker.relay.settled()
        }
        await chat.consumer()?.whenIdle()
      }
    },
    tick: scheduler
      ? async (time) => {
          // `/tick HH:MM`: the push scheduler's tick for that clock time today, in the configured zone, without spreading.
          const match = /^(\d{1,2}):(\d{2})$/.exec(time.trim())
          const hour = Number(match?.[1])
          const minute = Number(match?.[2])
          if (!match || hour > 23 || minute > 59) return '用法：/tick HH:MM，例如 /tick 09:00'
          const at = atLocalTime(new Date(), hour, minute, infra.config.timeZone)
          const due = await groupPushTick({ db, queue: redis.pushQueue, lock: scheduler.lock, timeZone: infra.config.timeZone, spreadMs: 0 }, at)
          return `（定时发单：${time} 有 ${due} 个群到点）`
        }
      : undefined,
  }
}
