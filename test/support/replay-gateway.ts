import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What a recorded answer is made of: the HTTP status (200 unless said) and the body as the platform sent it. */
export interface RecordedAnswer {
  readonly status?: number
  /** A JSON value, sent as JSON text; a string is sent as it is (for bodies that are not JSON). */
  readonly body: unknown
}

export interface ReplayGateway {
  /** The gateway URL to give an adapter. */
  readonly url: string
  /** Every request received, as its flat form fields, oldest first. */
  readonly requests: Record<string, string>[]
  /**
   * Queue answers for one API method (TOP/JOS `method`, PDD `type`): they are
   * given in order, and the last one is repeated once the queue is drained.
   */
  answer(method: string, ...answers: RecordedAnswer[]): void
  /** The requests for one method, oldest first. */
  requestsFor(method: string): Record<string, string>[]
  close(): Promise<void>
}

/**
 * A gateway that replays recorded real answers to the real adapters over
 * HTTP, so the adapters' reading of the platforms' actual shapes is tested
 * end to end (signing aside: it checks nothing it is sent).
 */
export async function startReplayGateway(): Promise<ReplayGateway> {
  const queues = new Map<string, RecordedAnswer[]>()
  const requests: Record<string, string>[] = []
  const server: Server = createServer((req, res) => {
    void readForm(req).then((params) => {
      requests.push(params)
      const method = params.method ?? params.type ?? ''
      const queue = queues.get(method)
      const next = queue && (queue.length > 1 ? queue.shift() : queue[0])
      if (!next) {
        res.writeHead(404, { 'content-type': 'text/plain' })
        res.end(`no recorded answer for ${method}`)
        return
      }
      const text = typeof next.body === 'string' ? next.body : JSON.stringify(next.body)
      res.writeHead(next.status ?? 200, { 'content-type': 'application/json;charset=utf-8' })
      res.end(text)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/router`,
    requests,
    answer: (method, ...answers) => queues.set(method, [...answers]),
    requestsFor: (method) => requests.filter((r) => (r.method ?? r.type) === method),
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

async function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const url = new URL(req.url ?? '/', 'http://replay.local')
  const params: Record<string, string> = Object.fromEntries(url.searchParams)
  for (const [key, value] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) params[key] = value
  return params
}
