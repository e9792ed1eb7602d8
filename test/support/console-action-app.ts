import formbody from '@fastify/formbody'
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify'
import type { ConsoleOperator } from '../../web/console/console-operator.js'

/**
 * A Fastify app with console plugins as the console's guard would see them:
 * form bodies parsed and `request.operator` set (the real guard, with its
 * session and CSRF checks, is tested on its own).
 */
export async function consoleActionApp(operator: ConsoleOperator, plugins: readonly FastifyPluginAsync[]): Promise<FastifyInstance> {
  const app = Fastify()
  await app.register(formbody)
  app.addHook('preHandler', async (request) => {
    request.operator = operator
  })
  for (const plugin of plugins) await app.register(plugin)
  await app.ready()
  return app
}

/** An urlencoded form body, as a browser posts it (repeated names for checkboxes). */
export function form(fields: Record<string, string | readonly string[]>): { payload: string; headers: Record<string, string> } {
  const body = new URLSearchParams()
  for (const [name, value] of Object.entries(fields)) for (const v of typeof value === 'string' ? [value] : value) body.append(name, v)
  return { payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } }
}
