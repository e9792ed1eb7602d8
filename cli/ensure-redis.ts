import { spawn } from 'node:child_process'
import { accessSync, constants, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { delimiter, join, resolve } from 'node:path'
import { pingRedis } from '../src/queue/redis-connection.js'
import { createLogger } from '../src/shared/log.js'
import { processAlive } from '../src/shared/process-alive.js'

const log = createLogger('redis')

export interface RedisHandle {
  readonly url: string
  /** True when this process started its own redis-server. */
  readonly private: boolean
  stop(): Promise<void>
}

/** What the data directory remembers of its private redis-server, so a restart after a crash reuses it. */
interface PrivateRedisRecord {
  readonly pid: number
  readonly port: number
}

/**
 * The Redis that background work runs on: REDIS_URL when it answers; else,
 * when `redis-server` is on PATH, a private one kept in the data directory
 * (append-only file, so queued jobs and notices survive a restart) — the one
 * a previous run left behind when it still answers (a `kill -9` does not stop
 * it), else a new one; else undefined (the caller runs without background work).
 */
export async function ensureRedis(url: string, dataDir: string, searchPath: string): Promise<RedisHandle | undefined> {
  if (await pingRedis(url, 1000)) return { url, private: false, stop: async () => undefined }
  const dir = resolve(dataDir, 'redis')
  const recordPath = join(dir, 'redis-server.json')
  const left = readRecord(recordPath)
  if (left && processAlive(left.pid)) {
    const leftUrl = `redis://127.0.0.1:${left.port}`
    if (isRedisServer(left.pid) && (await pingRedis(leftUrl, 500))) {
      log.info('reusing the private redis-server a previous run left', { url: leftUrl, pid: left.pid })
      return ownedBy(leftUrl, left.pid, recordPath, undefined)
    }
    // A process of that pid that is not our answering redis: ours is gone (the pid was reused), leave it be.
  }
  const binary = findOnPath('redis-server', searchPath)
  if (!binary) return undefined
  const port = await freePort()
  mkdirSync(dir, { recursive: true })
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', dir],
    { stdio: 'ignore' },
  )
  const privateUrl = `redis://127.0.0.1:${port}`
  for (let waited = 0; waited < 5000; waited += 100) {
    if (await pingRedis(privateUrl, 200)) {
      if (child.pid !== undefined) writeFileSync(recordPath, JSON.stringify({ pid: child.pid, port } satisfies PrivateRedisRecord))
      log.info('started a private redis-server', { url: privateUrl, because: `${url} did not answer` })
      return ownedBy(privateUrl, child.pid, recordPath, child)
    }
    await new Promise((done) => setTimeout(done, 100))
  }
  child.kill('SIGKILL')
  return undefined
}

function ownedBy(url: string, pid: number | undefined, recordPath: string, child: ReturnType<typeof spawn> | undefined): RedisHandle {
  return {
    url,
    private: true,
    stop: async () => {
      if (child) {
        child.kill('SIGTERM')
        if (child.exitCode === null) await new Promise((done) => child.once('exit', done))
      } else if (pid !== undefined && processAlive(pid)) {
        process.kill(pid, 'SIGTERM')
        for (let waited = 0; waited < 5000 && processAlive(pid); waited += 50) await new Promise((done) => setTimeout(done, 50))
      }
      rmSync(recordPath, { force: true })
    },
  }
}

function readRecord(path: string): PrivateRedisRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(path, 'utf8')) as Partial<PrivateRedisRecord>
    return Number.isInteger(record.pid) && Number.isInteger(record.port) ? (record as PrivateRedisRecord) : undefined
  } catch {
    return undefined
  }
}


/** Where /proc tells (Linux), whether the pid runs redis-server; elsewhere the ping decides alone. */
function isRedisServer(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('redis-server')
  } catch {
    return true
  }
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
