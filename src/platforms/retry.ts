export interface RetryOptions {
  /** Total attempts including the first. */
  readonly maxAttempts: number
  readonly baseDelayMs: number
  readonly maxDelayMs: number
  readonly sleep?: (ms: number) => Promise<void>
  readonly random?: () => number
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Exponential backoff with full jitter: attempt n waits up to base·2^(n-1), capped. */
export function backoffDelay(attempt: number, options: RetryOptions): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1))
  return Math.round(ceiling * (options.random ?? Math.random)())
}

function isRetryable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === true
}

/** Runs `fn` again while it throws an error marked `retryable`, up to maxAttempts. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const sleep = options.sleep ?? defaultSleep
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt)
    } catch (error) {
      if (attempt >= options.maxAttempts || !isRetryable(error)) throw error
      await sleep(backoffDelay(attempt, options))
    }
  }
}
