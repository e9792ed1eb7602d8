import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Platform } from '../links/parsed-link.js'
import { createLogger } from '../shared/log.js'
import type { SimPlatform } from './sim-platform.js'
import { SIM_PLATFORMS } from './sim-platforms.js'
import { SimState } from './sim-state.js'

const log = createLogger('simulator')
const MAX_BODY_BYTES = 1 << 20

export interface SimulatorOptions {
  readonly host?: string
  /** 0 picks a free port. */
  readonly port?: number
  readonly state?: SimState
  /** How long a simulated timeout holds the response (the client gives up first). */
  readonly timeoutFaultMs?: number
}

export interface RunningSimulator {
  readonly url: string
  readonly state: SimState
  gatewayUrl(platform: Platform): string
  close(): Promise<void>
}

/** Starts the local affiliate-platform simulator (Taobao TOP, JD Union, PDD DDK gateways). */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const state = options.state ?? new SimState()
  const byPath = new Map<string, SimPlatform>(SIM_PLATFORMS.map((p) => [p.path, p]))
  const timers = new Set<NodeJS.Timeout>()
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      log.error('simulator request failed', { error })
      if (!res.headersSent) send(res, 500, { error: 'simulator failure' })
    })
  })
  server.keepAliveTimeout = 30_000

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator.local')
    const sim = byPath.get(url.pathname)
    if (!sim) {
      const page = req.method === 'GET' ? SIM_PLATFORMS.map((p) => p.page?.(url, state)).find((found) => found !== undefined) : undefined
      if (!page) return send(res, 404, { error: 'no such gateway' })
      return sendText(res, page.status, page.html, page.location)
    }
    const params = await readParams(req, url)
    if (params === 'too-large') return send(res, 413, { error: 'body too large' })
    state.recordCall(sim.platform, params.method ?? params.type ?? '')
    const { min, max } = state.settings.latencyMs
    if (max > 0) await sleepFor(min + Math.random() * (max - min), timers)
    const fault = state.takeFault(sim.platform)
    if (fault === 'timeout') {
      const timer = setTimeout(() => {
        timers.delete(timer)
        if (!res.writableEnded) send(res, 504, { error: 'simulated timeout' })
      }, options.timeoutFaultMs ?? 10_000)
      timers.add(timer)
      res.on('close', () => {
        clearTimeout(timer)
        timers.delete(timer)
      })
      return
    }
    if (fault === 'http-500') return sendText(res, 500, 'Internal Server Error')
    if (fault === 'not-json') return sendText(res, 200, '<html><body>502 Bad Gateway</body></html>')
    const answer = fault ? sim.faultResponse(fault) : sim.handle(params, state, { origin: `http://${req.headers.host ?? 'localhost'}` })
    send(res, answer.status, answer.body, answer.text)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  })
  const address = server.address() as AddressInfo
  const base = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`
  return {
    url: base,
    state,
    gatewayUrl: (platform) => base + (SIM_PLATFORMS.find((p) => p.platform === platform)?.path ?? '/'),
    close: async () => {
      for (const timer of timers) clearTimeout(timer)
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** A timer close() can cancel, so a held answer never keeps a stopping process alive. */
function sleepFor(ms: number, timers: Set<NodeJS.Timeout>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      resolve()
    }, ms)
    timers.add(timer)
  })
}

async function readParams(req: IncomingMessage, url: URL): Promise<Record<string, string> | 'too-large'> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const buffer = chunk as Buffer
    size += buffer.length
    if (size > MAX_BODY_BYTES) return 'too-large'
    chunks.push(buffer)
  }
  const params: Record<string, string> = Object.fromEntries(url.searchParams)
  const body = Buffer.concat(chunks).toString('utf8')
  if (body === '') return params
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    try {
      const parsed = JSON.parse(body) as unknown
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        for (const [key, value] of Object.entries(parsed)) {
          params[key] = typeof value === 'string' ? value : JSON.stringify(value)
        }
      }
    } catch {
      // A body that is not JSON carries no params; the handler reports what is missing.
    }
    return params
  }
  for (const [key, value] of new URLSearchParams(body)) params[key] = value
  return params
}

function send(res: ServerResponse, status: number, body: unknown, json?: string): void {
  const text = json ?? JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

function sendText(res: ServerResponse, status: number, text: string, location?: string): void {
  res.writeHead(status, {
    'content-type': 'text/html;charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...(location === undefined ? {} : { location }),
  })
  res.end(text)
}
