import { type Job, UnrecoverableError, type Worker } from 'bullmq'
import type { z } from 'zod'
import type { Logger } from '../../src/shared/log.js'

/** A payload that fails its schema: no retry can fix it, so BullMQ fails the job on its first attempt. */
export class InvalidJobPayloadError extends UnrecoverableError {
  constructor(
    readonly queue: string,
    /** The failing fields' paths; never their values (a payload may hold anything). */
    readonly fields: readonly string[],
  ) {
    super(`invalid ${queue} job payload (${fields.join(', ')})`)
  }
}

/**
 * The job's payload, checked against its schema.
 * @throws InvalidJobPayloadError
 */
export function parseJobPayload<S extends z.ZodType>(schema: S, job: Job, queue: string): z.infer<S> {
  const parsed = schema.safeParse(job.data)
  if (parsed.success) return parsed.data
  throw new InvalidJobPayloadError(queue, [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(root)'))])
}

/**
 * One log line per failed attempt: an invalid payload as an error naming the
 * queue, job and fields (it is not retried); anything else as a warning with
 * the fields `describe` takes from the (valid) payload and the attempt.
 */
export function logFailedJobs<S extends z.ZodType>(
  worker: Worker,
  log: Logger,
  options: { queue: string; schema: S; message: string; describe: (data: z.infer<S>) => Record<string, unknown> },
): void {
  worker.on('failed', (job, error) => {
    if (error instanceof InvalidJobPayloadError) {
      log.error(`invalid ${options.queue} job failed without retry`, { jobId: job?.id, fields: error.fields })
      return
    }
    const parsed = options.schema.safeParse(job?.data)
    log.warn(options.message, { ...(parsed.success ? options.describe(parsed.data) : {}), jobId: job?.id, attempt: job?.attemptsMade, error })
  })
}
