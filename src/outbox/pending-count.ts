import type { Queue } from 'bullmq'

/** Jobs not yet finished: waiting, prioritized, delayed (incl. retry backoff) and active. */
export async function pendingCount(queue: Queue): Promise<number> {
  const counts = await queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active')
  return Object.values(counts).reduce((sum, n) => sum + n, 0)
}
