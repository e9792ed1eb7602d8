import { relayNotices, type NoticeRelayDeps } from '../src/orders/notice-relay.service.js'
import { createLogger } from '../src/shared/log.js'

const log = createLogger('notice-relay')

export interface NoticeRelayLoop {
  /** Relays now (after the run in progress, if any): crediting just committed notices. */
  kick(): void
  /** Resolves when a relay run that started after this call has finished. */
  settled(): Promise<void>
  stop(): Promise<void>
}

/**
 * Keeps the chat outbox topped up from the notice table: every `intervalMs`
 * (the outbox drains as it sends; Redis or the database may come back) and
 * whenever kicked. One run at a time; a kick during a run queues one more.
 * A failed run is logged and retried on the next tick, nothing is lost:
 * the notices stay in the table.
 */
export function startNoticeRelay(deps: NoticeRelayDeps & { readonly intervalMs: number }): NoticeRelayLoop {
  let running: Promise<void> | undefined
  let again = false
  let stopped = false
  const run = (): Promise<void> => {
    if (running) {
      again = true
      return running
    }
    running = (async () => {
      do {
        again = false
        try {
          await relayNotices(deps)
        } catch (error) {
          log.warn('could not hand notices to the outbox; retrying', { error })
        }
      } while (again && !stopped)
    })().finally(() => {
      running = undefined
    })
    return running
  }
  const timer = setInterval(() => void run(), deps.intervalMs)
  timer.unref()
  return {
    kick: () => {
      if (!stopped) void run()
    },
    settled: async () => {
      if (running) {
        again = true
        await running
      } else await run()
    },
    stop: async () => {
      stopped = true
      clearInterval(timer)
      await running
    },
  }
}
