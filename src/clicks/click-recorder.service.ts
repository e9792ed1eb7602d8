import type { KeyObject } from 'node:crypto'
import type { Kysely } from 'kysely'
import { beijingDate } from '../accounts/beijing-date.js'
import type { Database } from '../db/database.js'
import { createLogger } from '../shared/log.js'
import { OncePer } from '../shared/once-per.js'
import { insertClicks, type NewClick } from './click.repository.js'
import type { ClickInput, ClickSink } from './click-sink.js'
import { count } from '../metrics/metrics.js'
import { classifyUserAgent, type UserAgentInfo } from './user-agent.js'
import { newVisitorKey, visitorHash, visitorKey } from './visitor-hash.js'
import { deleteVisitorKeysBefore, ensureVisitorKey } from './visitor-key.repository.js'

const log = createLogger('clicks')

const DAY_MS = 86_400_000
/** PostgreSQL takes far more, but a thousand rows is one quick statement and keeps a failed batch small. */
const MAX_ROWS_PER_INSERT = 1000
/** Distinct user agents remembered; a push burst brings a handful, so classification runs once per kind of phone. */
const UA_CACHE_SIZE = 1000
const KEY_RETRY_MS = 1000

export interface ClickRecorderOptions {
  readonly db: Kysely<Database>
  /** How often buffered clicks are written. */
  readonly flushMs?: number
  /** Buffered clicks that start a write at once, without waiting for the timer. */
  readonly maxBatch?: number
  /**
   * Clicks held while the database cannot take them; past this the oldest
   * are dropped (with a warning that counts them) so an outage cannot
   * exhaust the web process's memory.
   */
  readonly maxBuffered?: number
  /** The clock for key housekeeping (which days' keys to keep). */
  readonly now?: () => Date
}

/** A click waiting for the database: hashed, or still holding the address until its day's key is loaded. */
interface Pending {
  readonly row: Omit<NewClick, 'visitor'>
  visitor?: string
  raw?: { readonly day: string; readonly ip: string; readonly userAgent: string }
}

/**
 * The web edge's ClickSink: `record` is synchronous and never waits for the
 * database (classify, hash, push to a buffer); a timer and a full batch
 * start writes, one at a time; a failed write keeps its clicks for the next
 * tick; `close` writes everything.
 *
 * Visitor hashes use the key of the click's Beijing day from visitor_keys,
 * shared by every web process and cached here. Until that key is loaded
 * (the first clicks after start or after midnight) the address stays in
 * this process's memory with the click and is hashed just before the write;
 * it is never written anywhere.
 */
export function createClickRecorder(options: ClickRecorderOptions): ClickSink {
  const { db } = options
  const flushMs = options.flushMs ?? 500
  const maxBatch = options.maxBatch ?? 1000
  const maxBuffered = Math.max(options.maxBuffered ?? 100_000, maxBatch)
  const now = options.now ?? (() => new Date())

  let buffer: Pending[] = []
  const keys = new Map<string, KeyObject>()
  const loadingKeys = new Map<string, Promise<KeyObject>>()
  const agents = new Map<string, UserAgentInfo>()
  const writeFailures = new OncePer(60_000)
  const badInput = new OncePer(60_000)
  let dropped = 0
  let keyRetryAt = 0
  let closed = false
  let writing = false
  // Every write runs after the one before: never two flushes at once.
  let chain: Promise<void> = Promise.resolve()

  function dayKey(day: string): Promise<KeyObject> {
    const loading = loadingKeys.get(day)
    if (loading) return loading
    const load = (async () => {
      const key = visitorKey(await ensureVisitorKey(db, day, newVisitorKey()))
      keys.set(day, key)
      await forgetOldKeys(day).catch((error: unknown) => log.warn('old visitor keys not deleted; the next day key load tries again', { error }))
      return key
    })()
    loadingKeys.set(day, load)
    load.catch(() => {
      loadingKeys.delete(day)
      keyRetryAt = Date.now() + KEY_RETRY_MS
    })
    return load
  }

  /**
   * Today's and yesterday's keys stay (a click buffered over midnight still
   * needs yesterday's); older ones are deleted everywhere. The key just
   * loaded stays in memory even when its day is older (clicks held through
   * a long outage), so that day's clicks in this process share one key.
   */
  async function forgetOldKeys(loaded: string): Promise<void> {
    const oldestKept = beijingDate(now().getTime() - DAY_MS)
    for (const day of keys.keys()) {
      if (day < oldestKept && day !== loaded) {
        keys.delete(day)
        loadingKeys.delete(day)
      }
    }
    await deleteVisitorKeysBefore(db, oldestKept)
  }

  function classify(userAgent: string): UserAgentInfo {
    let info = agents.get(userAgent)
    if (!info) {
      if (agents.size >= UA_CACHE_SIZE) agents.clear()
      info = classifyUserAgent(userAgent)
      agents.set(userAgent, info)
    }
    return info
  }

  function record(click: ClickInput): void {
    try {
      buffered(click)
    } catch (error) {
      // The page is served whatever happens here; a click that cannot be read is the only loss.
      if (badInput.allow('record')) log.error('click not recorded', { code: click.code, error })
    }
  }

  function buffered(click: ClickInput): void {
    const agent = classify(click.userAgent)
    const day = beijingDate(click.at.getTime())
    const row = { code: click.code, at: click.at, action: click.action, in_wechat: agent.inWechat, browser: agent.browser, is_bot: agent.isBot }
    count.click(click.action, agent.isBot)
    const key = keys.get(day)
    if (key) {
      buffer.push({ row, visitor: visitorHash(key, click.ip, click.userAgent) })
    } else {
      buffer.push({ row, raw: { day, ip: click.ip, userAgent: click.userAgent } })
      // After a failed load, clicks wait for the next write (paced by the timer) rather than each asking the database.
      if (loadingKeys.has(day) || Date.now() >= keyRetryAt) dayKey(day).catch(() => undefined)
    }
    if (buffer.length > maxBuffered) dropOldest()
    if ((buffer.length >= maxBatch || closed) && !writing) startWrite()
  }

  function dropOldest(): void {
    // A tenth at a time, so a long outage costs one splice per many clicks rather than one per click.
    const count = Math.max(buffer.length - maxBuffered, Math.ceil(maxBuffered / 10))
    buffer.splice(0, count)
    if (dropped === 0) log.warn('click buffer full while the database is unreachable: dropping the oldest clicks', { maxBuffered })
    dropped += count
  }

  function startWrite(): void {
    // Marked now, not when the write begins: a burst of records must queue one write, not one each.
    writing = true
    flush().catch((error: unknown) => {
      if (writeFailures.allow('write')) log.warn('clicks not written yet: kept in memory and retried', { buffered: buffer.length, error })
    })
  }

  function flush(): Promise<void> {
    const run = chain.then(writeBuffered)
    chain = run.catch(() => undefined)
    return run
  }

  /** Writes what was buffered when it started, a batch at a time; a failed batch goes back to the front. */
  async function writeBuffered(): Promise<void> {
    writing = true
    try {
      let left = buffer.length
      while (left > 0 && buffer.length > 0) {
        const batch = buffer.splice(0, Math.min(MAX_ROWS_PER_INSERT, left))
        try {
          await insertClicks(db, await hashed(batch))
        } catch (error) {
          buffer = batch.concat(buffer)
          if (buffer.length > maxBuffered) dropOldest()
          throw error
        }
        left -= batch.length
      }
      if (dropped > 0) {
        log.warn('clicks dropped while the database was unreachable', { dropped })
        dropped = 0
      }
    } finally {
      writing = false
    }
    if (buffer.length >= maxBatch && !closed) startWrite()
  }

  /** The batch's rows, each with its visitor; loads the keys of days first met here and forgets the addresses. */
  async function hashed(batch: Pending[]): Promise<NewClick[]> {
    for (const pending of batch) {
      if (pending.raw) {
        const key = keys.get(pending.raw.day) ?? (await dayKey(pending.raw.day))
        pending.visitor = visitorHash(key, pending.raw.ip, pending.raw.userAgent)
        delete pending.raw
      }
    }
    return batch.map((pending) => ({ ...pending.row, visitor: pending.visitor ?? '' }))
  }

  const timer = setInterval(() => {
    if (buffer.length > 0 && !writing) startWrite()
  }, flushMs)
  // The timer never keeps a process alive on its own: close() is what writes the rest.
  timer.unref()
  dayKey(beijingDate(now().getTime())).catch((error: unknown) => log.warn('visitor key not loaded yet: clicks keep their input until it is', { error }))

  return {
    record,
    flush,
    async close() {
      closed = true
      clearInterval(timer)
      await flush()
    },
  }
}
