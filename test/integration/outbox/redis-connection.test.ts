import { createServer, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRedisConnection, pingRedis } from '../../../src/queue/redis-connection.js'
import { REDIS_URL } from './outbox-harness.js'

/** A TCP server that accepts and never answers: PING must time out, not hang. */
let silent: Server
let silentUrl: string
const sockets = new Set<Socket>()

beforeAll(async () => {
  silent = createServer((socket) => void sockets.add(socket))
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  const address = silent.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  silentUrl = `redis://127.0.0.1:${address.port}`
})

afterAll(async () => {
  for (const socket of sockets) socket.destroy()
  await new Promise((resolve) => silent.close(resolve))
})

describe(pingRedis.name, () => {
  it('answers true for a running Redis', async () => {
    expect(await pingRedis(REDIS_URL, 2_000)).toBe(true)
  })

  it('answers false when nothing listens', async () => {
    expect(await pingRedis('redis://127.0.0.1:1', 1_000)).toBe(false)
  })

  it('answers false within the timeout when the server never replies', async () => {
    const started = performance.now()
    expect(await pingRedis(silentUrl, 200)).toBe(false)
    expect(performance.now() - started).toBeLessThan(1_000)
  })

  it('answers false for a malformed URL instead of throwing', async () => {
    expect(await pingRedis('not a url at all ::', 200)).toBe(false)
  })
})

describe(createRedisConnection.name, () => {
  it('connects with the options BullMQ workers need', async () => {
    const redis = createRedisConnection(REDIS_URL)
    try {
      expect(redis.options.maxRetriesPerRequest).toBeNull()
      expect(redis.options.enableReadyCheck).toBe(true)
      expect(await redis.ping()).toBe('PONG')
    } finally {
      await redis.quit()
    }
  })
})
