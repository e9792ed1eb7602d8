import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ParsedLink } from '../../../src/links/parsed-link.js'
import type { OrderPage } from '../../../src/platforms/order-feed.js'
import * as errors from '../../../src/platforms/platform-errors.js'
import { TaobaoPlatform } from '../../../src/platforms/taobao/taobao.platform.js'
import { startReplayGateway, type ReplayGateway } from '../../support/replay-gateway.js'

/*
 * The recorded-answer tables (test/fixtures/recorded/taobao/*.json) fed
 * through the real adapter over HTTP: every method the adapter calls and
 * every error of the issue's tables, each entry citing its source.
 */

interface Entry {
  readonly name: string
  readonly source: string
  readonly response: unknown
  /** A second answer of the same method (after a refusal). */
  readonly then?: unknown
  /** Answers of the other methods in the flow; "@N" reuses entry N's. */
  readonly with?: Record<string, unknown> | string
  readonly input?: Record<string, unknown>
  readonly window?: { readonly start: string; readonly end: string }
  readonly adzoneId?: string
  readonly expect: Record<string, unknown>
}

interface Table {
  readonly method: string
  readonly entries: readonly Entry[]
}

const DIR = join(import.meta.dirname, '../../fixtures/recorded/taobao')
const table = (file: string): Table => JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Table

const ERROR_CLASSES: Record<string, abstract new (...args: never[]) => Error> = {
  ItemNotPromotableError: errors.ItemNotPromotableError,
  LinkNotResolvableError: errors.LinkNotResolvableError,
  PlatformPermissionError: errors.PlatformPermissionError,
  PlatformAuthError: errors.PlatformAuthError,
  PlatformUnavailableError: errors.PlatformUnavailableError,
  PlatformRateLimitedError: errors.PlatformRateLimitedError,
  PlatformRequestError: errors.PlatformRequestError,
  OrderWindowTooLongError: errors.OrderWindowTooLongError,
}

const LINK_CONVERT = 'taobao.tbk.dg.general.link.convert'
const ORDER_DETAILS = 'taobao.tbk.order.details.get'

let gateway: ReplayGateway
let sleeps: number

beforeAll(async () => {
  gateway = await startReplayGateway()
})

afterAll(async () => {
  await gateway.close()
})

beforeEach(() => {
  gateway.requests.length = 0
  sleeps = 0
})

function platform(adzoneId = '109876543210'): TaobaoPlatform {
  return new TaobaoPlatform({
    appKey: '12345678',
    secret: 'recorded-secret',
    gateway: gateway.url,
    timeoutMs: 2_000,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2, sleep: async () => void sleeps++ },
    adzoneId,
    signMethod: 'md5',
  })
}

/** Resolves "@N" to entry N of the same table. */
function resolve<T>(value: T | string | undefined, entries: readonly Entry[], pick: (entry: Entry) => T | string | undefined): T | undefined {
  if (typeof value === 'string' && value.startsWith('@')) return resolve(pick(entries[Number(value.slice(1))] as Entry), entries, pick)
  return value as T | undefined
}

function queue(method: string, entry: Entry, entries: readonly Entry[]): void {
  const first = resolve<unknown>(entry.response, entries, (e) => e.response as string)
  const then = resolve<unknown>(entry.then, entries, (e) => e.response as string)
  gateway.answer(method, { body: first }, ...(then === undefined ? [] : [{ body: then }]))
  const others = resolve<Record<string, unknown>>(entry.with, entries, (e) => e.with) ?? {}
  for (const [other, body] of Object.entries(others)) gateway.answer(other, { body })
}

async function expectError(run: Promise<unknown>, expected: Record<string, unknown>): Promise<void> {
  const error: unknown = await run.then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  const errorClass = ERROR_CLASSES[String(expected.error)]
  expect(errorClass, `known error class ${String(expected.error)}`).toBeDefined()
  expect(error).toBeInstanceOf(errorClass as abstract new (...args: never[]) => Error)
  const platformError = error as errors.PlatformError & { maxWindowMs?: number }
  if (expected.subCode !== undefined) expect(platformError.subCode).toBe(expected.subCode)
  if (expected.code !== undefined) expect(Number(platformError.code)).toBe(expected.code)
  if (expected.message !== undefined) expect(platformError.message).toContain(expected.message)
  if (expected.maxWindowMs !== undefined) expect(platformError.maxWindowMs).toBe(expected.maxWindowMs)
  if (expected.retried === false) expect(sleeps).toBe(0)
  if (expected.retried === true) expect(sleeps).toBeGreaterThan(0)
}

describe('recorded taobao.tbk.dg.general.link.convert answers through TaobaoPlatform.promote', () => {
  const { method, entries } = table('link-convert.json')
  it.each(entries.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    queue(method, entry, entries)
    const input = entry.input ?? {}
    const attribution = { attributionId: 'rbABCDEFGHJK', taobaoRelationId: input.relationId as string | undefined }
    const run = platform().promote(input.link as ParsedLink, attribution, input.pasted as string | undefined)
    const expected = entry.expect
    if (expected.error !== undefined) return expectError(run, expected)
    const promotion = await run
    if (expected.promotion) expect(promotion).toMatchObject(expected.promotion as object)
    if (expected.calls) expect(gateway.requests.map((r) => r.method)).toEqual(expected.calls)
    const convertRequests = gateway.requestsFor(LINK_CONVERT)
    if (expected.sent) expect(convertRequests[0]).toMatchObject(expected.sent as object)
    for (const param of (expected.notSent as string[] | undefined) ?? []) expect(convertRequests[0]).not.toHaveProperty(param)
    if (expected.materials) expect(convertRequests.map((r) => r.material_list)).toEqual(expected.materials)
  })
})

describe('recorded taobao.tbk.item.info.upgrade.get answers through TaobaoPlatform.itemInfo', () => {
  const { method, entries } = table('item-info.json')
  it.each(entries.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    queue(method, entry, entries)
    const run = platform().itemInfo(String(entry.input?.itemId))
    if (entry.expect.error !== undefined) return expectError(run, entry.expect)
    expect(await run).toMatchObject(entry.expect.item as object)
    expect(gateway.requestsFor(method)[0]).toMatchObject({ item_id: entry.input?.itemId })
  })
})

describe('recorded taobao.tbk.tpwd.create answers through TaobaoPlatform.createTpwd', () => {
  const { method, entries } = table('tpwd-create.json')
  it.each(entries.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    queue(method, entry, entries)
    const run = platform().createTpwd(String(entry.input?.url))
    if (entry.expect.error !== undefined) return expectError(run, entry.expect)
    expect(await run).toMatchObject(entry.expect.tpwd as object)
  })
})

describe('recorded taobao.tbk.dg.material.optional.upgrade answers through TaobaoPlatform.listDeals', () => {
  const { method, entries } = table('material-search.json')
  it.each(entries.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    queue(method, entry, entries)
    const page = await platform().listDeals((entry.input?.query ?? {}) as object)
    const sent = gateway.requestsFor(method)[0]
    expect(sent).toMatchObject(entry.expect.sent as object)
    for (const param of (entry.expect.notSent as string[] | undefined) ?? []) expect(sent).not.toHaveProperty(param)
    expect(page.deals).toHaveLength((entry.expect.deals as unknown[]).length)
    expect(page.deals).toMatchObject(entry.expect.deals as object[])
    expect(page.hasMore).toBe(entry.expect.hasMore)
  })
})

const windowOf = (entry: Entry) => ({ start: new Date(entry.window?.start ?? ''), end: new Date(entry.window?.end ?? '') })

/** Dates in expectations are ISO strings. */
function withDates(rows: unknown): unknown {
  return (rows as Array<Record<string, unknown>>).map((row) =>
    Object.fromEntries(Object.entries(row).map(([key, value]) => [key, /At$/.test(key) && typeof value === 'string' ? new Date(value) : value])),
  )
}

function expectPage(page: OrderPage, expected: Record<string, unknown>): void {
  if (expected.orders) {
    expect(page.orders).toHaveLength((expected.orders as unknown[]).length)
    expect(page.orders).toMatchObject(withDates(expected.orders) as object[])
  }
  if (expected.refunds) {
    expect(page.refunds ?? []).toHaveLength((expected.refunds as unknown[]).length)
    expect(page.refunds ?? []).toMatchObject(withDates(expected.refunds) as object[])
  }
  if (expected.rejected) {
    expect(page.rejected).toHaveLength((expected.rejected as unknown[]).length)
    expect(page.rejected).toMatchObject(expected.rejected as object[])
  }
}

describe('recorded taobao.tbk.order.details.get answers through TaobaoPlatform.fetchOrderPage', () => {
  const { method, entries } = table('order-details.json')
  it.each(entries.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    queue(method, entry, entries)
    const run = platform(entry.adzoneId).fetchOrderPage(windowOf(entry), undefined)
    if (entry.expect.error !== undefined) return expectError(run, entry.expect)
    expectPage(await run, entry.expect)
  })
})

describe('recorded taobao.tbk.order.refund.get answers through TaobaoPlatform.fetchOrderPage', () => {
  const { method, entries } = table('order-refund.json')
  it.each(entries.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    gateway.answer(ORDER_DETAILS, { body: { tbk_order_details_get_response: { data: { has_next: false, results: {} }, request_id: 'x' } } })
    queue(method, entry, entries)
    const feed = platform()
    const first = await feed.fetchOrderPage(windowOf(entry), undefined)
    expect(first.orders).toEqual([])
    const run = feed.fetchOrderPage(windowOf(entry), first.nextCursor)
    if (entry.expect.error !== undefined) return expectError(run, entry.expect)
    const page = await run
    expectPage(page, entry.expect)
    expect(page.nextCursor).toBeUndefined()
    const option = JSON.parse(gateway.requestsFor(method)[0]?.publisher_refund_order_query_option ?? '{}') as Record<string, unknown>
    expect(option).toMatchObject({ query_type: 5, page_no: 1, member_type: 4 })
  })
})
