import Fastify from 'fastify'

/*
 * The peer the landing page is measured against: a bare Fastify 5 route in
 * its own process, answering a page of the same size from memory, no logger,
 * no headers plugin, no database. Prints its URL on stdout.
 */
const PAGE = `<!doctype html><html lang="zh-CN"><body>${'商品'.repeat(Number(process.argv[2] ?? 1000))}</body></html>`
const app = Fastify({ logger: false })
app.get('/s/:code', async (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE))
const address = await app.listen({ host: '127.0.0.1', port: 0 })
process.stdout.write(`${address}\n`)
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)))
