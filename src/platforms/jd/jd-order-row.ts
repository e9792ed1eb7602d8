import { z } from 'zod'
import type { PlatformOrder } from '../order-feed.js'
import { jdHundredths } from './jd-decimal.js'
import { jdOrderStatus } from './jd-order-status.js'
import { jdDayStart, parseJdTime } from './jd-time.js'

/**
 * JD sends ids as numbers (orderId, skuId) or strings (the row `id`, and
 * every id in the docs' examples); ids above 2^53 reach us as strings from
 * the lossless parse. Digits either way.
 */
const idField = z.union([z.number().int().nonnegative(), z.string().trim().regex(/^\d{1,30}$/)]).transform(String)

/** skuId may be 0, empty or absent on rows keyed by the newer itemId (C12). */
const skuField = idField.or(z.literal('')).nullish().transform((sku) => (sku && sku !== '0' ? sku : undefined))

const intField = z.union([z.number().int(), z.string().trim().regex(/^-?\d{1,9}$/).transform(Number)])

const jdTime = z.string().transform((text, ctx) => {
  const date = parseJdTime(text)
  if (date === null) ctx.addIssue({ code: 'custom', message: `not a yyyy-MM-dd HH:mm:ss time: ${JSON.stringify(text)}` })
  return date ?? z.NEVER
})

/** finishTime is empty (or absent) until the buyer confirms receipt. */
const optionalJdTime = z
  .union([z.literal(''), z.null(), z.undefined()])
  .transform(() => null)
  .or(jdTime)

/** payMonth: 0 (or empty) until completed, then a yyyyMMdd day. */
const payMonthField = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d*$/).transform(Number), z.null(), z.undefined()])
  .transform((day, ctx) => {
    if (!day) return 0
    if (jdDayStart(day) === null) ctx.addIssue({ code: 'custom', message: `not a yyyyMMdd day: ${day}` })
    return day
  })

const RowSchema = z.looseObject({
  id: idField,
  orderId: idField,
  orderTime: jdTime,
  finishTime: optionalJdTime,
  modifyTime: jdTime,
  skuId: skuField,
  /** 联盟商品ID, a string, on rows since 2024-12 (mimicode/tksdk jdunionopenorderrowquery `itemId`). */
  itemId: z.string().trim().nullish(),
  skuName: z.string(),
  skuNum: intField.pipe(z.number().int().positive()),
  estimateCosPrice: jdHundredths,
  estimateFee: jdHundredths,
  actualFee: jdHundredths,
  validCode: intField,
  payMonth: payMonthField,
  subUnionId: z.string().nullish(),
})

/** One row of order.row.query after validation. */
export type JdRowOutcome =
  | { readonly kind: 'order'; readonly order: PlatformOrder }
  | { readonly kind: 'rejected'; readonly reason: string; readonly orderId?: string | undefined; readonly field: string }
  | { readonly kind: 'skipped' }

const RowIdsSchema = z.object({ orderId: idField.optional().catch(undefined), id: idField.optional().catch(undefined) })

/**
 * Validates and maps one order row. Never throws: a malformed row or an
 * unknown validCode is `rejected` with a short reason, a 待付款 row `skipped`.
 * @param today yyyyMMdd in Beijing time, against which payMonth is "future"
 */
export function parseJdOrderRow(raw: unknown, today: number): JdRowOutcome {
  const ids = RowIdsSchema.safeParse(raw)
  const orderId = ids.success ? (ids.data.orderId ?? ids.data.id) : undefined
  const parsed = RowSchema.safeParse(raw)
  if (!parsed.success) {
    return { kind: 'rejected', reason: describeIssues(parsed.error), orderId, field: firstField(parsed.error) }
  }
  const row = parsed.data
  const itemId = row.skuId ?? (row.itemId || undefined)
  if (itemId === undefined) return { kind: 'rejected', reason: 'neither skuId nor itemId', orderId, field: 'skuId' }
  const status = jdOrderStatus(row.validCode, row.payMonth, today)
  if (status === undefined) {
    return { kind: 'rejected', reason: `unknown validCode ${row.validCode}`, orderId, field: 'validCode' }
  }
  if (status === 'skip') return { kind: 'skipped' }
  const subUnionId = row.subUnionId?.trim()
  return {
    kind: 'order',
    order: {
      platform: 'jd',
      orderId: row.orderId,
      subOrderId: row.id,
      // The sku when the row has one: promotions of item.jd.com links carry it too.
      itemId,
      itemTitle: row.skuName,
      quantity: row.skuNum,
      paidFen: row.estimateCosPrice,
      status,
      estimatedCommissionFen: row.estimateFee,
      settledCommissionFen: status === 'settled' ? row.actualFee : null,
      attributionId: subUnionId ? subUnionId : null,
      relationId: null,
      paidAt: row.orderTime,
      receivedAt: row.finishTime,
      // JD gives only the settlement day, so that day's start stands for the moment.
      settledAt: status === 'settled' ? jdDayStart(row.payMonth) : null,
      updatedAt: row.modifyTime,
    },
  }
}

function firstField(error: z.ZodError): string {
  return error.issues[0]?.path.join('.') || '(row)'
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(row)'}: ${issue.message}`)
    .join('; ')
}
