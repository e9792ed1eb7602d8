import { createLogger } from '../shared/log.js'
import { OncePer } from '../shared/once-per.js'

const log = createLogger('queue')
const gate = new OncePer(60_000)

/**
 * Listens for a BullMQ queue's or worker's 'error' events. Without a
 * listener a worker prints every reconnect attempt of a Redis outage as a
 * raw stack trace (70 in 10 s here); an outage is one line a minute for the
 * whole process, naming the first queue that saw it.
 */
export function logQueueErrors(emitter: { on(event: 'error', listener: (error: Error) => void): unknown }, name: string): void {
  emitter.on('error', (error) => {
    if (gate.allow('redis')) log.warn(`Redis error (said once a minute while it lasts; first seen by ${name})`, { error })
  })
}
