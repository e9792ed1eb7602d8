import { join } from 'node:path'
import qrcodeTerminal from 'qrcode-terminal'
import type { PuppetModuleName, Wechaty, WechatyPlugin } from 'wechaty'
import { buildWechaty, ScanStatus } from './wechaty-runtime.js'
import { createLogger } from '../src/shared/log.js'

const log = createLogger('bot')

export interface RealBotOptions {
  readonly puppet: string
  readonly token?: string | undefined
  readonly name: string
  readonly dataDir: string
  readonly plugin: WechatyPlugin
}

/** Puppets that read `puppetOptions.token`; any other (wechat4u…) must not be handed the service token. */
const TOKEN_PUPPETS: ReadonlySet<string> = new Set(['wechaty-puppet-service', 'wechaty-puppet-padlocal'])

export function takesToken(puppet: string): boolean {
  return TOKEN_PUPPETS.has(puppet)
}

/**
 * The bot on a real puppet (WECHATY_PUPPET), e.g. wechaty-puppet-wechat4u:
 * the login QR code is drawn in the terminal. Resolves when the bot stops.
 */
export async function startRealBot(options: RealBotOptions): Promise<Wechaty> {
  const bot = buildWechaty({
    name: join(options.dataDir, options.name),
    // Wechaty resolves the puppet package by name at start; a wrong name fails there, loudly.
    puppet: options.puppet as PuppetModuleName,
    ...(options.token && takesToken(options.puppet) ? { puppetOptions: { token: options.token } } : {}),
  })
  bot.on('scan', (qrcode, status) => {
    if (status !== ScanStatus.Waiting && status !== ScanStatus.Timeout) return
    qrcodeTerminal.generate(qrcode, { small: true }, (art) => process.stderr.write(`扫码登录 / scan to log in:\n${art}\n`))
  })
  bot.on('login', (user) => log.info('logged in', { user: user.name() }))
  bot.on('logout', (user) => log.warn('logged out', { user: user.name() }))
  bot.on('error', (error) => log.error('wechaty error', { error }))
  bot.use(options.plugin)
  await bot.start()
  return bot
}
