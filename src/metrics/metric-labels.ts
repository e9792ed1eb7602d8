import { PlatformError } from '../platforms/platform-errors.js'

/*
 * Label values, kept to fixed sets: every distinct label value is a time
 * series Prometheus keeps, so nothing a user or a platform writes may become
 * one unchecked. Pure: no prom-client here.
 */

export const CONVERSION_OUTCOMES = [
  'converted',
  'not-promotable',
  'needs-authorization',
  'link-unresolvable',
  'platform-busy',
  'platform-unavailable',
  'platform-misconfigured',
  'internal',
] as const
export type ConversionOutcomeLabel = (typeof CONVERSION_OUTCOMES)[number]

export const CLICK_ACTIONS = ['view', 'copy', 'open'] as const

/** Account names are the operator's BOT_ACCOUNT values (config allows `[A-Za-z0-9_-]{1,64}`); anything else is one bucket. */
export function accountLabel(account: string | undefined): string {
  return account !== undefined && /^[A-Za-z0-9_-]{1,64}$/.test(account) ? account : 'other'
}

/** API method names are constants in the adapters (`taobao.tbk.dg.general.link.convert`, `jd.union.open.…`, `pdd.ddk.…`). */
export function methodLabel(method: string): string {
  return /^[A-Za-z0-9._-]{1,80}$/.test(method) ? method : 'other'
}

/**
 * A failed platform call's code: the platform's own error code (TOP `15`,
 * PDD `20031`, HTTP `429`/`503`…: a short list per platform), `transport`
 * for a timeout or a broken connection (no code), `internal` for anything
 * that is not a platform error (a bug of ours). Free text never passes.
 */
export function errorCodeLabel(error: unknown): string {
  if (!(error instanceof PlatformError)) return 'internal'
  const code = error.code
  if (code === undefined || code === '') return 'transport'
  const text = String(code)
  return /^[A-Za-z0-9._-]{1,40}$/.test(text) ? text : 'other'
}

/** Click actions the landing pages record; anything else is `other`. */
export function clickActionLabel(action: string): string {
  return (CLICK_ACTIONS as readonly string[]).includes(action) ? action : 'other'
}

/** `yes` for a link-preview fetch or crawler (recorded, not counted as a click), else `no`. */
export function botLabel(isBot: boolean): 'yes' | 'no' {
  return isBot ? 'yes' : 'no'
}

/** Ledger transaction kinds are `role:movement` (`buyer:pending`, `l1:settle`) or `withdrawal:…`: fixed words joined. */
export function ledgerKindLabel(kind: string): string {
  return /^[a-z_]{1,32}(:[a-z_-]{1,32})?$/.test(kind) ? kind : 'other'
}
