import { spawn } from 'node:child_process'
import { accessSync, constants, mkdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { delimiter, join, resolve } from 'node:path'
import { pingRedis } from '../src/queue/redis-connection.js'
import { createLogger } from '../src/shared/log.js'

const log = createLogger('redis')

export interface RedisHandle {
  readonly url: string
  /** True when this process started its own redis-server. */
  readonly private: boolean
  stop(): Promise<void>
}

/**
 * The Redis that background work runs on: REDIS_URL when it answers; else,
 * when `redis-server` is on PATH, a private one for this process (nothing
 * kept on disk); else undefined (the caller runs without background work).
 */
export async function ensureRedis(url: string, dataDir: string, searchPath: string): Promise<RedisHandle | undefined> {
  if (await pingRedis(url, 1000)) return { url, private: false, stop: async () => undefined }
  const binary = findOnPath('redis-server', searchPath)
  if (!binary) return undefined
  const port = await freePort()
  const dir = resolve(dataDir, 'redis')
  mkdirSync(dir, { recursive: true })
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: 'ignore',
  })
  const privateUrl = `redis://127.0.0.1:${port}`
  for (let waited = 0; waited < 5000; waited += 100) {
    if (await pingRedis(privateUrl, 200)) {
      log.info('started a private redis-server', { url: privateUrl, because: `${url} did not answer` })
      return {
        url: privateUrl,
        private: true,
        stop: async () => {
          child.kill('SIGTERM')
          await new Promise((done) => child.once('exit', done))
        },
      }
    }
    await new Promise((done) => setTimeout(done, 100))
  }
  child.kill('SIGKILL')
  return undefined
}

function findOnPath(name: string, searchPath: string): string | undefined {
  for (const dir of searchPath.split(delimiter)) {
    const candidate = join(dir, name)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not here
    }
  }
  return undefined
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolvePort(port))
    })
  })
}
