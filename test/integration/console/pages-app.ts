import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { setLogSink } from '../../../src/shared/log.js'
import type { ConsoleOperator } from '../../../web/console/console-operator.js'
import { createWebServer } from '../../../web/web-server.js'

/** The operator every page test runs as (the session guard that sets it is not what these tests are about). */
export const TEST_OPERATOR: ConsoleOperator = { userId: '1', contactId: 'wx-operator', displayName: '值班运营', csrfToken: 'csrf-test-token-123' }

/** The web server with the pages under test, each request already carrying the operator, as the guard would leave it. */
export async function pagesApp(plugins: readonly FastifyPluginAsync[]): Promise<FastifyInstance> {
  setLogSink(() => undefined)
  const signedIn: FastifyPluginAsync = async (app) => {
    app.addHook('preHandler', async (request) => {
      request.operator = TEST_OPERATOR
    })
    for (const plugin of plugins) await app.register(plugin)
  }
  return createWebServer({ plugins: [signedIn] })
}

/** No inline code: every script element names a same-origin file (the CSP refuses anything else). */
export const INLINE_SCRIPT = /<script>|<script(?![^>]*\bsrc=)[^>]*>|<style/

/** A hostile name the tests store, and how Preact escapes it in text (a "<" escaped is enough: no tag can open). */
export const HOSTILE_NAME = '<script>alert(1)</script>'
export const HOSTILE_ESCAPED = '&lt;script>alert(1)&lt;/script>'
