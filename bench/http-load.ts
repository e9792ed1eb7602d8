import { Agent, request } from 'node:http'
import { performance } from 'node:perf_hooks'

export interface LoadResult {
  /** Milliseconds per request, from when it was due (open loop) or sent (closed loop) to the end of its response. */
  readonly latenciesMs: number[]
  readonly errors: number
  readonly seconds: number
}

const agentFor = (sockets: number): Agent => new Agent({ keepAlive: true, maxSockets: sockets })

function get(agent: Agent, url: URL, headers: Record<string, string>): Promise<number> {
  return new Promise((done, fail) => {
    const req = request(url, { agent, headers }, (res) => {
      res.resume()
      res.on('end', () => done(res.statusCode ?? 0))
      res.on('error', fail)
    })
    req.on('error', fail)
    req.end()
  })
}

/**
 * Open loop: `count` GETs (over `urls` in turn) at `rate` a second whatever the answers do, each
 * timed from the moment it was due, so a stall shows up in the latencies of
 * every request it delays (no coordinated omission).
 */
export async function openLoop(options: { urls: readonly string[]; rate: number; count: number; headers?: Record<string, string> }): Promise<LoadResult> {
  const agent = agentFor(256)
  const urls = options.urls.map((u) => new URL(u))
  const latencies: number[] = []
  let errors = 0
  const started = performance.now()
  const inFlight: Promise<void>[] = []
  let sent = 0
  while (sent < options.count) {
    const due = Math.min(options.count, Math.floor(((performance.now() - started) / 1000) * options.rate) + 1)
    for (; sent < due; sent++) {
      const dueAt = started + (sent / options.rate) * 1000
      const url = urls[sent % urls.length] as URL
      inFlight.push(
        get(agent, url, options.headers ?? {}).then(
          (status) => {
            if (status >= 400) errors++
            latencies.push(performance.now() - dueAt)
          },
          () => void errors++,
        ),
      )
    }
    await new Promise((tick) => setTimeout(tick, 1))
  }
  await Promise.all(inFlight)
  agent.destroy()
  return { latenciesMs: latencies, errors, seconds: (performance.now() - started) / 1000 }
}

/** Closed loop: `concurrency` clients each sending the next GET when the last answered, `count` in all, over `urls` in turn. */
export async function closedLoop(options: { urls: readonly string[]; concurrency: number; count: number; headers?: Record<string, string> }): Promise<LoadResult> {
  const agent = agentFor(options.concurrency)
  const urls = options.urls.map((u) => new URL(u))
  const latencies: number[] = []
  let errors = 0
  let next = 0
  const started = performance.now()
  const client = async (): Promise<void> => {
    while (next < options.count) {
      const url = urls[next % urls.length] as URL
      next++
      const sentAt = performance.now()
      try {
        if ((await get(agent, url, options.headers ?? {})) >= 400) errors++
      } catch {
        errors++
      }
      latencies.push(performance.now() - sentAt)
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, client))
  agent.destroy()
  return { latenciesMs: latencies, errors, seconds: (performance.now() - started) / 1000 }
}

/** The q-quantile (0..1) of values, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN
}
