import type { SimState } from '../sim-state.js'
import { jdFail, type JdInnerResult } from './jd-envelope.js'

/** A business error a test asks JD's simulator to answer, for one method or for any. */
export interface JdInjectedError {
  readonly code: number
  readonly message: string
  readonly method?: string | undefined
}

const queues = new WeakMap<SimState, JdInjectedError[]>()

/**
 * Makes the next `times` calls (of `error.method`, or of any JD method)
 * answer JD's inner `{code, message}`: the error codes of JD's tables
 * (C11) can be produced end to end, beside state.injectFault's transport
 * failures.
 */
export function injectJdError(state: SimState, error: JdInjectedError, times = 1): void {
  const queue = queues.get(state) ?? []
  for (let i = 0; i < times; i++) queue.push(error)
  queues.set(state, queue)
}

/** The injected error this call of `method` must answer, if any (taken off the queue). */
export function takeJdError(state: SimState, method: string): JdInnerResult | undefined {
  const queue = queues.get(state)
  const index = queue?.findIndex((error) => error.method === undefined || error.method === method) ?? -1
  if (!queue || index < 0) return undefined
  const [error] = queue.splice(index, 1)
  return error && jdFail(error.code, error.message)
}
