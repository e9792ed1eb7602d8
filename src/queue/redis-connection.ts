import { Redis } from 'ioredis'
import { within } from '../shared/within.js'

/**
 * One ioredis client for BullMQ. Workers block on Redis and must never give up
 * a command after a few retries, hence `maxRetriesPerRequest: null` (BullMQ
 * refuses a worker connection without it). The caller owns it and calls `quit()`.
 */
export function createRedisConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true })
}

/**
 * Resolves when the client is ready or after `timeoutMs`, whichever is first
 * (never throws): a process that just opened its connection should not take
 * its first moments for an outage.
 */
export async function untilReady(connection: Redis, timeoutMs: number): Promise<boolean> {
  if (connection.status === 'ready') return true
  return new Promise((resolve) => {
    const done = (ready: boolean): void => {
      clearTimeout(timer)
      connection.off('ready', onReady)
      resolve(ready)
    }
    const onReady = (): void => done(true)
    const timer = setTimeout(() => done(false), timeoutMs)
    connection.once('ready', onReady)
  })
}

/**
 * Whether a Redis at `url` answers PING within `timeoutMs`. Never throws and
 * always closes its own connection, so `start` can probe before deciding to
 * run a private redis-server.
 */
export async function pingRedis(url: string, timeoutMs: number): Promise<boolean> {
  let redis: Redis
  try {
    redis = new Redis(url, {
      lazyConnect: true,
      connectTimeout: timeoutMs,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    })
  } catch {
    return false
  }
  // A failed connect also emits 'error'; without a listener ioredis prints it.
  redis.on('error', () => undefined)
  const ping = (async (): Promise<boolean> => {
    await redis.connect()
    return (await redis.ping()) === 'PONG'
  })().catch(() => false)
  try {
    return await within(ping, timeoutMs).catch(() => false)
  } finally {
    redis.disconnect()
  }
}
