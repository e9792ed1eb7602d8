export class TimeoutError extends Error {}

/**
 * Rejects with `TimeoutError` when `promise` has not settled within `ms`.
 * The work itself is not cancelled and may still finish later.
 */
export async function within<T>(promise: Promise<T>, ms: number, what = 'the call'): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} did not answer within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
