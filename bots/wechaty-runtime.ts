import type { Wechaty, WechatyOptions } from 'wechaty'
import { WechatyImpl } from 'wechaty/impls'

/*
 * Wechaty at run time without its main entry: `wechaty`'s index also exports
 * IoClient, whose module loads wechaty-puppet-service's whole gRPC stack
 * (~18 MB resident, measured by importing each entry in a bare node) into
 * every bot process — the bot role's memory target is 150 MB. A bot that uses
 * the service puppet still gets it: the puppet is loaded by name. Types
 * (erased at build) still come from `wechaty`.
 */

/** What `WechatyBuilder.build(options)` does for a non-singleton bot. */
export function buildWechaty(options: WechatyOptions): Wechaty {
  return new WechatyImpl(options)
}

export * as types from 'wechaty-puppet/types'
export { ScanStatus } from 'wechaty-puppet/types'
