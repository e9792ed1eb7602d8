import type { Config } from '../../src/config.js'
import { createLogger } from '../../src/shared/log.js'
import { openInfra } from '../infra.js'
import { startProcessMetrics, type MetricsServer } from '../metrics-server.js'
import { parseRoleFlag, RoleFlagError, type Role } from '../role-flag.js'
import { startBackgroundRoles, untilStopSignal } from '../roles/start-roles.js'

/**
 * `start [--role bot,worker,scheduler]`: the roles asked for (default all)
 * in this process. Without WECHATY_PUPPET the bot's chat transport is the
 * terminal, so a fresh clone runs with no account and no keys.
 */
export async function runStart(config: Config, args: string[] = []): Promise<number> {
  let roles: ReadonlySet<Role>
  let subset: boolean
  try {
    ;({ roles, subset } = parseRoleFlag(args))
  } catch (error) {
    if (!(error instanceof RoleFlagError)) throw error
    process.stderr.write(`${error.message}\n`)
    return 2
  }
  if (subset && !config.databaseUrl) {
    process.stderr.write(
      `--role ${[...roles].join(',')}: the embedded database (PGlite, no DATABASE_URL) belongs to one process, so every role runs in it; ` +
        'set DATABASE_URL to a PostgreSQL to run roles separately\n',
    )
    return 2
  }
  if (config.web.landingPages && !config.web.publicBaseUrlSet && !roles.has('web') && (roles.has('bot') || roles.has('worker'))) {
    // Another process serves the pages: only PUBLIC_BASE_URL can say where shoppers reach it.
    createLogger('app').warn(
      `LANDING_PAGES=on but PUBLIC_BASE_URL is not set: chat links point at ${config.web.publicBaseUrl}/s/…; set PUBLIC_BASE_URL to where the web role is reached`,
    )
  }
  const puppet = config.wechaty.puppet
  // Wechaty and the bot edge load only in a process that runs the bot role (a worker's memory is its own).
  if (roles.has('bot') && !puppet) return (await import('./chat.command.js')).runChat(config, roles, subset)
  const botRole = roles.has('bot') && puppet ? await import('../roles/bot.role.js') : undefined
  if (botRole && puppet) botRole.checkPuppetInstalled(puppet)
  const infra = await openInfra(config, roles, { explicitRoles: subset })
  const stopped = untilStopSignal()
  let background: Awaited<ReturnType<typeof startBackgroundRoles>> | undefined
  let bot: { close(timeoutMs: number): Promise<void>; loggedIn(): boolean } | undefined
  let metrics: MetricsServer | undefined
  try {
    // One /metrics, /healthz and /readyz per process, whatever its roles; a bot process is ready once logged in.
    metrics = await startProcessMetrics(infra, botRole ? { loggedIn: () => bot?.loggedIn() ?? false } : {})
    background = await startBackgroundRoles(infra)
    if (botRole && puppet) bot = await botRole.startBotRole(infra, puppet)
    await stopped
    return 0
  } finally {
    await bot?.close(config.shutdownTimeoutMs)
    await background?.close(config.shutdownTimeoutMs)
    await metrics?.close()
    await infra.close()
  }
}
