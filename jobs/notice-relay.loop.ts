import { relayNotices, type NoticeRelayDeps } from '../src/orders/notice-relay.service.js'
import { createLogger } from '../src/shared/log.js'

const log = createLogger('notice-relay')

export interface NoticeRelayLoop {
  /** Relays now (or once more after the run in progress): crediting just committed notices. */
  kick(): void
  /** Resolves when a relay pass that started after this call has finished (at once after `stop()`). */
  settled(): Promise<void>
  stop(): Promise<void>
}

/**
 * Keeps the chat outbox topped up from the notice table: every `intervalMs`
 * (the outbox drains as it sends; Redis or the database may come back) and
 * whenever kicked. One run at a time; a kick during a run makes it go round
 * once more. A failed pass is logged and retried on the next tick, nothing is
 * lost: the notices stay in the table (until the bot confirms each send;
 * the ticks also hand over again those Redis may have lost).
 */
export function startNoticeRelay(deps: NoticeRelayDeps & { readonly intervalMs: number }): NoticeRelayLoop {
  let running: Promise<void> | undefined
  let again = false
  let stopped = false
  const loop = async (): Promise<void> => {
    do {
      again = false
      try {
        await relayNotices(deps)
      } catch (error) {
        log.warn('could not hand notices to the outbox; retrying', { error })
      }
    } while (again && !stopped)
    // Cleared in the same step as the last check of `again`: a kick after it starts a new run.
    running = undefined
  }
  const run = (): Promise<void> => {
    if (stopped) return running ?? Promise.resolve()
    if (running) {
      again = true
      return running
    }
    running = loop()
    return running
  }
  const timer = setInterval(() => void run(), deps.intervalMs)
  timer.unref()
  return {
    kick: () => void run(),
    settled: () => run(),
    stop: async () => {
      stopped = true
      clearInterval(timer)
      await running
    },
  }
}
